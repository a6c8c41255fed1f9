"""Deal registration's rules (docs/deals.md): conflicts, first approved wins, districts, protection,
extension, expiry and reminders, the evidence behind a win."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from deals import selectors, services
from deals.matching import company_key, same_customer
from deals.models import Deal, DealStatus
from tests.deals.conftest import CUSTOMER_INN
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "a, b",
    [
        ('ООО "Ромашка"', "ромашка ооо"),
        ("ООО «РОМАШКА»", "Ромашка"),
        ("АО «Ёлка-Палка»", "елка палка"),
    ],
)
def test_company_names_match_without_legal_form_quotes_and_case(a, b):
    assert company_key(a) == company_key(b)


def test_the_inn_decides_before_the_name():
    assert not same_customer("7700000001", "Ромашка", "7700000002", "Ромашка")
    assert same_customer("", "ООО «Ромашка»", "7700000002", "Ромашка")


def test_a_submitted_deal_waits_two_working_days_and_mails_the_districts_manager(
    register, partner_admin, account_manager, django_capture_on_commit_callbacks
):
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    with django_capture_on_commit_callbacks(execute=True):
        deal = register(partner_admin, now=friday)
    assert deal.status == DealStatus.SUBMITTED and deal.number.startswith("DR-")
    assert deal.answer_due.astimezone(ZoneInfo("Europe/Moscow")).date() == date(2026, 12, 1)  # Tue: the weekend skipped
    assert any("consumer.manager@example.com" in m.to for m in mail.outbox)


def test_a_second_partner_registering_the_same_customer_is_flagged_and_cannot_be_approved_after_the_first(
    register, partner_admin, other_partner_user, superuser
):
    first = register(partner_admin)
    second = register(other_partner_user, customer="Ромашка ООО", items=[("vostro", 3)])
    assert second.conflict_with == first
    services.deal_approve(actor=superuser, deal_id=first.pk)
    with pytest.raises(PortalError, match=first.number):
        services.deal_approve(actor=superuser, deal_id=second.pk)
    services.deal_reject(actor=superuser, deal_id=second.pk, reason="Первая регистрация уже защищена")
    assert Deal.objects.get(pk=second.pk).status == DealStatus.REJECTED


def test_other_products_of_the_same_customer_are_no_conflict(register, partner_admin, other_partner_user):
    register(partner_admin, items=[("V-1", 5)])
    assert register(other_partner_user, items=[("U-1", 5)]).conflict_with is None


def test_the_vendors_direct_deal_blocks_partners(register, partner_admin, program_admin, superuser):
    direct = Deal.objects.create(
        number="DR-DIRECT", created_by=program_admin, status=DealStatus.APPROVED, customer_name="Ромашка",
        customer_key=company_key("Ромашка"), customer_inn=CUSTOMER_INN, customer_region_id=register(partner_admin).customer_region_id,
        contact_name="—", project="Прямая", close_date=timezone.localdate(), amount=0,
        protected_until=timezone.localdate() + timedelta(days=30), submitted_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    direct.lines.create(
        product_line_id=Deal.objects.exclude(pk=direct.pk).first().lines.first().product_line_id, quantity=1
    )
    deal = register(partner_admin, customer="ООО «Ромашка»")
    with pytest.raises(PortalError, match="напрямую"):
        services.deal_approve(actor=superuser, deal_id=deal.pk)


def test_a_manager_of_another_district_cannot_decide(register, other_partner_user, account_manager):
    deal = register(other_partner_user)  # Siberia: not the consumer manager's district
    with pytest.raises(PortalError):
        services.deal_approve(actor=account_manager, deal_id=deal.pk)
    assert not selectors.deals_visible_to(account_manager).filter(pk=deal.pk).exists()


def test_protection_extension_reminders_and_expiry(
    register, partner_admin, account_manager, django_capture_on_commit_callbacks
):
    deal = register(partner_admin)
    today = timezone.localdate()
    deal = services.deal_approve(actor=account_manager, deal_id=deal.pk, today=today)
    assert deal.protected_until == today + timedelta(days=90)
    services.deal_request_extension(actor=partner_admin, deal_id=deal.pk)
    deal = services.deal_extend(actor=account_manager, deal_id=deal.pk)
    assert deal.protected_until == today + timedelta(days=120) and deal.extensions_used == 1
    with pytest.raises(PortalError):
        services.deal_request_extension(actor=partner_admin, deal_id=deal.pk)  # one extension
    end = deal.protected_until
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deals_expire_and_remind(end - timedelta(days=14)) == {"expired": 0, "reminded": 1}
        assert services.deals_expire_and_remind(end - timedelta(days=14)) == {"expired": 0, "reminded": 0}  # once
        assert services.deals_expire_and_remind(end - timedelta(days=3))["reminded"] == 1
        assert services.deals_expire_and_remind(end + timedelta(days=1)) == {"expired": 1, "reminded": 0}
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.EXPIRED
    assert len(mail.outbox) == 3


def test_an_overdue_deal_is_escalated_once(register, partner_admin, program_admin, django_capture_on_commit_callbacks):
    deal = register(partner_admin)
    later = deal.answer_due + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deals_escalate(later) == 1
    assert services.deals_escalate(later) == 0
    assert any("programs@example.com" in m.to for m in mail.outbox)


def test_a_past_close_date_and_an_empty_product_list_are_refused(register, partner_admin):
    deal = register(partner_admin, submit=False)
    Deal.objects.filter(pk=deal.pk).update(close_date=date(2020, 1, 1))
    with pytest.raises(PortalError, match="в прошлом"):
        services.deal_submit(actor=partner_admin, deal_id=deal.pk)
    with pytest.raises(PortalError):
        services.deal_save(actor=partner_admin, fields={}, lines=[])


def test_a_win_shows_the_matching_sales_lines(register, partner_admin, account_manager):
    from distributors.services import report_process, report_receive
    from portal.models import Distributor
    from tests.distributors.conftest import csv_bytes, upload

    deal = register(partner_admin, items=[("V-1", 10)])
    services.deal_approve(actor=account_manager, deal_id=deal.pk)
    alpha = Distributor.objects.create(code="alpha", name="Альфа")
    today = timezone.localdate().isoformat()
    rows = [
        ("W1", today, partner_admin.partner.dell_id, "V-1", 10, "", ""),
        ("W2", today, partner_admin.partner.dell_id, "U-1", 2, "", ""),
    ]
    report_process(report_receive(distributor=alpha, upload=upload("w.csv", csv_bytes(rows))).pk)
    services.deal_record_outcome(actor=partner_admin, deal_id=deal.pk, won=True, invoices="W1")
    assert [line.invoice_number for line in selectors.matching_sales_lines(Deal.objects.get(pk=deal.pk))] == ["W1"]
    services.deal_confirm_win(actor=account_manager, deal_id=deal.pk)
    assert Deal.objects.get(pk=deal.pk).win_confirmed_at is not None


def test_a_partner_sees_only_its_own_deals(register, partner_admin, other_partner_user):
    mine = register(partner_admin)
    register(other_partner_user)
    assert list(selectors.deals_visible_to(partner_admin)) == [mine]


def test_a_typed_product_is_a_sku_else_a_line_by_code_name_or_alias(deal_catalog):
    from catalog.models import ProductLine

    vostro = ProductLine.objects.get(code="vostro")
    assert selectors.product_and_line(" v-1 ") == (vostro.products.get(sku="V-1"), vostro)
    assert selectors.product_and_line("VOSTRO") == (None, vostro)
    assert selectors.product_and_line(vostro.name.upper()) == (None, vostro)
    assert selectors.product_and_line("XPS-ZZZ") == (None, None)
    assert selectors.product_and_line("  ") == (None, None)


def test_working_days_are_counted_on_moscows_calendar(register, partner_admin):
    thursday_night = datetime(2026, 11, 26, 2, 0, tzinfo=ZoneInfo("Europe/Moscow"))  # Wednesday in UTC
    deal = register(partner_admin, now=thursday_night)
    assert deal.answer_due.astimezone(ZoneInfo("Europe/Moscow")) == datetime(
        2026, 11, 30, 2, 0, tzinfo=ZoneInfo("Europe/Moscow")
    )  # Friday, Monday; not Saturday


def test_the_partner_reads_its_deal_emails_in_the_language_it_applied_in(
    register, partner_admin, superuser, django_capture_on_commit_callbacks
):
    from portal.models import ApplicationStatus, PartnerApplication

    partner = partner_admin.partner
    PartnerApplication.objects.create(
        pr_number="PR0000099", contact_name="Anna", contact_email=partner_admin.email, contact_phone="+74951234567",
        legal_name=partner.legal_name, inn=partner.inn, city="Москва", region=partner.region, address="Москва",
        segment=partner.segment, language="en", status=ApplicationStatus.APPROVED, partner=partner,
    )  # fmt: skip
    deal = register(partner_admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.deal_approve(actor=superuser, deal_id=deal.pk)
    assert [m.subject for m in mail.outbox] == [f"Deal {deal.number} is protected"]
