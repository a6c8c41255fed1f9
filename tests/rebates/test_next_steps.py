"""The dashboard says what is left to do this quarter, and each line leads where it is done."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from portal.services import partner_invite_colleague
from rebates.services import enrollment_accept, quarter_clone_programs
from training.models import Course
from training.services import completion_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_quarter(brochure):
    quarter = current_quarter()
    deadline = datetime.now(ZoneInfo("Europe/Moscow")).replace(microsecond=0) + timedelta(days=5)
    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=quarter, deadline=deadline)
    return quarter


def steps(client):
    page = client.get("/dashboard/").content.decode()
    section = page.split('id="next-steps"', 1)[1].split("</section>", 1)[0]
    return section


def accept(partner_admin, program, units):
    enrollment_accept(
        partner=partner_admin.partner, program=program, tier=program.tiers.get(units=units), actor=partner_admin
    )


def test_programs_not_accepted_are_listed_with_their_deadline_until_accepted(client, partner_admin, open_quarter):
    client.force_login(partner_admin)
    section = steps(client)
    assert section.count("Нажмите ACCEPT") == 3 and "МСК" in section
    client_program = open_quarter.programs.get(kind="client")
    assert f"/programs/#program-{client_program.pk}" in section

    accept(partner_admin, client_program, 50)
    assert steps(client).count("Нажмите ACCEPT") == 2


def test_a_gated_program_shows_the_request_and_the_missing_courses(client, partner_admin, open_quarter):
    accept(partner_admin, open_quarter.programs.get(kind="enterprise"), 5)
    client.force_login(partner_admin)
    section = steps(client)
    assert "ожидает подтверждения" in section
    assert "засчитывается, когда ваши сотрудники пройдут ещё" in section and "/trainings/" in section


def test_reported_courses_and_invited_colleagues_are_listed(client, partner_admin, open_quarter):
    partner_invite_colleague(actor=partner_admin, email="new@romashka.example", full_name="Пётр Новиков")
    completion_report(
        user=partner_admin,
        course=Course.objects.first(),
        completed_on=date.today(),
        certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.4"),
    )
    client.force_login(partner_admin)
    section = steps(client)
    assert "Пётр Новиков" in section and "пароль ещё не задан" in section
    assert "1 курс ожидает подтверждения" in section


def test_nothing_left_reads_as_such(client, partner_admin, brochure):
    client.force_login(partner_admin)  # no programs in the current quarter, nothing reported
    assert "Пока ничего" in steps(client)
