"""Exported cells never run as formulas in the reader's spreadsheet program."""

import io

import openpyxl
import pytest

from toolkit.spreadsheets import safe_cell, xlsx_response


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n"], ids=repr)
def test_a_cell_that_could_start_a_formula_is_exported_as_text(start):
    value = f'{start}=HYPERLINK("http://evil")'
    response = xlsx_response("export.xlsx", ["cell"], [[value]])

    assert safe_cell(value) == "'" + value
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value.startswith("'")  # (XML reads a stored CR back as LF)


def test_plain_text_and_numbers_are_exported_as_they_are():
    assert [safe_cell(v) for v in ("ООО «Альфа»", " =1", 5, None)] == ["ООО «Альфа»", " =1", 5, None]


def test_one_delimiter_rule_for_every_csv_the_portal_reads():
    """Catalog, LMS and sales files: a title line without delimiters above a ";" header."""
    from toolkit.spreadsheets import csv_delimiter

    assert csv_delimiter(["Отчёт о продажах за февраль", "sku;model;line", "210-AAAA;Vostro, 3558;vostro"]) == ";"
    assert csv_delimiter(["sku,model,line", "210-AAAA,Vostro 3558,vostro"]) == ","
    assert csv_delimiter(["sku\tmodel\tline"]) == "\t"
    assert csv_delimiter([""]) == ";"  # an empty file: the header check reports what is missing
