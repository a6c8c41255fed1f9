"""ACCEPT before the deadline, to the second in Moscow time, one enrollment per partner and program."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from rebates.models import Enrollment, EnrollmentEvent, EnrollmentStatus
from tests.rebates.conftest import clock


def accept(client, program, units):
    tier = program.tiers.get(units=units)
    return client.post(f"/programs/{program.pk}/accept/", {"tier": tier.pk}, follow=True)


def test_partner_sees_the_rate_tables_and_the_deadline(client, partner_admin, q1):
    client.force_login(partner_admin)
    with clock(2016, 3, 20, 12, 0):
        page = client.get("/programs/?quarter=2016-Q1").content.decode()
    assert "Vostro DT &amp; NB 3xxx" in page and "1\xa0925\xa0₽" in page and "4\xa0620\xa0₽" in page
    assert "до 23:59:59 МСК 31 марта 2016 г." in page  # the last moment ACCEPT is open, in Moscow time
    assert "11 дн." in page  # time left


def test_accept_with_plan_150_is_confirmed_on_screen_and_by_email(
    client, partner_admin, q1, django_capture_on_commit_callbacks
):
    client.force_login(partner_admin)
    with clock(2016, 3, 20, 12, 0), django_capture_on_commit_callbacks(execute=True):
        response = accept(client, q1("client"), 150)
    page = response.content.decode()
    assert "ACCEPT подтвержден" in page and "ACCEPT: план 150" in page
    enrollment = Enrollment.objects.get()
    assert (enrollment.partner, enrollment.tier.units, enrollment.status) == (
        partner_admin.partner,
        150,
        EnrollmentStatus.ACCEPTED,
    )
    assert [m.to for m in mail.outbox] == [[partner_admin.email]]
    assert "150" in mail.outbox[0].subject


def test_the_accept_is_recorded_with_the_address_the_trusted_proxy_saw(client, partner_admin, q1, settings):
    """Audit records keep the client's address, taken as every rate limit takes it (docs/operations.md)."""
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(partner_admin)
    tier = q1("client").tiers.get(units=150)
    with clock(2016, 3, 20, 12, 0):
        client.post(
            f"/programs/{q1('client').pk}/accept/",
            {"tier": tier.pk},
            headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.23"},  # the first entry is the client's own word
        )
    assert EnrollmentEvent.objects.get().client_address == "198.51.100.23"


@pytest.mark.parametrize("server_tz", ["Europe/Moscow", "UTC", "America/Los_Angeles"])
def test_deadline_to_the_second_whatever_the_server_time_zone(client, partner_admin, q1, server_tz):
    client.force_login(partner_admin)
    program = q1("client")
    with override_settings(TIME_ZONE=server_tz):
        with clock(2016, 3, 31, 23, 59, 59):
            accept(client, program, 50)
        assert Enrollment.objects.get().tier.units == 50
        with clock(2016, 4, 1, 0, 0, 0):
            refused = accept(client, program, 150).content.decode()
    assert "ACCEPT по этой программе принимался до 23:59:59 МСК 31 марта 2016 г." in refused
    assert Enrollment.objects.get().tier.units == 50  # unchanged


def test_deadline_in_moscow_time_for_a_browser_elsewhere(client, partner_admin, q1):
    """20:59:59 UTC on 31 March is 23:59:59 in Moscow: still in time; 21:00:00 UTC is too late."""
    from zoneinfo import ZoneInfo

    client.force_login(partner_admin)
    utc = ZoneInfo("UTC")
    with clock(2016, 3, 31, 21, 0, 0, tz=utc):
        accept(client, q1("monitors"), 100)
    assert not Enrollment.objects.exists()
    with clock(2016, 3, 31, 20, 59, 59, tz=utc):
        accept(client, q1("monitors"), 100)
    assert Enrollment.objects.count() == 1


