"""Matching rules of sales claims (docs/advantage.md, "Claims")."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from advantage import claims, selectors
from advantage.models import Claim, ClaimStatus, Entry
from tests.advantage.conftest import SKU
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db


def claim(user, distributor, *, invoice="INV-1", quantity=2, sku=SKU, day=date(2016, 2, 10)):
    return claims.claim_submit(
        actor=user, distributor=distributor, invoice_number=invoice, invoice_date=day, sku=sku, quantity=quantity
    )


def test_a_reported_sale_is_approved_at_once_and_earns_points(member, report, distributor_a, partner_user):
    report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 5)])
    made = claim(partner_user, distributor_a, invoice="  inv-1 ", sku=SKU.lower(), quantity=2)  # trimmed, any case
    assert made.status == ClaimStatus.APPROVED and made.matched_units == 2 and made.points == 200
    assert selectors.balance(member) == 200


def test_a_claim_not_yet_reported_waits_and_a_later_report_approves_it(
    member, report, distributor_a, partner_user, django_capture_on_commit_callbacks, mailoutbox
):
    made = claim(partner_user, distributor_a, quantity=3)
    assert made.status == ClaimStatus.PENDING and selectors.balance(member) == 0
    with django_capture_on_commit_callbacks(execute=True):
        report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 3)])
    made.refresh_from_db()
    assert made.status == ClaimStatus.APPROVED and made.points == 300
    assert selectors.balance(member) == 300
    assert any("INV-1" in m.body for m in mailoutbox)


def test_units_are_claimed_once_across_the_company(member, colleague_member, report, distributor_a, partner_user,
                                                    partner_admin):  # fmt: skip
    report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 3)])
    claim(partner_user, distributor_a, quantity=2)
    with pytest.raises(PortalError) as refused:
        claim(partner_admin, distributor_a, quantity=2)  # only 1 left
    assert refused.value.code == "over_claim"
    assert Claim.objects.count() == 1
    assert claim(partner_admin, distributor_a, quantity=1).status == ClaimStatus.APPROVED


def test_an_over_claim_of_a_reported_sale_is_refused(member, report, distributor_a, partner_user):
    report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 3)])
    with pytest.raises(PortalError):
        claim(partner_user, distributor_a, quantity=4)
    assert not Claim.objects.exists() and not Entry.objects.exists()


def test_a_pending_claim_larger_than_the_report_is_approved_for_what_was_reported(
    member, report, distributor_a, partner_user
):
    made = claim(partner_user, distributor_a, quantity=5)
    report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 2)])
    made.refresh_from_db()
    assert (made.status, made.matched_units, made.points) == (ClaimStatus.APPROVED, 2, 200)


def test_another_companys_lines_or_another_distributor_do_not_match(
    member, report, distributor_a, distributor_b, partner_user, other_partner_user
):
    report([("INV-1", "2016-02-10", other_partner_user.partner.dell_id, SKU, 5)])
    report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 5)], distributor=distributor_b)
    assert claim(partner_user, distributor_a).status == ClaimStatus.PENDING


def test_a_return_reported_later_reverses_the_points_once(member, report, distributor_a, partner_user):
    dell_id = partner_user.partner.dell_id
    report([("INV-1", "2016-02-10", dell_id, SKU, 3)])
    made = claim(partner_user, distributor_a, quantity=3)
    # The return comes as a line of its own: the same invoice and SKU written in another case (a
    # line's key is distributor + invoice + SKU + Dell ID as written, so the same text would be a duplicate).
    report([("inv-1", "2016-02-20", dell_id, SKU, -2)])
    claims.claims_rematch()  # a second settlement finds nothing more
    made.refresh_from_db()
    assert made.points_reversed == 200
    assert selectors.balance(member) == 100
    assert Entry.objects.filter(kind="reverse").count() == 1


def test_a_return_larger_than_the_balance_takes_what_is_there(member, report, distributor_a, partner_user, reward):
    from advantage import rewards

    dell_id = partner_user.partner.dell_id
    report([("INV-1", "2016-02-10", dell_id, SKU, 3)])
    claim(partner_user, distributor_a, quantity=3)
    rewards.order_place(actor=partner_user, reward_id=reward.pk, note="Москва, ул. Тверская, 1")  # 300 of 300 spent
    report([("inv-1", "2016-02-20", dell_id, SKU, -3)])
    reversal = Entry.objects.get(kind="reverse")
    assert reversal.points == 0 and "300" in reversal.reason
    assert selectors.balance(member) == 0


def test_a_correcting_report_that_drops_the_line_reverses_the_points(
    member, report, distributor_a, partner_user, django_capture_on_commit_callbacks
):
    from distributors.services import report_process, report_receive
    from tests.distributors.conftest import csv_bytes, upload

    dell_id = partner_user.partner.dell_id
    first = report([("INV-1", "2016-02-10", dell_id, SKU, 3), ("INV-2", "2016-02-10", dell_id, SKU, 1)])
    claim(partner_user, distributor_a, quantity=3)
    content = csv_bytes(
        [("INV-1", "2016-02-10", dell_id, SKU, 1, "", ""), ("INV-2", "2016-02-10", dell_id, SKU, 1, "", "")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        fix = report_receive(distributor=distributor_a, upload=upload("fix.csv", content), replaces=first)
    with django_capture_on_commit_callbacks(execute=True):
        report_process(fix.pk)
    assert selectors.balance(member) == 100  # one unit found a place on the new line, two were reversed


def test_a_claim_outside_every_campaign_is_refused(member, distributor_a, partner_user):
    with pytest.raises(PortalError):
        claim(partner_user, distributor_a, day=date(2016, 6, 1))
    with pytest.raises(PortalError):
        claim(partner_user, distributor_a, sku="210-AAAB")


def test_a_claim_waiting_too_long_goes_to_review_and_staff_decide(
    member, distributor_a, partner_user, program_admin, settings
):
    made = claim(partner_user, distributor_a)
    claims.claims_rematch(now=timezone.now() + timedelta(days=settings.ADVANTAGE_CLAIM_REVIEW_DAYS + 1))
    made.refresh_from_db()
    assert made.status == ClaimStatus.REVIEW
    approved = claims.claim_approve(actor=program_admin, claim_id=made.pk)
    assert approved.status == ClaimStatus.APPROVED and selectors.balance(member) == 200
    with pytest.raises(PortalError):
        claims.claim_reject(actor=program_admin, claim_id=made.pk, reason="no")


def test_caps_per_member_and_per_campaign(member, colleague_member, campaign, report, distributor_a, partner_user,
                                          partner_admin):  # fmt: skip
    campaign.member_cap, campaign.campaign_cap = 250, 350
    campaign.save()
    report([("INV-1", "2016-02-10", partner_user.partner.dell_id, SKU, 10)])
    assert claim(partner_user, distributor_a, quantity=3).points == 250
    assert claim(partner_admin, distributor_a, quantity=3).points == 100


def test_a_role_not_in_the_campaign_earns_nothing(campaign, partner_user, join, distributor_a):
    campaign.roles = ["director"]
    campaign.save()
    join(partner_user, role="technical")
    with pytest.raises(PortalError):
        claim(partner_user, distributor_a)
