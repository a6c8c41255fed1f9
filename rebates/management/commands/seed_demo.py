"""Everything a newcomer needs to click through (idempotent): demo staff, partners with logins,
open applications, a product catalog, and the brochure's programs cloned into the current fiscal
quarter with an ACCEPT deadline in the future. Later issues add distributors and sales here."""

import os
from datetime import datetime, time, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from benefits.demo import create_demo_listings
from catalog.imports import import_products
from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from deals.demo import create_demo_deals
from portal import services
from portal.models import AccountManager, ApplicationStatus, PartnerApplication, Region, Specialization, User
from portal.roles import ACCOUNT_MANAGERS, FINANCE, PROGRAM_ADMINISTRATORS
from rebates import brochure
from rebates.services import quarter_clone_programs
from toolkit.validators import inn_with_check_digits

CATALOG = Path(__file__).resolve().parent / "demo_data" / "products.csv"
DEMO_DISTRIBUTORS = [
    ("alpha", "Дистрибьютор Альфа", ["consumer", "commercial"]),
    ("beta", "Дистрибьютор Бета", ["commercial", "monitors"]),
    ("gamma", "Дистрибьютор Гамма", ["monitors"]),
]
DEMO_DEADLINE_DAYS = 10

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "partnerdirect-demo")

DEMO_APPLICATIONS = [
    # (INN body, company, city, district, segment, contact e-mail, approve?)
    ("770100001", "ООО «Ромашка Системс»", "Москва", "central", "both", "partner@example.com", True),
    ("540100002", "ООО «Сибирь-ИТ»", "Новосибирск", "siberia", "commercial", "sibir@example.com", True),
    ("165500003", "ООО «Волга Компьютерс»", "Казань", "volga", "consumer", "volga@example.com", False),
    ("780100004", "АО «Невские Решения»", "Санкт-Петербург", "north-west", "commercial", "neva@example.com", False),
]


