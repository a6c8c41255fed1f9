"""Programs, enrollments and gates through the API; enrollments in the admin (scoping, export)."""

import io

import openpyxl

from rebates.models import Enrollment
from rebates.services import enrollment_accept
from tests.rebates.conftest import clock


def test_programs_api_gives_plans_and_rates(client, partner_admin, q1):
    client.force_login(partner_admin)
    programs = client.get("/api/v1/programs/?quarter=2016-Q1").json()["results"]
    assert [p["kind"] for p in programs] == ["client", "monitors", "enterprise"]
    monitors = programs[1]
    assert monitors["tiers"] == [100, 300]
    assert monitors["groups"][0] == {"code": "diag-17-20", "name": '17"–20"', "rates": {"100": "0.00", "300": "77.00"}}


def test_enrollment_api_creates_changes_and_refuses_after_the_deadline(client, partner_admin, q1):
    client.force_login(partner_admin)
    program = q1("client")
    with clock(2016, 3, 1, 12, 0):
        created = client.post(
            "/api/v1/enrollments/", {"program": program.pk, "plan": 50}, content_type="application/json"
        )
        changed = client.post(
            "/api/v1/enrollments/", {"program": program.pk, "plan": 150}, content_type="application/json"
        )
        wrong = client.post(
            "/api/v1/enrollments/", {"program": program.pk, "plan": 75}, content_type="application/json"
        )
    assert (created.status_code, created.json()["plan"], created.json()["status"]) == (201, 50, "accepted")
    assert (changed.status_code, changed.json()["plan"]) == (200, 150)
    assert wrong.status_code == 400 and "50, 150" in str(wrong.json())
    with clock(2016, 4, 1, 0, 0, 0):
        late = client.post("/api/v1/enrollments/", {"program": program.pk, "plan": 50}, content_type="application/json")
    assert late.status_code == 400
    assert Enrollment.objects.get().tier.units == 150
    assert [e["plan"] for e in client.get("/api/v1/enrollments/").json()] == [150]


def test_read_only_fields_cannot_be_written_through_the_api(client, partner_admin, q1):
    client.force_login(partner_admin)
    with clock(2016, 3, 1, 12, 0):
        response = client.post(
            "/api/v1/enrollments/",
            {"program": q1("enterprise").pk, "plan": 5, "status": "accepted", "confirmed_at": "2016-03-01T00:00:00Z"},
            content_type="application/json",
        )
    assert response.status_code == 201 and response.json()["status"] == "requested"  # still needs staff


def test_training_gates_api(client, partner_admin, brochure):
    from catalog.models import FiscalQuarter
    from catalog.selectors import current_quarter
    from rebates.services import quarter_clone_programs

    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter())
    client.force_login(partner_admin)
    items = client.get("/api/v1/training-gates/").json()
    assert {item["scope"] for item in items} == {"program", "group"} and len(items) == 3
    assert not any(item["met"] for item in items)


def accept_for(user, program, units):
    with clock(2016, 3, 1, 12, 0):
        return enrollment_accept(partner=user.partner, program=program, tier=program.tiers.get(units=units), actor=user)


def test_admin_enrollments_are_scoped_to_the_managers_districts(
    client, account_manager, partner_admin, other_partner_user, q1
):
    central = accept_for(partner_admin, q1("client"), 150)  # partner A: Central
    siberia = accept_for(other_partner_user, q1("client"), 50)  # partner B: Siberia
    client.force_login(account_manager)
    page = client.get("/admin/rebates/enrollment/").content.decode()
    assert partner_admin.partner.legal_name in page and other_partner_user.partner.legal_name not in page
    assert client.get(f"/admin/rebates/enrollment/{central.pk}/change/").status_code == 200
    assert client.get(f"/admin/rebates/enrollment/{siberia.pk}/change/").status_code == 404


def test_admin_exports_enrollments_to_xlsx_with_safe_cells(client, program_admin, partner_admin, q1):
    partner = partner_admin.partner
    partner.legal_name = '=HYPERLINK("http://evil")'
    partner.save()
    enrollment = accept_for(partner_admin, q1("client"), 150)
    client.force_login(program_admin)
    response = client.post("/admin/rebates/enrollment/", {"action": "export_xlsx", "_selected_action": [enrollment.pk]})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Dell ID"] == partner.dell_id and 150 in rows[1]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'  # text, not a formula
    assert rows[1][9].year == 2016 and rows[1][9].hour == 12  # Moscow wall-clock time


def test_staff_clone_a_quarter_into_any_later_quarter_in_the_admin(client, program_admin, q1):
    from datetime import datetime

    from catalog.models import FiscalQuarter
    from rebates.brochure import MOSCOW
    from rebates.models import Program

    client.force_login(program_admin)
    source, target = FiscalQuarter.objects.get(code="2016-Q1"), FiscalQuarter.objects.get(code="2017-Q3")
    url = "/admin/catalog/fiscalquarter/"
    form = client.post(url, {"action": "clone_programs", "_selected_action": [source.pk]}).content.decode()
    assert f'<option value="{target.pk}">2017-Q3</option>' in form  # any later quarter, not only the next
    assert 'value="' + str(source.pk) + '">2016-Q1<' not in form  # never into itself or earlier
    done = client.post(
        url,
        {"action": "clone_programs", "_selected_action": [source.pk], "apply": "1", "target": target.pk,
         "deadline": "15.08.2017"},
        follow=True,
    )  # fmt: skip
    assert "2017-Q3" in done.content.decode()
    cloned = Program.objects.filter(quarter=target)
    assert cloned.count() == 3
    assert {p.accept_deadline for p in cloned} == {datetime(2017, 8, 15, tzinfo=MOSCOW)}
