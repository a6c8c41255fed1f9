"""Missing-ID claims (docs/claims.md): matching, the distributor's answer, staff review, reversal, the
audit trail, e-mails and what each side sees."""

from datetime import date

import pytest
from django.urls import reverse

from distributors import claims
from distributors.models import ClaimStatus, LineAttribution, MissingIdClaim, SalesLine
from distributors.services import report_process, report_receive
from tests.distributors.conftest import csv_bytes, upload
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db

UNKNOWN_ID = "1234567"


def send_report(distributor, rows, name="r.csv", replaces=None):
    report = report_receive(
        distributor=distributor, upload=upload(name, csv_bytes([(*r, "", "") for r in rows])), replaces=replaces
    )
    return report_process(report.pk)


@pytest.fixture
def unmatched_sale(distributor_a, catalog):
    """Alpha reported invoice INV-9 (3 × 210-AAAA) with a Dell ID nobody has."""
    send_report(distributor_a, [("INV-9", "2016-02-10", UNKNOWN_ID, "210-AAAA", 3)])
    return SalesLine.objects.get(invoice_number="INV-9")


def claim(user, distributor, *, invoice=" inv-9 ", sku="210-aaaa", quantity=3, day=date(2016, 2, 10)):
    return claims.claim_submit(
        actor=user, distributor=distributor, invoice_number=invoice, invoice_date=day, sku=sku, quantity=quantity,
    )  # fmt: skip


def test_the_invoice_date_must_be_near_the_reported_one(unmatched_sale, partner_admin, partner_b, distributor_user):
    from conftest import make_user
    from distributors.forms import ClaimForm

    near = claim(partner_admin, distributor_user.distributor, day=date(2016, 2, 16))  # six days off: the same sale
    assert near.line == unmatched_sale
    other = make_user("b@beta.example", partner=partner_b, is_partner_admin=True)
    far = claim(other, distributor_user.distributor, day=date(2017, 2, 10))  # the number reused a year later
    assert far.status == ClaimStatus.WAITING and far.line is None
    form = ClaimForm({"distributor": distributor_user.distributor.pk, "invoice_number": "INV-9",
                      "invoice_date": "2099-01-01", "sku": "210-AAAA", "quantity": 1})  # fmt: skip
    assert not form.is_valid() and "будущем" in str(form.errors["invoice_date"])


