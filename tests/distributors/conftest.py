"""Distributors, their users, and report files made here by different writers."""

import csv
import io
from datetime import date

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_user
from distributors.models import Authorization
from portal.models import Distributor

HEADER = ["invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price"]


@pytest.fixture
def distributor_a(brochure):
    distributor = Distributor.objects.create(code="alpha", name="Дистрибьютор Альфа")
    for segment in ("consumer", "commercial"):
        Authorization.objects.create(distributor=distributor, segment=segment, valid_from=date(2016, 1, 30))
    return distributor


@pytest.fixture
def distributor_b(brochure):
    distributor = Distributor.objects.create(code="beta", name="Дистрибьютор Бета")
    Authorization.objects.create(distributor=distributor, segment="monitors", valid_from=date(2016, 1, 30))
    return distributor


@pytest.fixture
def distributor_user(distributor_a):
    return make_user("ops@alpha.example", distributor=distributor_a, full_name="Ольга")


@pytest.fixture
def other_distributor_user(distributor_b):
    return make_user("ops@beta.example", distributor=distributor_b)


@pytest.fixture
def catalog(brochure):
    from catalog.imports import import_products

    rows = "sku,model,line,series,form_factor,diagonal\n210-AAAA,Vostro 3558,vostro,3xxx,notebook,\n210-AAAB,U2414H,ultrasharp,U,monitor,23.8\n"
    import_products(rows.encode(), "c.csv")


def csv_bytes(rows, *, header=HEADER, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_openpyxl(rows, *, header=HEADER, title_rows=(), extra_sheet_first=False):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if extra_sheet_first:
        sheet.title = "Инструкция"
        sheet.append(["Этот лист не содержит данных"])
        sheet = workbook.create_sheet("Продажи")
    for title in title_rows:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_xlsxwriter(rows, *, header=HEADER):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("Sales")
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, date_format)
            else:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)
