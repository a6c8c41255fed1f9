"""The rejected-rows file: a workbook a clerk can fix and upload again as it is.

It repeats the report's header row as the distributor's file had it, then each rejected row with its
cells in their places and of their kinds (numbers as numbers, a date that can be read as a date, any
other value as its original text), and two columns at the end that the reader does not recognise,
so it ignores them on the next upload: the reason, in the reader's language, and the row number in
the original file."""

import io
from datetime import date
from decimal import Decimal, InvalidOperation

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from distributors.report_files import header_positions
from distributors.validation import RowRejected, parse_date, parse_quantity
from toolkit.spreadsheets import FORMULA_PREFIXES

EXCEL_TEXT_LIMIT = 32_767
DATE_FORMAT = "DD.MM.YYYY"


def _number(raw):
    """A price or an amount written as text ("1 234,50") as a Decimal, when that is all it is."""
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned or not (cleaned.lstrip("+-").replace(".", "", 1).isdigit() and cleaned.isascii()):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


class _Typed:
    """Turns a stored cell into what the workbook writes in its column."""

    def __init__(self, sheet, header):
        self.sheet = sheet
        positions = header_positions(header) if header else {}
        self.date_at = positions.get("invoice_date")
        self.quantity_at = positions.get("quantity")
        self.price_at = positions.get("unit_price")

    def cell(self, index, value):
        if isinstance(value, str):
            if index == self.date_at:
                try:
                    day = parse_date(value)
                except RowRejected:
                    pass
                else:
                    cell = WriteOnlyCell(self.sheet, value=day)
                    cell.number_format = DATE_FORMAT
                    return cell
            elif index == self.quantity_at:
                try:
                    return parse_quantity(value)
                except RowRejected:
                    pass
            elif index == self.price_at:
                number = _number(value)
                if number is not None:
                    return number
            return self.text(value)
        if isinstance(value, date) or (index == self.date_at and isinstance(value, (int, float))):
            try:
                day = parse_date(value)
            except RowRejected:
                return value
            cell = WriteOnlyCell(self.sheet, value=day)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    def text(self, value: str):
        value = value[:EXCEL_TEXT_LIMIT]
        if not value.startswith(FORMULA_PREFIXES):
            return value
        # Text that a spreadsheet would take for a formula stays text: a string cell (never a
        # formula) marked with Excel's quote prefix, so that editing it does not turn it into one,
        # and so that the value uploaded again is the value that was sent.
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell


def rejected_rows_workbook(report) -> bytes:
    errors = report.row_errors.order_by("row_number")
    width = max((len(values) for values in errors.values_list("values", flat=True).iterator()), default=0)
    header = list(report.header or [])
    if not header:  # a report read before its header was kept
        header = [f"#{i + 1}" for i in range(width)]
    width = max(width, len(header))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rejected rows")[:31])
    sheet.freeze_panes = "A2"
    typed = _Typed(sheet, header)
    for index in range(width):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = 16
    sheet.column_dimensions[openpyxl.utils.get_column_letter(width + 1)].width = 60
    sheet.column_dimensions[openpyxl.utils.get_column_letter(width + 2)].width = 12
    padded_header = [typed.text(str(h)) if h is not None else None for h in header]
    padded_header += [None] * (width - len(header))
    sheet.append([*padded_header, _("Rejection reason (not read on upload)"), _("Row in the original file")])
    for error in errors.iterator(chunk_size=2000):
        cells = [typed.cell(i, v) for i, v in enumerate(error.values)]
        cells += [None] * (width - len(cells))
        sheet.append([*cells, typed.text(error.reason), error.row_number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