def test_plan_can_be_changed_until_the_deadline(client, partner_admin, partner_user, q1):
    client.force_login(partner_admin)
    with clock(2016, 3, 1, 10, 0):
        accept(client, q1("client"), 50)
    client.force_login(partner_user)  # a colleague changes it
    with clock(2016, 3, 2, 10, 0):
        accept(client, q1("client"), 150)
    enrollment = Enrollment.objects.get()
    assert enrollment.tier.units == 150 and enrollment.accepted_by == partner_admin
    assert [(e.action, e.tier.units, e.actor) for e in enrollment.events.all()] == [
        (EnrollmentEvent.Action.ACCEPTED, 50, partner_admin),
        (EnrollmentEvent.Action.PLAN_CHANGED, 150, partner_user),
    ]


def test_a_double_click_makes_one_enrollment_and_one_email(
    client, partner_admin, q1, django_capture_on_commit_callbacks
):
    client.force_login(partner_admin)
    with clock(2016, 3, 1, 10, 0), django_capture_on_commit_callbacks(execute=True):
        accept(client, q1("client"), 50)
        accept(client, q1("client"), 50)
    assert Enrollment.objects.count() == 1 and len(mail.outbox) == 1


def test_a_plan_of_another_program_is_refused(client, partner_admin, q1):
    client.force_login(partner_admin)
    foreign_tier = q1("monitors").tiers.first()
    with clock(2016, 3, 1, 10, 0):
        client.post(f"/programs/{q1('client').pk}/accept/", {"tier": foreign_tier.pk})
    assert not Enrollment.objects.exists()


def test_gated_program_accept_is_a_request_until_staff_confirm(client, partner_admin, program_admin, q1):
    from rebates.services import enrollment_confirm
    from toolkit.errors import PortalError
    from training.models import Completion, Course

    client.force_login(partner_admin)
    with clock(2016, 3, 1, 10, 0):
        page = accept(client, q1("enterprise"), 5).content.decode()
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.REQUESTED and "Запрос: план 5" in page
    with pytest.raises(PortalError):
        enrollment_confirm(enrollment_id=enrollment.pk, actor=program_admin)  # no trainings yet

    for code in ("DTRSS0309WBTS", "DPES0909WBTT"):  # one sales and one technical course, any of the sets
        Completion.objects.create(
            user=partner_admin,
            course=Course.objects.get(code=code),
            completed_on="2016-02-10",
            source="lms",
            status="confirmed",
        )
    enrollment_confirm(enrollment_id=enrollment.pk, actor=program_admin)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACCEPTED and enrollment.confirmed_by == program_admin


def test_partners_see_only_their_own_enrollments(client, partner_admin, other_partner_user, q1):
    from rebates.services import enrollment_accept

    with clock(2016, 3, 1, 10, 0):
        enrollment_accept(
            partner=other_partner_user.partner,
            program=q1("client"),
            tier=q1("client").tiers.first(),
            actor=other_partner_user,
        )
    client.force_login(partner_admin)
    assert client.get("/api/v1/enrollments/").json() == []
    page = client.get("/programs/?quarter=2016-Q1").content.decode()
    assert "ACCEPT: план" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_accepts_leave_one_enrollment(brochure, partner_admin):
    """docs/reliability.md §19: twenty requests at once → one enrollment; every answer is a page, never a 500."""
    from django.test import Client

    from rebates.models import Program

    program = Program.objects.get(quarter__code="2016-Q1", kind="client")
    tiers = list(program.tiers.all())
    statuses, barrier = [], threading.Barrier(20)

    def click(n):
        client = Client()
        client.force_login(partner_admin)
        barrier.wait()
        try:
            with clock(2016, 3, 1, 10, 0):
                statuses.append(client.post(f"/programs/{program.pk}/accept/", {"tier": tiers[n % 2].pk}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * 20
    assert Enrollment.objects.filter(partner=partner_admin.partner, program=program).count() == 1
    enrollment = Enrollment.objects.get()
    assert enrollment.events.count() >= 1 and enrollment.tier in tiers
