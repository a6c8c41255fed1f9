"""At the same moment (PostgreSQL, threads with their own connections; docs/advantage.md): two
members claiming the last reported units, two members ordering the last item, one member's two
orders against one balance."""

import pytest
from django.db import transaction

from advantage import claims, ledger, rewards, selectors
from advantage.models import Claim, ClaimStatus, Order, Reward
from tests.advantage.conftest import SKU
from tests.deals.test_deal_concurrency import at_once
from toolkit.errors import PortalError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _claim(user, distributor, quantity):
    from datetime import date

    return lambda: claims.claim_submit(
        actor=user, distributor=distributor, invoice_number="INV-9", invoice_date=date(2016, 2, 10), sku=SKU,
        quantity=quantity,
    )  # fmt: skip


def test_two_members_claiming_the_last_units_at_once_get_them_once(
    member, colleague_member, report, distributor_a, partner_user, partner_admin
):
    report([("INV-9", "2016-02-10", partner_user.partner.dell_id, SKU, 3)])
    results = at_once(_claim(partner_user, distributor_a, 2), _claim(partner_admin, distributor_a, 2))
    refused = [r for r in results if isinstance(r, PortalError)]
    assert len(refused) == 1 and refused[0].code == "over_claim", results
    assert list(Claim.objects.values_list("status", "matched_units")) == [(ClaimStatus.APPROVED, 2)]


def test_two_members_ordering_the_last_item_at_once_make_one_order(member, colleague_member, partner_user,
                                                                   partner_admin):  # fmt: skip
    reward = Reward.objects.create(name_ru="Последний", name_en="Last", points_cost=100, stock=1)
    for m in (member, colleague_member):
        with transaction.atomic():
            ledger.earn(ledger.lock_member(m.pk), 1000, reason="test")
    results = at_once(
        *(
            lambda u=u: rewards.order_place(actor=u, reward_id=reward.pk, note="Москва, ул. Тверская, 1")
            for u in (partner_user, partner_admin)
        )
    )
    assert len([r for r in results if isinstance(r, Order)]) == 1, results
    reward.refresh_from_db()
    assert reward.stock == 0 and Order.objects.count() == 1


def test_one_members_two_orders_at_once_never_overdraw(member, partner_user):
    first = Reward.objects.create(name_ru="А", name_en="A", points_cost=600)
    second = Reward.objects.create(name_ru="Б", name_en="B", points_cost=600)
    with transaction.atomic():
        ledger.earn(ledger.lock_member(member.pk), 1000, reason="test")
    results = at_once(
        *(
            lambda r=r: rewards.order_place(actor=partner_user, reward_id=r.pk, note="Москва, ул. Тверская, 1")
            for r in (first, second)
        )
    )
    assert len([r for r in results if isinstance(r, Order)]) == 1, results
    assert selectors.balance(member) == 400
