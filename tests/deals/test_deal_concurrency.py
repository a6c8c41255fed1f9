"""Two partners at the same moment (PostgreSQL, threads with their own connections): both
submissions are stored and the conflict is flagged; two approvals of conflicting deals at the same
moment protect exactly one."""

import threading

import pytest
from django.db import connection

from deals import services
from deals.models import Deal, DealStatus
from toolkit.errors import PortalError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 — returned and asserted by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_partners_submitting_one_customer_at_once_both_get_a_deal_and_a_conflict_is_flagged(
    register, partner_admin, other_partner_user
):
    drafts = [register(user, submit=False) for user in (partner_admin, other_partner_user)]
    results = at_once(
        *(
            lambda d=d, u=u: services.deal_submit(actor=u, deal_id=d.pk)
            for d, u in zip(drafts, (partner_admin, other_partner_user), strict=True)
        )
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    deals = list(Deal.objects.order_by("submitted_at"))
    assert [d.status for d in deals] == [DealStatus.SUBMITTED, DealStatus.SUBMITTED]
    assert deals[0].conflict_with is None and deals[1].conflict_with == deals[0]


def test_approving_two_conflicting_deals_at_once_protects_exactly_one(
    register, partner_admin, other_partner_user, superuser
):
    first, second = register(partner_admin), register(other_partner_user)
    results = at_once(
        lambda: services.deal_approve(actor=superuser, deal_id=first.pk),
        lambda: services.deal_approve(actor=superuser, deal_id=second.pk),
    )
    assert sum(isinstance(r, Deal) for r in results) == 1 and sum(isinstance(r, PortalError) for r in results) == 1
    assert Deal.objects.filter(status=DealStatus.APPROVED).count() == 1
