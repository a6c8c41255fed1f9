from django.core.management.base import BaseCommand
from django.db import transaction

from advantage.demo import create_demo_advantage
from portal.models import User


class Command(BaseCommand):
    help = "PartnerAdvantage demo data for `make run` (idempotent; seed_demo runs it)."

    def handle(self, *args, **options):
        with transaction.atomic():
            done = create_demo_advantage(
                staff=User.objects.get(email="admin@example.com"),
                member_user=User.objects.get(email="partner@example.com"),
            )
        self.stdout.write(f"PartnerAdvantage: {done}")
