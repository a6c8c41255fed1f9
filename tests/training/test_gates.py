"""Training gates: "at least N of this set", only confirmed completions count."""

import csv
import io
from datetime import date

import pytest

from rebates.models import TrainingGate
from rebates.training_gates import gate_is_met, gate_statuses, program_gates_met
from training.lms_import import import_completions
from training.models import Completion, CompletionStatus, Course
from training.services import completion_report, completion_review


@pytest.mark.parametrize(
    "done, gate, minimum, met",
    [
        ({1}, {1, 2, 3, 4}, 1, True),  # any one of four
        ({5}, {1, 2, 3, 4}, 1, False),
        ({1, 2}, {1, 2, 3}, 2, True),
        ({1}, {1, 2, 3}, 2, False),
        (set(), set(), 1, False),  # a gate with no course yet cannot be met
    ],
)
def test_gate_is_met_pure(done, gate, minimum, met):
    assert gate_is_met(completed_course_ids=done, gate_course_ids=gate, min_courses=minimum) is met


def course(code):
    return Course.objects.get(code=code)


def test_enterprise_gates_need_one_sales_and_one_technical_course(q1, partner_admin, partner_user):
    program = q1("enterprise")
    assert not program_gates_met(partner_admin.partner, program)
    Completion.objects.create(
        user=partner_admin,
        course=course("VRTX0613WBTS"),
        completed_on=date(2016, 2, 1),
        source="lms",
        status="confirmed",
    )
    assert not program_gates_met(partner_admin.partner, program)
    # A colleague's technical course counts for the company.
    Completion.objects.create(
        user=partner_user, course=course("DAN0214WBTT"), completed_on=date(2016, 2, 2), source="lms", status="confirmed"
    )
    assert program_gates_met(partner_admin.partner, program)


