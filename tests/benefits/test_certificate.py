"""The Dell Registered certificate: issued from reported purchases in the preceding four fiscal
quarters, renewed without a gap, revoked with the partner; its PDF names the company and its QR
code opens the public check, which tells validity and the company's name only."""

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from benefits import selectors, services
from benefits.models import Certificate
from benefits.pdf import certificate_pdf

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
AS_OF = date(2017, 3, 1)  # the preceding four fiscal quarters hold the fixture's February 2016 sales


def test_a_partner_that_bought_qualifies_and_one_that_did_not_does_not(quarter_with_sales, partner_admin, make_partner):
    found = selectors.eligibility(partner_admin.partner, AS_OF)
    assert found.eligible and found.units > 0 and found.window[0] <= date(2016, 2, 1) <= found.window[1]
    assert not selectors.eligibility(make_partner(name="ООО «Тишина»"), AS_OF).eligible


def test_issued_once_renewed_without_a_gap_and_revoked_with_the_partner(quarter_with_sales, partner_admin):
    partner = partner_admin.partner
    first = services.certificates_renew(AS_OF)
    assert first["issued"] >= 1 and services.certificates_renew(AS_OF)["issued"] == 0  # idempotent
    certificate = partner.certificates.get()
    assert certificate.valid_from == AS_OF and certificate.state(AS_OF) == "valid"
    # Ten days before its end: nothing was bought in the year before, so no next one (it lapses).
    services.certificates_renew(certificate.valid_until - timedelta(days=10))
    assert partner.certificates.count() == 1
    partner.is_active = False
    partner.save()
    assert Certificate.objects.get(pk=certificate.pk).state(AS_OF) == "revoked"


def test_the_public_check_says_valid_and_names_the_company_only(client, quarter_with_sales, partner_admin):
    services.certificates_renew(AS_OF)
    certificate = partner_admin.partner.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate() + timedelta(days=30))
    page = client.get(f"/verify/{certificate.number}/").content.decode()
    assert "Действителен" in page and partner_admin.partner.legal_name in page
    assert partner_admin.partner.inn not in page and str(partner_admin.partner.dell_id) not in page
    assert client.get("/verify/RC-2017-999999/").status_code == 404


def test_the_pdf_names_the_company_and_its_qr_opens_the_check(quarter_with_sales, partner_admin, tmp_path):
    services.certificates_renew(AS_OF)
    certificate = partner_admin.partner.certificates.get()
    url = f"https://portal.example/verify/{certificate.number}/"
    (tmp_path / "c.pdf").write_bytes(certificate_pdf(certificate, language="ru", verify_url=url))
    text = subprocess.run(["pdftotext", "-layout", tmp_path / "c.pdf", "-"], capture_output=True, text=True).stdout
    assert partner_admin.partner.legal_name in text and certificate.number in text and "Действителен с" in text
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"], check=True)
    shutil.copy(tmp_path / "c.png", "test-artifacts/certificate-ru.png") if shutil.os.path.isdir(
        "test-artifacts"
    ) else None
    decoded = subprocess.run(["zbarimg", "--raw", "-q", tmp_path / "c.png"], capture_output=True, text=True).stdout
    assert decoded.strip() == url


def test_the_partner_downloads_its_certificate(client, quarter_with_sales, partner_admin, other_partner_user):
    services.certificates_renew(AS_OF)
    certificate = partner_admin.partner.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_from=timezone.localdate(), valid_until=timezone.localdate() + timedelta(days=300)
    )
    client.force_login(partner_admin)
    assert certificate.number in client.get("/certificate/").content.decode()
    response = client.get(f"/certificate/{certificate.number}.pdf?lang=en")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(other_partner_user)
    assert client.get(f"/certificate/{certificate.number}.pdf").status_code == 404