def test_a_claim_finds_the_unmatched_line_trimmed_and_in_any_case_and_the_distributor_confirms_it(
    unmatched_sale, partner_admin, distributor_user, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        made = claim(partner_admin, distributor_user.distributor)
    assert made.status == ClaimStatus.SUBMITTED and made.line == unmatched_sale
    assert [m.to for m in mailoutbox] == [[distributor_user.email]]
    assert str(partner_admin.partner.dell_id) in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        done = claims.claim_confirm(actor=distributor_user, claim_id=made.pk)
    assert done.status == ClaimStatus.CONFIRMED
    line = SalesLine.objects.get(pk=unmatched_sale.pk)
    assert line.partner == partner_admin.partner and line.partner_ref == UNKNOWN_ID  # as the distributor gave it
    audit = LineAttribution.objects.get()
    assert (audit.from_partner, audit.to_partner, audit.actor, audit.claim) == (
        None, partner_admin.partner, distributor_user, done,
    )  # fmt: skip
    assert mailoutbox[-1].to == [partner_admin.email] and "INV-9" in mailoutbox[-1].subject


def test_a_claim_waits_for_the_distributors_next_report(distributor_a, catalog, partner_admin, distributor_user):
    made = claim(partner_admin, distributor_a)
    assert made.status == ClaimStatus.WAITING and made.line is None
    send_report(distributor_a, [("INV-9", "2016-02-10", "9999999", "210-AAAA", 3)])
    made.refresh_from_db()
    assert made.status == ClaimStatus.SUBMITTED and made.line.invoice_number == "INV-9"


def test_a_claim_never_attributes_more_than_the_line_has(unmatched_sale, partner_admin):
    assert claim(partner_admin, unmatched_sale.distributor, quantity=4).status == ClaimStatus.WAITING


def test_a_line_another_partner_has_goes_to_staff_review_and_the_partner_is_not_told_whose(
    distributor_a, catalog, partner_admin, other_partner_user, distributor_user, program_admin, client
):
    theirs = other_partner_user.partner
    send_report(distributor_a, [("INV-9", "2016-02-10", theirs.dell_id, "210-AAAA", 3)])
    made = claim(partner_admin, distributor_a)
    assert made.status == ClaimStatus.STAFF_REVIEW
    assert not MissingIdClaim.objects.filter(reached_distributor=True).exists()  # never to the distributor
    client.force_login(partner_admin)
    page = client.get(reverse("distributors:my_claims")).content.decode()
    assert "INV-9" in page and theirs.legal_name not in page and str(theirs.dell_id) not in page
    client.force_login(distributor_user)
    assert "INV-9" not in client.get(reverse("distributors:claims")).content.decode()
    # Vendor staff give the line to the claimant: the audit keeps whose it was.
    claims.claim_review_approve(actor=program_admin, claim_id=made.pk)
    assert SalesLine.objects.get(invoice_number="INV-9").partner == partner_admin.partner
    audit = LineAttribution.objects.get()
    assert (audit.from_partner, audit.to_partner, audit.action) == (theirs, partner_admin.partner, "approved")


def test_a_second_claim_of_a_confirmed_line_goes_to_staff_review(
    unmatched_sale, partner_admin, other_partner_user, distributor_user
):
    first = claim(partner_admin, unmatched_sale.distributor)
    second = claim(other_partner_user, unmatched_sale.distributor)
    assert second.status == ClaimStatus.SUBMITTED  # both reached the distributor before a decision
    claims.claim_confirm(actor=distributor_user, claim_id=first.pk)
    assert claims.claim_confirm(actor=distributor_user, claim_id=second.pk).status == ClaimStatus.STAFF_REVIEW
    assert SalesLine.objects.get(pk=unmatched_sale.pk).partner == partner_admin.partner


def test_the_same_company_cannot_claim_one_invoice_and_sku_twice(unmatched_sale, partner_admin, partner_user):
    claim(partner_admin, unmatched_sale.distributor)
    with pytest.raises(PortalError):
        claim(partner_user, unmatched_sale.distributor)


def test_a_rejection_needs_a_reason_and_the_partner_reads_it(unmatched_sale, partner_admin, distributor_user, client):
    made = claim(partner_admin, unmatched_sale.distributor)
    with pytest.raises(PortalError):
        claims.claim_reject(actor=distributor_user, claim_id=made.pk, reason=" ")
    claims.claim_reject(actor=distributor_user, claim_id=made.pk, reason="Продажа другому покупателю")
    assert SalesLine.objects.get(pk=unmatched_sale.pk).partner is None
    client.force_login(partner_admin)
    assert "Продажа другому покупателю" in client.get(reverse("distributors:my_claims")).content.decode()


def test_another_distributor_cannot_answer_and_sees_nothing(
    unmatched_sale, partner_admin, other_distributor_user, client
):
    made = claim(partner_admin, unmatched_sale.distributor)
    with pytest.raises(PortalError):
        claims.claim_confirm(actor=other_distributor_user, claim_id=made.pk)
    client.force_login(other_distributor_user)
    assert client.post(reverse("distributors:claim_confirm", args=[made.pk])).status_code == 404
    assert "INV-9" not in client.get(reverse("distributors:claims")).content.decode()
    assert MissingIdClaim.objects.get(pk=made.pk).status == ClaimStatus.SUBMITTED


def test_a_partner_sees_only_its_own_claims(unmatched_sale, partner_admin, other_partner_user, client):
    claim(partner_admin, unmatched_sale.distributor)
    client.force_login(other_partner_user)
    page = client.get(reverse("distributors:my_claims")).content.decode()
    assert "INV-9" not in page and partner_admin.partner.legal_name not in page


def test_staff_reverse_a_confirmed_claim_and_the_line_goes_back(
    unmatched_sale, partner_admin, distributor_user, program_admin, account_manager
):
    made = claim(partner_admin, unmatched_sale.distributor)
    claims.claim_confirm(actor=distributor_user, claim_id=made.pk)
    with pytest.raises(PortalError):
        claims.claim_reverse(actor=distributor_user, claim_id=made.pk, reason="ошибка")  # not staff
    claims.claim_reverse(actor=program_admin, claim_id=made.pk, reason="Счет выставлен другому покупателю")
    assert SalesLine.objects.get(pk=unmatched_sale.pk).partner is None
    assert list(LineAttribution.objects.values_list("action", "from_partner", "to_partner")) == [
        ("confirmed", None, partner_admin.partner.pk),
        ("reversed", partner_admin.partner.pk, None),
    ]
    assert MissingIdClaim.objects.get(pk=made.pk).status == ClaimStatus.REVERSED


def test_account_managers_see_only_their_districts_claims(
    unmatched_sale, partner_admin, other_partner_user, account_manager, client
):
    """The consumer manager covers the Central district (partner A), not Siberia (partner B)."""
    mine = claim(partner_admin, unmatched_sale.distributor)
    theirs = claim(other_partner_user, unmatched_sale.distributor)
    client.force_login(account_manager)
    listing = client.get(reverse("admin:distributors_missingidclaim_changelist"))
    assert listing.status_code == 200
    shown = {c.pk for c in listing.context["cl"].result_list}
    assert mine.pk in shown and theirs.pk not in shown
    assert client.get(reverse("admin:distributors_missingidclaim_change", args=[theirs.pk])).status_code == 404


def test_staff_reverse_through_the_admin_with_a_confirmation_page(
    unmatched_sale, partner_admin, distributor_user, program_admin, client
):
    made = claim(partner_admin, unmatched_sale.distributor)
    claims.claim_confirm(actor=distributor_user, claim_id=made.pk)
    client.force_login(program_admin)
    url = reverse("admin:distributors_missingidclaim_reverse", args=[made.pk])
    page = client.get(url)
    assert page.status_code == 200 and "confirm-action" in page.content.decode()
    client.post(url, {"reason": "Ошибка дистрибьютора"})
    assert SalesLine.objects.get(pk=unmatched_sale.pk).partner is None


def test_a_correction_sends_a_confirmed_claim_to_the_distributor_again(unmatched_sale, partner_admin, distributor_user):
    made = claim(partner_admin, unmatched_sale.distributor)
    claims.claim_confirm(actor=distributor_user, claim_id=made.pk)
    correction = send_report(
        unmatched_sale.distributor,
        [("INV-9", "2016-02-10", UNKNOWN_ID, "210-AAAA", 3), ("INV-10", "2016-02-11", UNKNOWN_ID, "210-AAAA", 1)],
        name="fix.csv",
        replaces=unmatched_sale.report,
    )  # fmt: skip
    assert correction.status == "done"
    made.refresh_from_db()
    assert made.status == ClaimStatus.SUBMITTED and made.line.report_id == correction.pk


def test_the_pages_in_the_browser_form(unmatched_sale, partner_admin, distributor_user, client):
    client.force_login(partner_admin)
    response = client.post(
        reverse("distributors:my_claims"),
        {"distributor": unmatched_sale.distributor_id, "invoice_number": "INV-9", "invoice_date": "2016-02-10",
         "sku": "210-AAAA", "quantity": "3"},
    )  # fmt: skip
    assert response.status_code == 302
    made = MissingIdClaim.objects.get()
    client.force_login(distributor_user)
    page = client.get(reverse("distributors:claims")).content.decode()
    assert partner_admin.partner.legal_name in page and str(partner_admin.partner.dell_id) in page
    client.post(reverse("distributors:claim_reject", args=[made.pk]), {"reason": ""})
    assert MissingIdClaim.objects.get().status == ClaimStatus.SUBMITTED
    client.post(reverse("distributors:claim_confirm", args=[made.pk]))
    assert MissingIdClaim.objects.get().status == ClaimStatus.CONFIRMED