def test_a_reported_course_counts_only_after_staff_confirm_it(q1, partner_admin, program_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gate = TrainingGate.objects.get(group__program=q1("client"), group__code="precision", kind="sales")
    completion = completion_report(
        user=partner_admin,
        course=course("DPWS0212WBTS"),
        completed_on=date(2016, 2, 1),
        certificate=SimpleUploadedFile("cert.pdf", b"%PDF-1.4 certificate"),
    )
    assert completion.status == CompletionStatus.PENDING
    assert not gate_statuses(partner_admin.partner, [gate])[0].met
    completion_review(completion_id=completion.pk, actor=program_admin, confirm=True)
    assert gate_statuses(partner_admin.partner, [gate])[0].met


def test_completion_after_the_quarter_end_does_not_count_for_it(q1, partner_admin):
    gate = TrainingGate.objects.get(group__program=q1("client"), group__code="precision", kind="sales")
    Completion.objects.create(
        user=partner_admin,
        course=course("DPWS0212WBTS"),
        completed_on=date(2016, 5, 2),
        source="lms",
        status="confirmed",
    )
    assert not gate_statuses(partner_admin.partner, [gate], as_of=date(2016, 4, 29))[0].met
    assert gate_statuses(partner_admin.partner, [gate], as_of=date(2016, 7, 29))[0].met


def test_latitude_rugged_gate_waits_for_a_course(q1, partner_admin):
    gate = TrainingGate.objects.get(group__program=q1("client"), group__code="latitude-rugged")
    assert gate.courses.count() == 0
    assert not gate_statuses(partner_admin.partner, [gate])[0].met
    rugged = Course.objects.create(code="RUGGED0116WBTS", title="Latitude Rugged Sales", kind="sales")
    gate.courses.add(rugged)
    Completion.objects.create(
        user=partner_admin, course=rugged, completed_on=date(2016, 2, 1), source="staff", status="confirmed"
    )
    assert gate_statuses(partner_admin.partner, [gate])[0].met


def lms_file(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "course_code", "completed_on"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_lms_import_is_idempotent_and_reports_bad_rows(q1, partner_admin, program_admin):
    rows = [
        (partner_admin.email, "DPWS0212WBTS", "2016-02-01"),
        (partner_admin.email.upper(), "DPWT0212WBTT", "02.02.2016"),
        ("stranger@example.com", "DPWS0212WBTS", "2016-02-01"),
        (partner_admin.email, "NOPE", "2016-02-01"),
        (partner_admin.email, "DAN0214WBTT", "yesterday"),
    ]
    result = import_completions(lms_file(rows), "lms.csv", actor=program_admin)
    assert (result.created, result.updated, [n for n, _ in result.errors]) == (2, 0, [4, 5, 6])
    again = import_completions(lms_file(rows[:2]), "lms.csv", actor=program_admin)
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    assert Completion.objects.filter(status="confirmed").count() == 2


def test_trainings_page_shows_what_is_missing(client, partner_admin, brochure):
    from catalog.models import FiscalQuarter
    from catalog.selectors import current_quarter
    from rebates.services import quarter_clone_programs

    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter())
    client.force_login(partner_admin)
    page = client.get("/trainings/").content.decode()
    assert "DPWS0212WBTS" in page and "DBSSTT0409WBTT" in page
    assert page.count("data-gate-item") == 3  # Precision, Latitude Rugged, the enterprise program


def test_partner_reports_a_course_with_a_certificate_and_only_its_company_downloads_it(
    client, partner_admin, other_partner_user, account_manager, brochure, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(partner_admin)
    response = client.post(
        "/trainings/",
        {
            "course": course("DPWS0212WBTS").pk,
            "completed_on": "2016-02-01",
            "certificate": SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 ok", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get()
    url = f"/trainings/certificates/{completion.pk}/"
    download = client.get(url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    client.force_login(other_partner_user)
    assert client.get(url).status_code == 404
    client.force_login(account_manager)  # covers Central, where partner A is
    assert client.get(url).status_code == 200


def test_certificate_must_be_a_pdf_or_image(client, partner_admin, brochure):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(partner_admin)
    response = client.post(
        "/trainings/",
        {
            "course": course("DPWS0212WBTS").pk,
            "completed_on": "2016-02-01",
            "certificate": SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    assert response.status_code == 400 and not Completion.objects.exists()


@pytest.mark.parametrize(
    "name, content, accepted",
    [
        ("scan.png", b"just 19 bytes text.", False),  # a text file renamed .png
        ("scan.jpg", b"%PDF-1.4 a pdf renamed", False),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, True),
        ("scan.JPEG", b"\xff\xd8\xff\xe0" + b"\0" * 32, True),
    ],
)
def test_a_certificate_is_checked_by_its_content_not_its_name(client, partner_admin, brochure, name, content, accepted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(partner_admin)
    response = client.post(
        "/trainings/",
        {
            "course": course("DPWS0212WBTS").pk,
            "completed_on": "2016-02-01",
            "certificate": SimpleUploadedFile(name, content),
        },
    )
    assert Completion.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 400 and "не настоящий" in response.content.decode()


def test_the_companys_courses_are_listed_25_to_a_page(client, partner_admin, brochure):
    from conftest import make_user
    from training.models import Completion, Course

    staff = [partner_admin] + [make_user(f"c{n}@romashka.example", partner=partner_admin.partner) for n in range(2)]
    courses = list(Course.objects.all()[:10])
    for n, (user, course) in enumerate((u, c) for u in staff for c in courses):
        Completion.objects.create(user=user, course=course, completed_on=date(2016, 1, 1 + n))
    client.force_login(partner_admin)
    first = client.get("/trainings/").content.decode()
    assert first.count('<li class="mb-1">') == 25 and "Страница 1 из 2" in first
    assert "30.01.2016" in first and "01.01.2016" not in first  # newest first
    second = client.get("/trainings/?page=2").content.decode()
    assert second.count('<li class="mb-1">') == 5 and "01.01.2016" in second
