"""Rows for every table the admin lists, made through the services (tests of the admin's pages:
query counts, Russian wording, the 1366 px browser check). `grow(n)` adds n more of each."""

import itertools
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.urls import reverse

from conftest import make_user
from tests.distributors.conftest import csv_bytes, upload

MOSCOW = ZoneInfo("Europe/Moscow")
_serial = itertools.count(1)


def changelist_urls():
    """(label, URL) of every registered model admin's list."""
    for model in admin.site._registry:
        opts = model._meta
        yield opts.label_lower, reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def change_urls():
    """(label, URL) of one object's page per registered model admin (the newest object)."""
    for model in admin.site._registry:
        opts = model._meta
        obj = model._default_manager.order_by("-pk").first()
        if obj is not None:
            yield opts.label_lower, reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def grow(n: int, *, staff, finance):
    """n more partners (from approved applications, with logins and ACCEPTs), n open applications,
    a distributor with a report naming them, courses and completions, a token, an authenticator,
    and a payout run of 2016-Q1, approved and paid, plus a newer computed run."""
    from benefits.services import listing_approve, listing_request_submit
    from catalog.models import FiscalQuarter
    from distributors.models import Authorization
    from distributors.services import report_process, report_receive, token_create
    from portal import services
    from portal.models import Distributor, Region, Specialization
    from rebates.approvals import amounts_due, payout_run_approve, payout_run_mark_paid
    from rebates.models import Program
    from rebates.payouts import payout_run_compute, payout_run_start
    from rebates.selectors import quarter_is_frozen
    from rebates.services import enrollment_accept
    from toolkit.validators import inn_with_check_digits
    from training.models import Completion, CompletionSource, CompletionStatus
    from training.services import course_ensure

    quarter = FiscalQuarter.objects.get(code="2016-Q1")
    client_program = Program.objects.get(quarter=quarter, kind="client")
    regions = list(Region.objects.all())
    partners = []
    for _ in range(n):
        k = next(_serial)
        fields = {
            "contact_name": f"Контакт {k}",
            "contact_position": "Директор",
            "contact_email": f"contact{k}@firm{k}.example",
            "contact_phone": "+74951112233",
            "legal_name": f"ООО «Фирма {k}»",
            "inn": inn_with_check_digits(f"78{k:07d}"),
            "city": "Казань",
            "region": regions[k % len(regions)],
            "address": "ул. Баумана, 1",
            "website": "",
            "segment": "both",
        }
        approved = services.application_submit(fields=fields, specializations=[], language="en")
        partner = services.application_approve(application_id=approved.pk, actor=staff)
        partners.append(partner)
        services.application_submit(
            fields={**fields, "inn": inn_with_check_digits(f"79{k:07d}"), "contact_email": f"open{k}@x.example"},
            specializations=[],
        )
        if quarter_is_frozen(quarter.pk):
            pass  # approved before: enrollments no longer change
        else:
            with mock.patch("django.utils.timezone.now", return_value=datetime(2016, 3, 1, 10, tzinfo=MOSCOW)):
                enrollment_accept(
                    partner=partner,
                    program=client_program,
                    tier=client_program.tiers.first(),
                    actor=partner.users.get(),
                )
        listing_request = listing_request_submit(
            actor=partner.users.get(),
            fields={"address": fields["address"], "city": "Казань", "region": fields["region"],
                    "phone": "+7 843 000-00-00", "website": "", "segment": "both"},
            specializations=Specialization.objects.all()[:2],
        )  # fmt: skip
        if k % 2:
            listing_approve(actor=staff, request_id=listing_request.pk)
        course = course_ensure(code=f"C-{k}", title=f"Курс {k}", kind="sales")
        Completion.objects.create(
            user=partner.users.get(),
            course=course,
            completed_on=date(2016, 2, 1),
            source=CompletionSource.STAFF,
            status=CompletionStatus.CONFIRMED,
            reviewed_by=staff,
        )
    k = next(_serial)
    distributor = Distributor.objects.create(code=f"d{k}", name=f"Дистрибьютор {k}")
    Authorization.objects.create(distributor=distributor, segment="commercial", valid_from=date(2016, 1, 30))
    clerk = make_user(f"clerk{k}@d.example", distributor=distributor)
    token_create(user=clerk, name="ERP")
    Authenticator.objects.create(user=clerk, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    rows = [(f"I{k}-{i}", "2016-02-10", p.dell_id, "V-1", 10 + i, "", "") for i, p in enumerate(partners)]
    rows.append((f"I{k}-X", "2016-02-10", "7777777", "V-1", 3, "", ""))
    report_process(report_receive(distributor=distributor, upload=upload(f"{k}.csv", csv_bytes(rows))).pk)
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=staff).pk)
    payout_run_approve(run_id=run.pk, actor=finance)
    for distributor_id in amounts_due(run):
        payout_run_mark_paid(
            run_id=run.pk, distributor_id=distributor_id, paid_on=date(2026, 11, 20), payment_order="1", actor=finance
        )
    payout_run_compute(payout_run_start(quarter=quarter, actor=staff).pk)  # a newer one, adjusting the approved
