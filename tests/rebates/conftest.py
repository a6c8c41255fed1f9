from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

MOSCOW = ZoneInfo("Europe/Moscow")


@contextmanager
def clock(*args, tz=MOSCOW):
    """Freeze the server's clock at a wall-clock moment in `tz`."""
    moment = datetime(*args, tzinfo=tz)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


@pytest.fixture
def quarter_with_sales(q1, partner_admin, other_partner_user):
    """Q1 2016 with two distributors (Beta authorized from March only), sales for partners A and B
    and an unknown Dell ID, and A on plan 150, B on plan 50 of the client program."""
    from catalog.imports import import_products
    from catalog.models import FiscalQuarter
    from distributors.models import Authorization
    from distributors.services import report_process, report_receive
    from portal.models import Distributor
    from rebates.services import enrollment_accept
    from tests.distributors.conftest import csv_bytes, upload

    import_products(
        b"sku,model,line,series,form_factor,diagonal\nV-1,Vostro 3558,vostro,3xxx,notebook,\nP-1,Precision 7510,precision,7xxx,notebook,\n"
        b"U-1,U2414H,ultrasharp,U,monitor,23.8\n",
        "c.csv",
    )
    alpha = Distributor.objects.create(code="alpha", name="Альфа")
    Authorization.objects.create(distributor=alpha, segment="commercial", valid_from=date(2016, 1, 30))
    beta = Distributor.objects.create(code="beta", name="Бета")
    Authorization.objects.create(distributor=beta, segment="commercial", valid_from=date(2016, 3, 1))  # from March only
    a, b = partner_admin.partner.dell_id, other_partner_user.partner.dell_id
    for distributor, rows in [
        (alpha, [("A1", "2016-02-01", a, "V-1", 100), ("A2", "2016-02-02", a, "P-1", 10), ("A3", "2016-04-29", a, "V-1", 30),
                 ("A4", "2016-04-30", a, "V-1", 500),  # next quarter
                 ("A5", "2016-02-03", b, "V-1", 40), ("A6", "2016-02-04", "7777777", "V-1", 5)]),
        (beta, [("B1", "2016-02-15", a, "V-1", 20),  # before Beta's authorization
                ("B2", "2016-03-15", a, "V-1", 15), ("B3", "2016-03-16", a, "V-1", -5)]),
    ]:  # fmt: skip
        report = report_receive(
            distributor=distributor, upload=upload(f"{distributor.code}.csv", csv_bytes([(*r, "", "") for r in rows]))
        )
        assert report_process(report.pk).status == "done"
    client = q1("client")
    with clock(2016, 3, 1, 10, 0):
        enrollment_accept(
            partner=partner_admin.partner, program=client, tier=client.tiers.get(units=150), actor=partner_admin
        )
        enrollment_accept(
            partner=other_partner_user.partner,
            program=client,
            tier=client.tiers.get(units=50),
            actor=other_partner_user,
        )
    return FiscalQuarter.objects.get(code="2016-Q1"), alpha, beta


@pytest.fixture
def finance(roles):
    """A member of the Finance role (approves runs, records payments)."""
    from django.contrib.auth.models import Group

    from conftest import make_user
    from portal.roles import FINANCE

    user = make_user("finance@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=FINANCE))
    return user


@pytest.fixture
def this_quarter(brochure, partner_admin):
    """The current quarter with the brochure's programs, partner A on plan 50 of the client program,
    Alpha authorized for commercial products and Beta for nothing."""
    from catalog.imports import import_products
    from catalog.models import FiscalQuarter
    from catalog.selectors import current_quarter
    from distributors.models import Authorization
    from portal.models import Distributor
    from rebates.services import enrollment_accept, quarter_clone_programs

    import_products(b"sku,model,line,series,form_factor,diagonal\nV-1,Vostro 3558,vostro,3xxx,notebook,\n", "c.csv")
    quarter = current_quarter()
    deadline = datetime.now(ZoneInfo("Europe/Moscow")) + timedelta(days=5)
    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=quarter, deadline=deadline)
    program = quarter.programs.get(kind="client")
    enrollment_accept(
        partner=partner_admin.partner, program=program, tier=program.tiers.get(units=50), actor=partner_admin
    )
    alpha = Distributor.objects.create(code="alpha", name="Альфа")
    Authorization.objects.create(distributor=alpha, segment="commercial", valid_from=date(2016, 1, 30))
    beta = Distributor.objects.create(code="beta", name="Бета")  # not authorized for anything
    return quarter, alpha, beta


def send(distributor, partner, n, *, prefix, quantity=1):
    """A distributor's report of n lines of V-1 for the partner, dated today, processed."""
    from distributors.services import report_process, report_receive
    from tests.distributors.conftest import csv_bytes, upload

    today = timezone.localdate().isoformat()
    rows = [(f"{prefix}-{i}", today, partner.dell_id, "V-1", quantity, "", "") for i in range(n)]
    report = report_receive(distributor=distributor, upload=upload(f"{prefix}.csv", csv_bytes(rows)))
    return report_process(report.pk)
