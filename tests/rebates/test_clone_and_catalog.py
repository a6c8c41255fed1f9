"""Cloning a quarter's programs, and the product catalog import (file, command, admin)."""

import csv
import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import call_command

from catalog.imports import import_products
from catalog.models import FiscalQuarter, Product
from rebates.models import Program, Rate, TrainingGate
from rebates.services import quarter_clone_programs

MOSCOW = ZoneInfo("Europe/Moscow")


def test_clone_copies_everything_and_keeps_the_deadline_offset(q1):
    target = FiscalQuarter.objects.get(code="2016-Q2")
    cloned = quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=target)
    assert sorted(p.kind for p in cloned) == ["client", "enterprise", "monitors"]
    client = Program.objects.get(quarter=target, kind="client")
    # Q1 starts 30 Jan, deadline 1 Apr (62 days later); Q2 starts 30 Apr → 1 Jul.
    assert client.accept_deadline == datetime(2016, 7, 1, tzinfo=MOSCOW)
    assert (
        Rate.objects.filter(group__program__quarter=target).count()
        == Rate.objects.filter(group__program__quarter__code="2016-Q1").count()
    )
    assert TrainingGate.objects.filter(group__program=client).count() == 3
    assert TrainingGate.objects.filter(program__quarter=target, program__kind="enterprise").count() == 2

    # Changing the clone's rate does not touch the brochure's quarter.
    rate = Rate.objects.get(group__program=client, group__code="vostro-3xxx", tier__units=150)
    rate.amount = Decimal("250")
    rate.save()
    assert Rate.objects.get(group__program=q1("client"), group__code="vostro-3xxx", tier__units=150).amount == 231
    assert quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=target) == []  # idempotent


def catalog_csv(
    rows, *, delimiter=",", encoding="utf-8", header=("sku", "model", "line", "series", "form_factor", "diagonal")
):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


GOOD = [
    ("210-AAAA", "Vostro 3558", "vostro", "3xxx", "notebook", ""),
    ("210-AAAB", "Dell UltraSharp 24 U2414H", "UltraSharp", "U", "Монитор", "23,8"),
    ("210-AAAC", "OptiPlex 7440 AIO", "optiplex", "7xxx", "aio", ""),
]


def test_catalog_import_is_idempotent_and_accepts_russian_values(brochure):
    result = import_products(catalog_csv(GOOD), "catalog.csv")
    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, [])
    assert Product.objects.get(sku="210-AAAB").diagonal == Decimal("23.8")
    again = import_products(catalog_csv(GOOD), "catalog.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_catalog_import_lists_each_bad_row_with_its_reason(brochure):
    rows = GOOD + [
        ("", "No SKU", "vostro", "3xxx", "notebook", ""),
        ("210-BAD1", "Mystery", "chromebook", "", "notebook", ""),
        ("210-BAD2", "Monitor without size", "ultrasharp", "U", "monitor", ""),
        ("210-BAD3", "Weird", "vostro", "3xxx", "laptop-ish", ""),
        ("210-AAAA", "Duplicate", "vostro", "3xxx", "notebook", ""),
    ]
    result = import_products(catalog_csv(rows, delimiter=";", encoding="cp1251"), "catalog.csv")
    assert result.created == 3 and result.rows == 8
    reasons = dict(result.errors)
    assert set(reasons) == {5, 6, 7, 8, 9}
    assert "chromebook" in reasons[6] and "210-AAAA" in reasons[9]


def test_catalog_import_from_xlsx_with_russian_headers(brochure):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Артикул", "Модель", "Линейка", "Серия", "Форм-фактор", "Диагональ"])
    sheet.append(["210-XLS1", "Dell 27 Monitor P2715Q", "monitor-p", "P", "monitor", 27])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_products(buffer.getvalue(), "каталог.xlsx")
    assert result.created == 1 and Product.objects.get(sku="210-XLS1").diagonal == Decimal("27.0")


def test_catalog_import_knows_monitor_lines_by_their_series_letters(brochure):
    rows = [
        ("210-MP27", "Dell 27 Monitor P2719H", "P", "P", "monitor", "27"),
        ("210-ME22", "Dell 22 Monitor E2216H", "e", "E", "монитор", "21,5"),
        ("210-MU24", "Dell UltraSharp U2419H", "U", "U", "monitor", "23,8"),
    ]
    result = import_products(catalog_csv(rows), "monitors.csv")
    assert result.errors == [] and result.created == 3
    lines = dict(Product.objects.values_list("sku", "line__code"))
    assert lines == {"210-MP27": "monitor-p", "210-ME22": "monitor-e", "210-MU24": "ultrasharp"}


def test_catalog_file_without_required_columns_is_refused(brochure):
    from toolkit.errors import PortalError

    with pytest.raises(PortalError):
        import_products(catalog_csv(GOOD, header=("sku", "name")), "catalog.csv")
    with pytest.raises(PortalError):
        import_products(b"\x00\x01binary", "catalog.csv")
    with pytest.raises(PortalError):
        import_products(b"not a zip", "catalog.xlsx")


def test_import_products_command(brochure, tmp_path, capsys):
    path = tmp_path / "catalog.csv"
    path.write_bytes(catalog_csv(GOOD))
    call_command("import_products", str(path))
    call_command("import_products", str(path))
    assert "0 new, 0 updated, 3 unchanged, 0 rejected" in capsys.readouterr().out


def test_demo_catalog_covers_every_group_of_the_three_programs(brochure):
    from pathlib import Path

    from rebates.classification import classify
    from rebates.payout_inputs import product_facts, program_rules

    demo = Path(__file__).resolve().parents[2] / "rebates/management/commands/demo_data/products.csv"
    result = import_products(demo.read_bytes(), demo.name)
    assert result.errors == [] and result.created >= 100
    for program in Program.objects.filter(quarter__code="2016-Q1"):
        rules = program_rules(program)
        found = {classify(product_facts(p), rules) for p in Product.objects.select_related("line")}
        assert {g.code for g in program.groups.all()} <= found, program.kind


def test_admin_shows_whether_a_product_is_eligible(client, superuser, brochure):
    import_products(
        catalog_csv(GOOD + [("210-NONE", "Inspiron 3650 Desktop", "inspiron", "3xxx", "desktop", "")]), "c.csv"
    )
    from catalog.selectors import current_quarter
    from rebates.services import quarter_clone_programs

    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter())
    client.force_login(superuser)
    page = client.get("/admin/catalog/product/").content.decode()
    assert "Vostro DT &amp; NB 3xxx" in page
    assert page.count("not eligible") + page.count("не участвует") >= 1


def test_the_admin_product_list_runs_as_many_queries_for_3_products_as_for_a_full_page(client, superuser, brochure):
    from pathlib import Path

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.selectors import current_quarter
    from rebates.services import quarter_clone_programs

    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter())
    client.force_login(superuser)

    def queries_of_the_list_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/catalog/product/").status_code == 200
        return len(queries)

    import_products(catalog_csv(GOOD), "c.csv")
    few = queries_of_the_list_page()
    demo = Path(__file__).resolve().parents[2] / "rebates/management/commands/demo_data/products.csv"
    import_products(demo.read_bytes(), demo.name)
    assert Product.objects.count() >= 100  # a full page
    assert queries_of_the_list_page() == few <= 15
