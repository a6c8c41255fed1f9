from django.core.management.base import BaseCommand
from django.db import transaction

from library.demo import create_demo_assets
from portal.models import User


class Command(BaseCommand):
    help = "Demo data of the partner tools for `make run`: library assets (idempotent; seed_demo runs it)."

    def handle(self, *args, **options):
        with transaction.atomic():
            made = create_demo_assets(staff=User.objects.get(email="admin@example.com"))
        self.stdout.write(f"Library: {made} demo assets made")