def test_a_partner_that_keeps_buying_gets_the_next_certificate_from_the_day_after(quarter_with_sales, partner_admin):
    from distributors.services import report_process, report_receive
    from tests.distributors.conftest import csv_bytes, upload

    _quarter, alpha, _beta = quarter_with_sales
    services.certificates_renew(AS_OF)
    first = partner_admin.partner.certificates.get()
    rows = [("N1", "2017-06-15", partner_admin.partner.dell_id, "V-1", 3, "", "")]  # bought again within the year
    report_process(report_receive(distributor=alpha, upload=upload("next.csv", csv_bytes(rows))).pk)
    services.certificates_renew(first.valid_until - timedelta(days=10))
    second = partner_admin.partner.certificates.exclude(pk=first.pk).get()
    assert second.valid_from == first.valid_until + timedelta(days=1) and second.units == 3


def test_the_partner_is_mailed_when_a_certificate_is_issued_and_once_when_it_lapses(
    quarter_with_sales, partner_admin, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_renew(AS_OF)
    certificate = partner_admin.partner.certificates.get()
    (issued,) = [m for m in mail.outbox if m.to == [partner_admin.email]]
    assert certificate.number in issued.subject
    assert "/certificate/" in issued.body and certificate.valid_until.strftime("%d.%m.%Y") in issued.body

    after_end = certificate.valid_until + timedelta(days=3)  # no purchases in the year before: it lapses
    with django_capture_on_commit_callbacks(execute=True):
        first = services.certificates_renew(after_end)
        again = services.certificates_renew(after_end + timedelta(days=1))
    assert first["lapsed"] >= 1 and again["lapsed"] == 0
    (_issued, lapsed) = [m for m in mail.outbox if m.to == [partner_admin.email]]
    assert certificate.number in lapsed.subject and "не продлен" in lapsed.body


def test_staff_see_why_a_partner_does_or_does_not_qualify(client, quarter_with_sales, partner_admin, program_admin):
    client.force_login(program_admin)
    assert "/admin/benefits/certificate/eligibility/" in client.get("/admin/benefits/certificate/").content.decode()
    page = client.get("/admin/benefits/certificate/eligibility/", {"partner": partner_admin.partner.dell_id})
    text = page.content.decode()
    assert partner_admin.partner.legal_name in text and "eligibility-result" in text
    assert "Получает" in text or "Не получает" in text
    missing = client.get("/admin/benefits/certificate/eligibility/", {"partner": "7700000000"}).content.decode()
    assert "нет партнера с таким Dell ID или ИНН" in missing


def test_a_manager_sees_the_certificates_of_their_districts_only(
    client, quarter_with_sales, partner_admin, other_partner_user, account_manager
):
    services.certificates_renew(AS_OF)
    for user in (partner_admin, other_partner_user):  # Central (covered) and Siberia (not)
        if not user.partner.certificates.exists():
            services._issue(user.partner, AS_OF, 1)
    mine = partner_admin.partner.certificates.get()
    theirs = other_partner_user.partner.certificates.get()
    client.force_login(account_manager)
    page = client.get("/admin/benefits/certificate/").content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(f"/admin/benefits/certificate/{theirs.pk}/change/").status_code == 404


def test_a_roubles_threshold_counts_the_reported_prices_only(quarter_with_sales, partner_admin, settings):
    from decimal import Decimal

    from distributors.models import SalesLine

    lines = SalesLine.objects.filter(partner=partner_admin.partner)
    found = selectors.eligibility(partner_admin.partner, AS_OF)
    assert found.eligible and found.min_amount == 0  # no roubles threshold by default
    priced = lines.first()
    lines.update(unit_price=None)
    SalesLine.objects.filter(pk=priced.pk).update(unit_price=Decimal("1000.50"))
    expected = priced.quantity * Decimal("1000.50")
    settings.CERTIFICATE_MIN_RUB = expected
    assert selectors.eligibility(partner_admin.partner, AS_OF).amount == expected
    assert selectors.eligibility(partner_admin.partner, AS_OF).eligible
    settings.CERTIFICATE_MIN_RUB = expected + Decimal("0.01")  # the unpriced lines add nothing
    assert not selectors.eligibility(partner_admin.partner, AS_OF).eligible
