from django.core.management.base import BaseCommand

from discounts.demo import create_demo_discounts
from portal.models import User


class Command(BaseCommand):
    help = "Discount program demo data with EXAMPLE terms for `make run` (idempotent; seed_demo runs it)."

    def handle(self, *args, **options):
        done = create_demo_discounts(
            partner=User.objects.get(email="partner@example.com").partner,
            starter=User.objects.get(email="programs@example.com"),
            approver=User.objects.get(email="finance@example.com"),
        )
        self.stdout.write("Discount program (example terms): " + "; ".join(done))
