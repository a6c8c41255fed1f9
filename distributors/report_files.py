"""Reading a sell-through report: safety checks on the stored file, then a stream of rows with
their sheet row numbers. Knows nothing of validation or the database.

xlsx is read with python-calamine (Rust; it neither expands XML entities nor evaluates formulas);
the archive is checked first for compressed-size tricks, macros and DTDs. csv is read as a stream
in UTF-8 (with or without BOM) or Windows-1251, `,` or `;` separated."""

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from portal.errors import PortalError

HEADER_SEARCH_ROWS = 20
COLUMNS = {
    "invoice_number": {
        "invoice",
        "invoice_no",
        "invoice_num",
        "номер_счета",
        "номер_счёта",
        "счет",
        "счёт",
        "номер_накладной",
        "накладная",
        "номер_документа",
    },
    "invoice_date": {
        "date",
        "invoice_dt",
        "дата",
        "дата_счета",
        "дата_счёта",
        "дата_продажи",
        "дата_отгрузки",
        "дата_документа",
    },
    "partner_id": {
        "dell_id",
        "partner",
        "partnerid",
        "id_партнера",
        "id_партнёра",
        "партнер",
        "партнёр",
        "dell_id_партнера",
    },
    "sku": {"part_number", "partnumber", "артикул", "код_товара", "sku_dell"},
    "quantity": {"qty", "units", "количество", "кол_во", "колво", "шт"},
    "model": {"model_name", "модель", "наименование", "товар"},
    "unit_price": {"price", "цена", "цена_без_ндс", "цена_за_единицу"},
}
REQUIRED = ("invoice_number", "invoice_date", "partner_id", "sku", "quantity")
_ALIASES = {alias: column for column, names in COLUMNS.items() for alias in names | {column}}


def normalise_header(cell) -> str:
    return re.sub(r"[\s\-./]+", "_", str(cell or "").strip().lower()).strip("_").replace("ё", "е")


def header_positions(cells) -> dict[str, int]:
    positions = {}
    for index, cell in enumerate(cells):
        column = _ALIASES.get(normalise_header(cell)) or _ALIASES.get(normalise_header(cell).replace("е", "ё"))
        if column and column not in positions:
            positions[column] = index
    return positions


@dataclass
class RowSource:
    """Rows after the header: (sheet row number, cells). `positions` maps columns to cell indexes."""

    positions: dict[str, int]
    rows: Iterator[tuple[int, list]]
    header: list


def _find_header(numbered_rows) -> RowSource | None:
    numbered_rows = iter(numbered_rows)
    best_missing = None
    for _i in range(HEADER_SEARCH_ROWS):
        try:
            number, cells = next(numbered_rows)
        except StopIteration:
            break
        positions = header_positions(cells)
        missing = [c for c in REQUIRED if c not in positions]
        if not missing:
            return RowSource(positions=positions, rows=numbered_rows, header=[str(c or "") for c in cells])
        if len(missing) < len(REQUIRED) and (best_missing is None or len(missing) < len(best_missing)):
            best_missing = missing
    if best_missing:
        raise PortalError(_("The header row lacks these columns: %(columns)s.") % {"columns": ", ".join(best_missing)})
    return None


