"""Load the brochure (idempotent): fiscal calendar, the three Q1 2016 programs with plans, rates
and classification rules, product lines, courses and training gates, account managers' coverage
of brochure p.11, and the staff roles."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from catalog.services import quarters_ensure
from portal.models import AccountManager, ChannelRole, Coverage, Direction, NumberSequence, Region, Specialization
from portal.reference_data import load_reference_data
from portal.roles import roles_ensure
from rebates.services import brochure_load

C, B = Direction.CONSUMER, Direction.COMMERCIAL
# Brochure p.11, with placeholder names and example.com contacts instead of real people.
MANAGERS = [
    {
        "email": "retail.manager@example.com",
        "full_name": "Менеджер по ритейлу (CES, CS, Telecom)",
        "phone": "+74950000001",
        "role": ChannelRole.RETAIL,
        "coverage": [],
    },
    {
        "email": "consumer.manager@example.com",
        "full_name": "Менеджер потребительского направления",
        "phone": "+74950000002",
        "role": ChannelRole.REGIONAL,
        "coverage": [
            ("central", C),
            ("north-west", C),
            ("south", C),
            ("north-caucasus", C),
            ("volga", C),
            ("volga", B),
        ],
    },
    {
        "email": "commercial.manager@example.com",
        "full_name": "Менеджер коммерческого направления",
        "phone": "+74950000003",
        "role": ChannelRole.REGIONAL,
        "coverage": [("central", B), ("north-west", B), ("south", B), ("north-caucasus", B)],
    },
    {
        "email": "east.manager@example.com",
        "full_name": "Менеджер Урала, Сибири и Дальнего Востока",
        "phone": "+74950000004",
        "role": ChannelRole.REGIONAL,
        "coverage": [("urals", C), ("urals", B), ("siberia", C), ("siberia", B), ("far-east", C), ("far-east", B)],
    },
    {
        "email": "partner.program@example.com",
        "full_name": "Менеджер партнерской программы",
        "phone": "+74950000005",
        "role": ChannelRole.PARTNER_PROGRAM,
        "coverage": [],
    },
]


class Command(BaseCommand):
    help = "Load the brochure: calendar, Q1 2016 programs, trainings, account managers, staff roles (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        load_reference_data(Region, Specialization, NumberSequence)
        quarters_created = quarters_ensure(range(2015, timezone.localdate().year + 2))
        loaded = brochure_load()
        roles_ensure()
        regions = {r.code: r for r in Region.objects.all()}
        created = 0
        for spec in MANAGERS:
            manager, was_created = AccountManager.objects.update_or_create(
                email=spec["email"],
                defaults={"full_name": spec["full_name"], "phone": spec["phone"], "role": spec["role"]},
            )
            created += was_created
            for code, direction in spec["coverage"]:
                Coverage.objects.update_or_create(
                    region=regions[code], direction=direction, defaults={"manager": manager}
                )
        self.stdout.write(
            f"seed_program: {quarters_created} fiscal quarters created, Q1 2016 programs created: "
            f"{', '.join(loaded['programs_created']) or 'none (already there)'}; {loaded['lines']} product lines, "
            f"{loaded['courses']} courses; {len(MANAGERS)} account managers ({created} new), "
            f"{Coverage.objects.count()} district×direction assignments, staff roles up to date."
        )
