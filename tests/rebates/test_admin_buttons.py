"""Approve / Reject on an application's page and Approve / Mark paid on a payout run's page: a
confirmation page first, then the service, then a message naming the result (issue 14)."""

from datetime import date

from portal.models import ApplicationStatus, PartnerApplication
from rebates.approvals import payout_run_approve
from rebates.models import PayoutPayment, PayoutRun, RunStatus
from rebates.payouts import payout_run_compute, payout_run_start
from tests.distributors.conftest import csv_bytes, upload
from tests.portal.test_admin import applications  # noqa: F401


def _text(response):
    return response.content.decode().replace("\xa0", " ")


def test_an_application_is_approved_from_its_page_after_a_confirmation(client, program_admin, applications):  # noqa: F811
    application = applications["central"]
    client.force_login(program_admin)
    page = _text(client.get(f"/admin/portal/partnerapplication/{application.pk}/change/"))
    assert f"/admin/portal/partnerapplication/{application.pk}/approve/" in page and "Одобрить" in page

    asked = _text(client.get(f"/admin/portal/partnerapplication/{application.pk}/approve/"))
    assert f"Одобрить заявку {application.pr_number}?" in asked and application.contact_email in asked
    assert (
        PartnerApplication.objects.get(pk=application.pk).status == ApplicationStatus.RECEIVED
    )  # asking changes nothing

    done = client.post(f"/admin/portal/partnerapplication/{application.pk}/approve/", follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert f"Заявка {application.pr_number} одобрена, Dell ID {application.partner.dell_id}" in _text(done)
    again = _text(client.get(f"/admin/portal/partnerapplication/{application.pk}/change/"))
    assert "/approve/" not in again  # decided: no buttons


def test_an_application_is_rejected_from_its_page_with_a_reason(client, program_admin, applications):  # noqa: F811
    application = applications["urals"]
    client.force_login(program_admin)
    url = f"/admin/portal/partnerapplication/{application.pk}/reject/"
    assert 'name="reason"' in _text(client.post(url, {"reason": ""}))  # a reason is required
    done = client.post(url, {"reason": "Нет сайта"}, follow=True)
    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == (ApplicationStatus.REJECTED, "Нет сайта")
    assert f"Заявка {application.pr_number} отклонена" in _text(done)


def test_an_account_manager_cannot_decide_a_foreign_districts_application(client, account_manager, applications):  # noqa: F811
    client.force_login(account_manager)
    assert client.get(f"/admin/portal/partnerapplication/{applications['urals'].pk}/approve/").status_code == 404
    assert client.post(f"/admin/portal/partnerapplication/{applications['urals'].pk}/approve/").status_code == 404
    assert PartnerApplication.objects.get(pk=applications["urals"].pk).status == ApplicationStatus.RECEIVED


def _paying_run(quarter_with_sales, partner_admin, superuser):
    quarter, alpha, _beta = quarter_with_sales
    from distributors.services import report_process, report_receive

    rows = [("A9", "2016-03-01", partner_admin.partner.dell_id, "V-1", 20, "", "")]  # A reaches plan 150
    report_process(report_receive(distributor=alpha, upload=upload("extra.csv", csv_bytes(rows))).pk)
    return payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)


def test_finance_approves_a_run_from_its_page_and_reads_the_total(
    client, quarter_with_sales, partner_admin, superuser, finance
):
    run = _paying_run(quarter_with_sales, partner_admin, superuser)
    client.force_login(finance)
    page = _text(client.get(f"/admin/rebates/payoutrun/{run.pk}/change/"))
    assert f"/admin/rebates/payoutrun/{run.pk}/approve/" in page and "Утвердить" in page
    assert "команда compute_rebates" in page  # where it was started from, by name (stored as "command")

    asked = _text(client.get(f"/admin/rebates/payoutrun/{run.pk}/approve/"))
    assert f"Утвердить расчет №{run.pk} за 2016-Q1?" in asked and "36 960,00 ₽" in asked
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE

    done = _text(client.post(f"/admin/rebates/payoutrun/{run.pk}/approve/", follow=True))
    assert f"Расчет №{run.pk} за 2016-Q1 утвержден: 36 960,00 ₽" in done
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.APPROVED


def test_the_starter_is_told_why_not_and_nothing_changes(client, quarter_with_sales, partner_admin, superuser):
    run = _paying_run(quarter_with_sales, partner_admin, superuser)
    client.force_login(superuser)
    done = _text(client.post(f"/admin/rebates/payoutrun/{run.pk}/approve/", follow=True))
    assert "коллег" in done  # four eyes: ask a colleague
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE


def test_finance_records_a_payment_from_the_runs_page(client, quarter_with_sales, partner_admin, superuser, finance):
    _quarter, alpha, _beta = quarter_with_sales
    run = _paying_run(quarter_with_sales, partner_admin, superuser)
    payout_run_approve(run_id=run.pk, actor=finance)
    client.force_login(finance)
    page = _text(client.get(f"/admin/rebates/payoutrun/{run.pk}/change/"))
    assert f"/admin/rebates/payoutrun/{run.pk}/pay/" in page and f"/{run.pk}/approve/" not in page
    form = _text(client.get(f"/admin/rebates/payoutrun/{run.pk}/pay/"))
    assert "Альфа — 34 650,00 ₽" in form and "Бета — 2 310,00 ₽" in form
    done = _text(
        client.post(
            f"/admin/rebates/payoutrun/{run.pk}/pay/",
            {"distributor": alpha.pk, "paid_on": "20.11.2026", "payment_order": "4711"},
            follow=True,
        )
    )
    assert "34 650,00 ₽" in done and "Альфа" in done and "20.11.2026" in done and "4711" in done
    payment = PayoutPayment.objects.get()
    assert (payment.distributor, payment.paid_on) == (alpha, date(2026, 11, 20))
    assert "20.11.2026" in _text(client.get(f"/admin/rebates/payoutrun/{run.pk}/change/"))  # the inline, as dd.mm.yyyy


def test_program_administrators_see_no_finance_buttons(
    client, quarter_with_sales, partner_admin, superuser, program_admin
):
    run = _paying_run(quarter_with_sales, partner_admin, superuser)
    client.force_login(program_admin)
    assert f"/{run.pk}/approve/" not in _text(client.get(f"/admin/rebates/payoutrun/{run.pk}/change/"))
    assert client.post(f"/admin/rebates/payoutrun/{run.pk}/approve/").status_code == 403
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE
