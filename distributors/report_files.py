"""Reading a sell-through report: safety checks on the stored file, then a stream of rows with
their sheet row numbers. Knows nothing of validation or the database.

xlsx is read with python-calamine (Rust; it neither expands XML entities nor evaluates formulas);
the archive is checked first for compressed-size tricks, macros and DTDs, and its sheet XML for the
cells calamine reads as empty (`sheet_xml`). csv is read as a stream in UTF-8 (with or without BOM)
or Windows-1251, `,` or `;` separated; the encoding is decided on the whole file first.

A file that cannot be read is refused (PortalError); a row that cannot be taken as it is comes as
a DamagedRow, which validation rejects with its reason."""

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from distributors.sheet_xml import bad_cells, every_bad_cell, pick
from toolkit.errors import PortalError
from toolkit.spreadsheets import csv_delimiter

HEADER_SEARCH_ROWS = 20
CHUNK = 1 << 20
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


class DamagedRow(list):
    """The cells of a row that cannot be taken as they are, and why: validation rejects the row with
    `code` and `params` (`row_reasons.MESSAGES`: NUL bytes, an overlong field, a formula without a
    saved value, an Excel error)."""

    def __init__(self, cells, code: str, params: dict | None = None):
        super().__init__(cells)
        self.code = code
        self.params = params or {}


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
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as error:  # a mangled central directory
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
    from python_calamine import CalamineError, CalamineWorkbook

    check_xlsx_archive(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for broken files
        raise PortalError(_("The workbook cannot be read: %(error)s") % {"error": error}) from error
    for index, name in enumerate(workbook.sheet_names):
        scanned = None
        try:  # calamine reads the whole sheet here, so its broken XML shows here
            if index == 0:
                sheet, scanned = _read_and_scan(workbook, path, name)
            else:
                sheet = workbook.get_sheet_by_index(index)
        except CalamineError as error:
            raise PortalError(
                _(
                    "Sheet “%(sheet)s” of the workbook is damaged and cannot be read (%(error)s). Open the file "
                    "in Excel, save it again as .xlsx and upload it."
                )
                % {"sheet": name, "error": error}
            ) from error
        # iter_rows starts at the sheet's row 1 but at its first used column.
        source = _find_header(enumerate(sheet.iter_rows(), start=1))
        if source is not None:
            first_column = sheet.start[1]
            columns = {first_column + i: column for column, i in source.positions.items()}
            if isinstance(scanned, PortalError):
                raise scanned
            bad = pick(scanned, set(columns)) if scanned is not None else bad_cells(path, name, set(columns))
            if bad:
                source.rows = _with_bad_cells(source.rows, bad, columns)
            return source
    raise PortalError(_("No sheet has a header row with the columns %(columns)s.") % {"columns": ", ".join(REQUIRED)})


def _read_and_scan(workbook, path, name: str):
    """(the first sheet, every_bad_cell's list or None or the PortalError it raised). calamine reads
    the sheet with the GIL released, so the scan of its XML for bad cells (every column: the header
    is not known yet) runs meanwhile on another core instead of after it. A damaged sheet is named
    by calamine's error first, as when the two ran one after the other."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(workbook.get_sheet_by_index, 0)
        try:
            scanned = every_bad_cell(path, name)
        except PortalError as error:
            scanned = error
        return reading.result(), scanned


def _with_bad_cells(rows, bad: dict[int, tuple[int, str, str | None]], columns: dict[int, str]):
    for number, cells in rows:
        if number not in bad:
            yield number, cells
            continue
        column, reference, error = bad[number]
        if error is None:
            yield number, DamagedRow(cells, "formula_without_value", {"column": columns[column], "cell": reference})
        else:
            yield (
                number,
                DamagedRow(cells, "excel_error", {"column": columns[column], "cell": reference, "error": error}),
            )


def _text_encoding(path) -> tuple[str, bool]:
    """(encoding, whether the file has NUL bytes), decided on the whole file before any row is read.
    UTF-8 if all of it is UTF-8; Windows-1251 if all of it is Windows-1251 and everything before the
    first byte that is not UTF-8 is plain ASCII (both encodings read that part alike, so a late
    Cyrillic word changes nothing already read); anything else mixes encodings and is refused."""
    with open(path, "rb") as handle:
        encoding = "utf-8-sig" if handle.read(3) == codecs.BOM_UTF8 else "utf-8"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        plain_so_far, has_nul = True, False
        chunk, following = handle.read(CHUNK), None
        while chunk:
            if following is None:
                following = handle.read(CHUNK)
            has_nul = has_nul or b"\x00" in chunk
            try:
                decoder.decode(chunk, final=not following)
            except UnicodeDecodeError as error:
                if encoding == "cp1251" or not (plain_so_far and error.object[: error.start].isascii()):
                    raise PortalError(_("The file mixes text encodings: save it again as CSV UTF-8.")) from error
                encoding, decoder = "cp1251", codecs.getincrementaldecoder("cp1251")()
                chunk = chunk[error.start :]
                continue  # the rest of this chunk again, as Windows-1251
            plain_so_far = plain_so_far and chunk.isascii()
            chunk, following = following, None
    return encoding, has_nul


def _csv_rows(path) -> RowSource:
    with open(path, "rb") as handle:
        sample = handle.read(CHUNK)
    # NUL bytes in the first line: UTF-16 text, or a workbook renamed to .csv. Further on, only the
    # row that has them is rejected.
    if b"\x00" in sample.split(b"\n", 1)[0]:
        raise PortalError(
            _("The file contains NUL bytes, so it is not a CSV text file. Save it again as CSV (UTF-8) or XLSX.")
        )
    encoding, has_nul = _text_encoding(path)
    lines = sample.decode(encoding, errors="replace").splitlines()[:HEADER_SEARCH_ROWS] or [""]
    delimiter = csv_delimiter(lines)
    stream = open(path, encoding=encoding, newline="")  # noqa: SIM115 — closed when the rows are consumed
    source = _find_header(_csv_records(stream, delimiter, has_nul))
    if source is None:
        raise PortalError(
            _("No header row with the columns %(columns)s was found in the first rows.")
            % {"columns": ", ".join(REQUIRED)}
        )
    return source


def _csv_records(stream, delimiter: str, has_nul: bool):
    """(record number, cells). A record with NUL bytes, or with a field over the csv module's size
    limit, is a DamagedRow; a record whose end cannot be found (an unclosed quote running past the
    limit) refuses the file, since the records after it cannot be told apart."""
    last_line = [""]

    def lines():
        for line in stream:
            last_line[0] = line
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    number = 0
    with stream:
        while True:
            first_line = reader.line_num + 1
            try:
                for cells in reader:
                    number += 1
                    if has_nul and any("\x00" in cell for cell in cells):
                        cells = DamagedRow(cells, "nul_bytes")
                    yield number, cells
                    first_line = reader.line_num + 1
                return
            except csv.Error as error:
                number += 1
                # The csv module drops the rest of the line: safe only if the record is that one line
                # and no quote is left open at its end.
                if reader.line_num != first_line or last_line[0].count('"') % 2:
                    raise PortalError(
                        _(
                            "The CSV file is damaged near row %(row)s: a quotation mark there is not closed, so the "
                            "rows after it cannot be told apart. Correct the quotes and upload the file again."
                        )
                        % {"row": number}
                    ) from error
                yield number, DamagedRow([last_line[0][:200]], "field_too_long", {"limit": csv.field_size_limit()})


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
