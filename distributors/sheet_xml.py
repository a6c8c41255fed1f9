"""What python-calamine cannot tell about an xlsx sheet: the cells that hold a formula without a
saved value (workbooks written by programs rather than by Excel) and the cells that hold an Excel
error (#N/A, #DIV/0!). calamine reads both as an empty cell, so a price would be stored as missing.

The sheet's XML is scanned as bytes, after `check_xlsx_archive` refused DTDs: searching for the
rare formula and error markers costs about a second per 300 MB of sheet XML, where parsing the
XML again in Python would cost more than calamine's whole read."""

import contextlib
import posixpath
import re
import zipfile
import zlib

from defusedxml import DefusedXmlException, ElementTree
from django.utils.translation import gettext as _

from toolkit.errors import PortalError

CHUNK = 1 << 20
# More bad cells than rows a report may reject (services.MAX_REJECTED_ROWS) fail the report anyway;
# the limit also bounds the memory they take.
MAX_BAD_CELLS = 100_000
# every_bad_cell keeps at most this many cells of all columns (~30 MB).
ALL_CELLS_LIMIT = 2 * MAX_BAD_CELLS
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_TYPE = re.compile(rb'\st="(\w+)"')
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError, zlib.error)


def _damaged(part: str) -> PortalError:
    return PortalError(
        _("The workbook is damaged (%(part)s cannot be read). Save it again from Excel.") % {"part": part}
    )


def _xml(archive: zipfile.ZipFile, name: str):
    if name not in archive.namelist():
        return None
    try:
        return ElementTree.fromstring(archive.read(name))
    except (ElementTree.ParseError, DefusedXmlException, *_ZIP_ERRORS) as error:
        raise _damaged(name) from error


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """{relationship id: (type, target path in the archive)} of a package part ("" = the package)."""
    folder, name = posixpath.split(part)
    root = _xml(archive, posixpath.join(folder, "_rels", name + ".rels"))
    found = {}
    for item in root.iter() if root is not None else ():
        if _local(item.tag) == "Relationship":
            target = item.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[item.get("Id")] = (item.get("Type", ""), path)
    return found


def sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The archive path of a worksheet, found as Excel finds it: package → workbook → sheet."""
    package = _relationships(archive, "")
    workbook = next((path for kind, path in package.values() if kind.endswith("/officeDocument")), None)
    root = _xml(archive, workbook) if workbook else None
    if root is None:
        return None
    targets = _relationships(archive, workbook)
    for item in root.iter():
        if _local(item.tag) == "sheet" and item.get("name") == sheet_name:
            ids = [value for key, value in item.attrib.items() if _local(key) == "id"]
            return targets[ids[0]][1] if ids and ids[0] in targets else None
    return None


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


class _Markup:
    """The byte patterns of one sheet: some writers prefix every element (`<x:c>`)."""

    def __init__(self, prefix: bytes):
        p = re.escape(prefix)
        self.cell = b"<" + prefix + b"c"
        self.cell_end = b"</" + prefix + b"c>"
        self.row_end = b"</" + prefix + b"row>"
        self.formula = b"<" + prefix + b"f"
        # A formula element not followed by a non-empty value: nothing was saved for it.
        self.unsaved = re.compile(rb"<%sf\b[^>]*(?:/>|>[^<]*</%sf>)\s*(?!<%sv\b[^>]*>[^<])" % (p, p, p))
        self.value = re.compile(rb"<%sv\b[^>]*>([^<]*)<" % p)


def _segment_cells(segment: bytes, markup: _Markup):
    """(row, column, cell reference, Excel error or None) of the unsaved formulas and error cells in
    complete rows."""
    candidates = [m.start() for m in markup.unsaved.finditer(segment)] if markup.formula in segment else []
    position = segment.find(b' t="e"')
    while position != -1:
        candidates.append(position)
        position = segment.find(b' t="e"', position + 1)
    done = -1
    for position in sorted(candidates):
        start = segment.rfind(markup.cell, 0, position)
        if start <= done:
            continue  # an error cell with a formula: one problem, found twice
        done = start
        tag_end = segment.find(b">", start)
        attributes = segment[start:tag_end]
        kind = _TYPE.search(attributes)
        kind = kind.group(1) if kind else b"n"
        body_end = tag_end if attributes.endswith(b"/") else segment.find(markup.cell_end, tag_end)
        value = markup.value.search(segment, tag_end, body_end)
        if kind == b"str" and value:
            continue  # a formula whose saved result is the empty string
        reference = _REF.search(attributes)
        if reference is None:  # cells numbered by their order: some generators do it, Excel never
            raise PortalError(_("The workbook has formulas without saved values: open it in Excel and save it again."))
        error = value.group(1).decode(errors="replace") if kind == b"e" and value and value.group(1) else None
        yield (
            int(reference.group(2)),
            _column_index(reference.group(1)),
            (reference.group(1) + reference.group(2)).decode(),
            error,
        )


def bad_cells(path, sheet_name: str, columns: set[int]) -> dict[int, tuple[int, str, str | None]]:
    """{sheet row: (column, cell reference, Excel error or None for a formula without a saved
    value)}: the first such cell of each row among `columns` (0-based sheet columns)."""
    found: dict[int, tuple[int, str, str | None]] = {}
    with contextlib.closing(_scan(path, sheet_name)) as cells:
        for row, column, reference, error in cells:
            if column in columns and row not in found:
                found[row] = (column, reference, error)
                if len(found) > MAX_BAD_CELLS:
                    raise _too_many()
    return found


def every_bad_cell(path, sheet_name: str) -> list[tuple[int, int, str, str | None]] | None:
    """Every bad cell of the sheet in every column, in sheet order: (row, column, reference, error),
    for `pick` once the columns that matter are known (the scan can then run before the header is
    found, while calamine reads the sheet). None past ALL_CELLS_LIMIT: then ask `bad_cells`."""
    found = []
    with contextlib.closing(_scan(path, sheet_name)) as cells:
        for cell in cells:
            found.append(cell)
            if len(found) > ALL_CELLS_LIMIT:
                return None
    return found


def pick(cells: list[tuple[int, int, str, str | None]], columns: set[int]) -> dict[int, tuple[int, str, str | None]]:
    """What bad_cells(…, columns) gives, from every_bad_cell's list."""
    found: dict[int, tuple[int, str, str | None]] = {}
    for row, column, reference, error in cells:
        if column in columns and row not in found:
            found[row] = (column, reference, error)
    if len(found) > MAX_BAD_CELLS:
        raise _too_many()
    return found


def _too_many() -> PortalError:
    return PortalError(
        _(
            "More than %(n)s rows hold formulas without saved values or Excel errors: open the "
            "file in Excel, correct it, save it again and upload it."
        )
        % {"n": MAX_BAD_CELLS}
    )


def _scan(path, sheet_name: str):
    """(row, column, cell reference, Excel error or None) of every bad cell of the sheet, in order."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_part(archive, sheet_name)
        if part is None or part not in archive.namelist():
            raise _damaged(sheet_name)
        try:
            with archive.open(part) as xml:
                chunk = xml.read(CHUNK)
                root = _ROOT.search(chunk, 0, 4096)
                markup = _Markup(root.group(1) if root and root.group(1) else b"")
                tail = b""
                while chunk:
                    data, chunk = tail + chunk, xml.read(CHUNK)
                    cut = len(data)
                    if chunk:  # more to come: scan the complete rows, keep the rest for the next round
                        end = data.rfind(markup.row_end)
                        cut = end + len(markup.row_end) if end != -1 else 0
                    segment, tail = data[:cut], data[cut:]
                    yield from _segment_cells(segment, markup)
        except _ZIP_ERRORS as error:
            raise _damaged(part) from error
