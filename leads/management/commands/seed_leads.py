from django.core.management.base import BaseCommand

from leads.demo import create_demo_leads
from portal.models import User


class Command(BaseCommand):
    help = "Demo leads for `make run` (idempotent; seed_tools runs it)."

    def handle(self, *args, **options):
        made = create_demo_leads(staff=User.objects.get(email="admin@example.com"))
        self.stdout.write(f"Leads: {made} demo leads made")
