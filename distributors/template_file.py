"""The downloadable report template: the columns, an example row and notes in Russian and English."""

import io

import openpyxl
from openpyxl.styles import Font

HEADER = ["invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price"]
EXAMPLE = ["INV-2016-000123", "15.02.2016", 1000001, "210-AAAA", 3, "Vostro 3558", "28500.00"]
NOTES = [
    ("invoice_number", "Номер счета/отгрузки (обязательно)", "Invoice or shipment number (required)"),
    (
        "invoice_date",
        "Дата продажи: ДД.ММ.ГГГГ, ДД.ММ.ГГ (год 20ГГ) или ГГГГ-ММ-ДД (обязательно)",
        "Date of sale: DD.MM.YYYY, DD.MM.YY (the year 20YY) or YYYY-MM-DD (required)",
    ),
    ("partner_id", "Dell ID партнера (обязательно)", "The partner's Dell ID (required)"),
    ("sku", "Артикул Dell (обязательно)", "Dell SKU / part number (required)"),
    (
        "quantity",
        "Целое число штук, возврат — со знаком минус (обязательно)",
        "Whole units, negative for a return (required)",
    ),
    ("model", "Модель (необязательно)", "Model name (optional)"),
    ("unit_price", "Цена за штуку в рублях без НДС (необязательно)", "RUB per unit without VAT (optional)"),
]


def template_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Report"
    sheet.append(HEADER)
    sheet.append(EXAMPLE)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", [18, 14, 12, 14, 10, 24, 12], strict=True):
        sheet.column_dimensions[column].width = width
    notes = workbook.create_sheet("Notes")
    notes.append(["column", "описание", "description"])
    for row in NOTES:
        notes.append(list(row))
    notes.append([])
    notes.append(
        [
            "",
            "Данные — на первом листе, одна строка заголовков. Повторная загрузка того же файла не учитывается дважды.",
            "Data on the first sheet, one header row. Uploading the same file again is not counted twice.",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
