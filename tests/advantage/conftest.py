"""A sales campaign of Q1 2016 paying for 210-AAAA (Vostro), a distributor, members of partner A."""

from datetime import date

import pytest

from advantage import services
from advantage.models import Campaign, CampaignProduct, Reward, Rules
from catalog.models import Product
from distributors.services import report_process, report_receive
from tests.distributors.conftest import catalog, csv_bytes, distributor_a, distributor_b, upload  # noqa: F401 — fixtures

SKU = "210-AAAA"


@pytest.fixture
def rules(db):
    found, _ = Rules.objects.get_or_create(version="2016.1", defaults={"text_ru": "Правила", "text_en": "Rules"})
    return found


@pytest.fixture
def campaign(catalog, rules):
    campaign = Campaign.objects.create(
        name_ru="Vostro весной",
        name_en="Vostro in spring",
        starts_on=date(2016, 1, 30),
        ends_on=date(2016, 4, 29),
        roles=["director", "sales", "technical"],
    )
    CampaignProduct.objects.create(campaign=campaign, product=Product.objects.get(sku=SKU), points_per_unit=100)
    return campaign


@pytest.fixture
def join():
    def joining(user, role="sales"):
        return services.member_join(actor=user, role=role, rules_version="2016.1", accepted=True)

    return joining


@pytest.fixture
def member(campaign, partner_user, join):
    return join(partner_user)


@pytest.fixture
def colleague_member(campaign, partner_admin, join):
    return join(partner_admin, role="director")


@pytest.fixture
def report(distributor_a, django_capture_on_commit_callbacks):
    """Sales lines reported by distributor Alpha through the real pipeline: rows of
    (invoice, date, dell_id, sku, quantity)."""
    counter = iter(range(1, 1000))

    def reporting(rows, distributor=None):
        distributor = distributor or distributor_a
        content = csv_bytes([(*row, "", "") for row in rows])
        # As in production: the rematch job queued by the report's commit runs.
        with django_capture_on_commit_callbacks(execute=True):
            received = report_receive(distributor=distributor, upload=upload(f"r{next(counter)}.csv", content))
        with django_capture_on_commit_callbacks(execute=True):
            return report_process(received.pk)

    return reporting


@pytest.fixture
def reward(db):
    return Reward.objects.create(name_ru="Очки", name_en="Sunglasses", points_cost=300, stock=1)