class Command(BaseCommand):
    help = "Create demo users, partners and applications for a first click-through (idempotent)."

    def handle(self, *args, **options):
        call_command("seed_program", verbosity=0)
        with transaction.atomic():
            admin = self._staff("admin@example.com", "Администратор программы", superuser=True)
            self._staff("programs@example.com", "Администратор партнерской программы", group=PROGRAM_ADMINISTRATORS)
            self._staff("finance@example.com", "Финансовый контролер", group=FINANCE)
            manager_user = self._staff(
                "consumer.manager@example.com", "Менеджер потребительского направления", group=ACCOUNT_MANAGERS
            )
            AccountManager.objects.filter(email="consumer.manager@example.com").update(user=manager_user)
            for body, company, city, region, segment, email, approve in DEMO_APPLICATIONS:
                self._application(admin, body, company, city, region, segment, email, approve)
            partner_admin = User.objects.get(email="partner@example.com")
            if not User.objects.filter(email="colleague@example.com").exists():
                services.partner_invite_colleague(
                    actor=partner_admin,
                    email="colleague@example.com",
                    full_name="Пётр Коллегин",
                    position="Менеджер по продажам",
                )
            for email in ["partner@example.com", "sibir@example.com", "colleague@example.com"]:
                self._activate(email)
        self._distributors()
        catalog = import_products(CATALOG.read_bytes(), CATALOG.name)
        self.stdout.write(
            f"Catalog: {catalog.created} new, {catalog.updated} updated, {catalog.unchanged} unchanged products"
        )
        self._current_programs()
        self._sample_sales()
        created = create_demo_deals(
            staff=User.objects.get(email="admin@example.com"),
            partner_user=User.objects.get(email="partner@example.com"),
            other_partner_user=User.objects.get(email="sibir@example.com"),
        )
        self.stdout.write(f"Deal registrations: {created} new (one in every state, one conflict)")
        listed = create_demo_listings(
            staff=User.objects.get(email="admin@example.com"),
            partner_user=User.objects.get(email="partner@example.com"),
            other_partner_user=User.objects.get(email="sibir@example.com"),
        )
        self.stdout.write(f'"Где купить": {listed} new requests (one listed, one awaiting its manager)')
        # By name: PartnerAdvantage, the tools and the discount program sit above rebates
        # (docs/architecture.md), so rebates imports none of them.
        call_command("seed_advantage", stdout=self.stdout)
        call_command("seed_tools", stdout=self.stdout)
        call_command("seed_discounts", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        for email, role in [
            ("partner@example.com", "partner administrator, ООО «Ромашка Системс» → /dashboard/"),
            ("colleague@example.com", "partner user of the same company"),
            ("distributor@example.com", "distributor user of «Дистрибьютор Альфа» → /reports/"),
            ("admin@example.com", "vendor superuser → /admin/"),
            ("programs@example.com", "program administrator (all districts) → /admin/"),
            ("finance@example.com", "finance: starts and approves payout runs, records payments → /admin/"),
            ("consumer.manager@example.com", "account manager, sees only his districts → /admin/"),
        ]:
            self.stdout.write(f"  {email:32} {role}")

    def _current_programs(self):
        """The brochure's programs in today's quarter, ACCEPT open for DEMO_DEADLINE_DAYS more days."""
        quarter = current_quarter()
        if quarter is None or quarter.programs.exists():
            return
        deadline_day = min(
            timezone.localdate() + timedelta(days=DEMO_DEADLINE_DAYS), quarter.end_date + timedelta(days=1)
        )
        deadline = timezone.make_aware(datetime.combine(deadline_day, time()), brochure.MOSCOW)
        cloned = quarter_clone_programs(
            source=FiscalQuarter.objects.get(code=brochure.QUARTER), target=quarter, deadline=deadline
        )
        self.stdout.write(
            f"Programs of {quarter.code}: {len(cloned)} cloned from the brochure, ACCEPT until {deadline:%d.%m.%Y %H:%M}"
        )

    def _distributors(self):
        """Placeholder distributors (the brochure's p.10 list is logos only), with authorizations."""
        from distributors.models import Authorization
        from portal.models import Distributor

        start = FiscalQuarter.objects.get(code=brochure.QUARTER).start_date
        for code, name, segments in DEMO_DISTRIBUTORS:
            distributor, _ = Distributor.objects.get_or_create(
                code=code, defaults={"name": name, "email": f"{code}@example.com"}
            )
            for segment in segments:
                Authorization.objects.get_or_create(
                    distributor=distributor, segment=segment, defaults={"valid_from": start}
                )
        user, _ = User.objects.get_or_create(
            email="distributor@example.com", defaults={"full_name": "Ольга Дистрибьюторова"}
        )
        user.distributor = Distributor.objects.get(code="alpha")
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})

    def _sample_sales(self):
        """A first report from «Дистрибьютор Альфа» for the demo partner, through the real pipeline."""
        import csv
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile

        from distributors.models import SalesReport
        from distributors.services import report_process, report_receive
        from portal.models import Distributor

        alpha = Distributor.objects.get(code="alpha")
        quarter = current_quarter()
        if quarter is None or SalesReport.objects.filter(distributor=alpha).exists():
            return
        dell_id = User.objects.get(email="partner@example.com").partner.dell_id
        day = max(quarter.start_date, min(timezone.localdate(), quarter.end_date))
        rows = [("invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price")]
        for n, (sku, quantity) in enumerate([("210-AAAA", 20), ("210-AABL", 12), ("210-AAEH", -2)], start=1):
            rows.append((f"ALPHA-{n:05d}", day.strftime("%d.%m.%Y"), dell_id, sku, quantity, "", "31500,00"))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        report = report_receive(
            distributor=alpha, upload=SimpleUploadedFile("demo-sales.csv", buffer.getvalue().encode()), source="cli"
        )
        report = report_process(report.pk)
        self.stdout.write(f"Sample sales report #{report.pk}: {report.rows_stored} lines, {report.units} net units")

    def _staff(self, email, name, *, superuser=False, group=None):
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": name})
        user.is_staff = True
        user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _application(self, admin, body, company, city, region, segment, email, approve):
        inn = inn_with_check_digits(body)
        application = PartnerApplication.objects.filter(inn=inn).first()
        if application is None:
            application = services.application_submit(
                fields={
                    "contact_name": "Иван Демонстрационный",
                    "contact_position": "Генеральный директор",
                    "contact_email": email,
                    "contact_phone": "+74951234567",
                    "legal_name": company,
                    "inn": inn,
                    "city": city,
                    "region": Region.objects.get(code=region),
                    "address": f"{city}, ул. Примерная, 1",
                    "website": "",
                    "segment": segment,
                },
                specializations=Specialization.objects.filter(is_active=True)[:2],
            )
        if approve and application.status != ApplicationStatus.APPROVED:
            services.application_approve(application_id=application.pk, actor=admin)

    def _activate(self, email):
        user = User.objects.get(email=email)
        if not user.has_usable_password():
            services.account_activate(user=user, password=DEMO_PASSWORD)