def check_xlsx_archive(path) -> None:
    """Refuse, before parsing, what could exhaust the worker: too many entries, a declared size or
    compression ratio beyond the limits, macros, and XML with a DTD (entity bombs)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise PortalError(
            _("This file is not an XLSX workbook. Save it from Excel as .xlsx, or export CSV.")
        ) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > settings.REPORT_MAX_ARCHIVE_ENTRIES:
            raise PortalError(_("The workbook has %(n)s parts, more than a report can have.") % {"n": len(entries)})
        names = {e.filename.lower() for e in entries}
        if "[content_types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
            raise PortalError(_("This file is not an XLSX workbook. Save it from Excel as .xlsx, or export CSV."))
        if any(n.endswith("vbaproject.bin") for n in names):
            raise PortalError(_("The workbook contains macros. Save it as a plain .xlsx workbook (without macros)."))
        total = 0
        for entry in entries:
            total += entry.file_size
            if entry.file_size > 1_000_000 and entry.file_size > settings.REPORT_MAX_COMPRESSION_RATIO * max(
                entry.compress_size, 1
            ):
                raise PortalError(
                    _("Part %(name)s of the workbook expands suspiciously (over 100 times): refused.")
                    % {"name": entry.filename}
                )
        if total > settings.REPORT_MAX_UNCOMPRESSED_BYTES:
            raise PortalError(
                _("The workbook expands to %(mb)s MB, more than the %(limit)s MB allowed.")
                % {"mb": total // 2**20, "limit": settings.REPORT_MAX_UNCOMPRESSED_BYTES // 2**20}
            )
        for entry in entries:
            if entry.filename.lower().endswith((".xml", ".rels")):
                try:
                    with archive.open(entry) as part:
                        head = part.read(4096).upper()
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, zlib.error) as error:
                    raise PortalError(
                        _("The workbook is damaged (%(part)s cannot be read). Save it again from Excel.")
                        % {"part": entry.filename}
                    ) from error
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise PortalError(
                        _("The workbook contains XML declarations (DTD) that reports never need: refused.")
                    )


def _xlsx_rows(path) -> RowSource:
    from python_calamine import CalamineWorkbook

    check_xlsx_archive(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for broken files
        raise PortalError(_("The workbook cannot be read: %(error)s") % {"error": error}) from error
    for index in range(len(workbook.sheet_names)):
        sheet = workbook.get_sheet_by_index(index)
        first_row = (sheet.start or (0, 0))[0] if sheet.height else 0
        numbered = ((first_row + i + 1, row) for i, row in enumerate(sheet.iter_rows()))
        source = _find_header(numbered)
        if source is not None:
            return source
    raise PortalError(_("No sheet has a header row with the columns %(columns)s.") % {"columns": ", ".join(REQUIRED)})


def _sniff_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1251"


def _csv_rows(path) -> RowSource:
    with open(path, "rb") as handle:
        sample = handle.read(1 << 20)
    if b"\x00" in sample:
        raise PortalError(
            _("The file contains NUL bytes, so it is not a CSV text file. Save it again as CSV (UTF-8) or XLSX.")
        )
    encoding = _sniff_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    lines = text.splitlines()[:HEADER_SEARCH_ROWS] or [""]
    delimiter = max((";", ",", "\t"), key=lambda d: max(line.count(d) for line in lines))
    stream = open(path, encoding=encoding, errors="strict", newline="")  # noqa: SIM115 — closed when the rows are consumed

    def numbered():
        number = 0
        try:
            with stream:
                for number, row in enumerate(csv.reader(stream, delimiter=delimiter), start=1):
                    yield number, row
        except UnicodeDecodeError as error:
            raise PortalError(_("The file mixes text encodings: save it again as CSV UTF-8.")) from error
        except csv.Error as error:
            raise PortalError(
                _("The CSV file is damaged near row %(row)s: %(error)s") % {"row": number + 1, "error": error}
            ) from error

    source = _find_header(numbered())
    if source is None:
        raise PortalError(
            _("No header row with the columns %(columns)s was found in the first rows.")
            % {"columns": ", ".join(REQUIRED)}
        )
    return source


def open_report(path, filename: str) -> RowSource:
    """The rows of a stored report file, or PortalError with a message the uploader can act on."""
    name = filename.lower()
    if name.endswith((".xlsx",)):
        return _xlsx_rows(path)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(path)
    if name.endswith((".xlsm", ".xls", ".xlsb", ".ods")):
        raise PortalError(_("Save the report as .xlsx (Excel workbook without macros) or .csv."))
    raise PortalError(_("Upload the report as .xlsx or .csv."))
