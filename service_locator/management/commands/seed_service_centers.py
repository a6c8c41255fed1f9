from django.core.management.base import BaseCommand

from service_locator.demo import create_demo_centers


class Command(BaseCommand):
    help = "Demo service centers for `make run` (idempotent; seed_tools runs it)."

    def handle(self, *args, **options):
        self.stdout.write(f"Service locator: {create_demo_centers()} demo centers made")
