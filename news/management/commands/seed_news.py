from django.core.management.base import BaseCommand

from news.demo import create_demo_news
from portal.models import User


class Command(BaseCommand):
    help = "Demo news and a webinar recording for `make run` (idempotent; seed_tools runs it)."

    def handle(self, *args, **options):
        made = create_demo_news(staff=User.objects.get(email="admin@example.com"))
        self.stdout.write(f"News: {made} demo news items and webinars made")
