"""Reading small tabular uploads (catalog, LMS exports) from xlsx or csv into rows of named cells,
and writing xlsx exports safely. Headers are matched case-insensitively, with aliases."""

import csv
import io
import zipfile
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from toolkit.errors import PortalError

MAX_ROWS = 100_000
# A cell starting with one of these is a formula to a spreadsheet program: prefix it with '.
# Tab, CR and LF too: programs trim them before a formula, and a line break can start a new CSV row.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


HEADER_LINES = 20  # the lines the delimiter is guessed from


def _normalise(header) -> str:
    return str(header or "").strip().lower().replace(" ", "_").replace("-", "_")


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PortalError(_("The file is neither UTF-8 nor Windows-1251 text."))


CSV_DELIMITERS = (";", ",", "\t")


def csv_delimiter(lines: list[str]) -> str:
    """The delimiter of a CSV file, from its first lines: the candidate that splits some line most.
    Title rows above the header have none, so one line alone would often guess wrong; a Russian
    Excel saves with ";" and an ERP export often with "," or a tab."""
    return max(CSV_DELIMITERS, key=lambda d: max((line.count(d) for line in lines), default=0))


def _csv_rows(raw: bytes):
    if b"\x00" in raw:
        raise PortalError(_("The file contains NUL bytes: save it again as CSV (UTF-8) or XLSX."))
    text = _decode(raw)
    return csv.reader(io.StringIO(text), delimiter=csv_delimiter(text.splitlines()[:HEADER_LINES]))


def _xlsx_rows(raw: bytes):
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(info.file_size for info in archive.infolist()) > 200 * 1024 * 1024:
                raise PortalError(_("The workbook expands to more than 200 MB: split it into smaller files."))
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise PortalError(_("This is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    return sheet.iter_rows(values_only=True)


def read_rows(raw: bytes, filename: str, *, columns: dict[str, set[str]], required: set[str]):
    """Yield (row number, {column: value}) for every non-empty row after the header.

    `columns` maps each column to its accepted header names. Raises PortalError for an unknown
    format, missing required columns or too many rows."""
    name = (filename or "").lower()
    rows = _xlsx_rows(raw) if name.endswith(".xlsx") else _csv_rows(raw) if name.endswith(".csv") else None
    if rows is None:
        raise PortalError(_("Upload an .xlsx or .csv file."))
    rows = iter(rows)
    header = next(rows, None) or []
    aliases = {alias: column for column, names in columns.items() for alias in names | {column}}
    positions = {}
    for index, cell in enumerate(header):
        column = aliases.get(_normalise(cell))
        if column and column not in positions:
            positions[column] = index
    missing = sorted(required - positions.keys())
    if missing:
        raise PortalError(_("Columns missing in the header row: %(columns)s.") % {"columns": ", ".join(missing)})
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise PortalError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        values = {column: (row[i] if i < len(row) else None) for column, i in positions.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        yield number, values


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return str(value).strip()


def safe_cell(value):
    """What to write into an exported spreadsheet cell: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_response(filename: str, header: list[str], rows):
    """An HttpResponse with an xlsx attachment; every cell goes through safe_cell."""
    import openpyxl
    from django.http import HttpResponse

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
