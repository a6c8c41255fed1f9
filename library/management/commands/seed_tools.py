from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from library.demo import create_demo_assets
from portal.models import User

TOOLS_ABOVE = ["seed_service_centers", "seed_news", "seed_leads"]


class Command(BaseCommand):
    help = "Demo data of the partner tools for `make run`: library assets, service centers, news, leads (idempotent; seed_demo runs it)."

    def handle(self, *args, **options):
        with transaction.atomic():
            made = create_demo_assets(staff=User.objects.get(email="admin@example.com"))
        self.stdout.write(f"Library: {made} demo assets made")
        # The tools above the library seed their own data; named, not imported (the library knows no app above it).
        for command in TOOLS_ABOVE:
            call_command(command, stdout=self.stdout)
