"""A sales campaign of Q1 2016 paying for 210-AAAA (Vostro), a distributor, members of partner A."""

from datetime import date

import pytest

from advantage import services
from advantage.models import Campaign, CampaignProduct, Reward, Rules
from catalog.models import Product
from distributors.services import report_process, report_receive
from tests.distributors.conftest import csv_bytes, upload

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


@pytest.fixture
def catalog(brochure):
    from catalog.imports import import_products

    rows = "sku,model,line,series,form_factor,diagonal\n210-AAAA,Vostro 3558,vostro,3xxx,notebook,\n210-AAAB,U2414H,ultrasharp,U,monitor,23.8\n"
    import_products(rows.encode(), "c.csv")


@pytest.fixture
def distributor_a(brochure):
    from distributors.models import Authorization
    from portal.models import Distributor

    distributor = Distributor.objects.create(code="alpha", name="Дистрибьютор Альфа")
    Authorization.objects.create(distributor=distributor, segment="commercial", valid_from=date(2016, 1, 30))
    return distributor


@pytest.fixture
def distributor_b(brochure):
    from portal.models import Distributor

    return Distributor.objects.create(code="beta", name="Дистрибьютор Бета")
