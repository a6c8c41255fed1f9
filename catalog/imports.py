"""The product catalog file (sku, model, line, series, form_factor, diagonal): row by row
validation with a clear error per rejected row, then one idempotent upsert."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from catalog.models import FormFactor, ProductLine
from catalog.services import products_upsert
from toolkit.errors import PortalError
from toolkit.spreadsheets import cell_text, read_rows

COLUMNS = {
    "sku": {"артикул", "part_number", "sku_id"},
    "model": {"модель", "model_name"},
    "line": {"линейка", "product_line"},
    "series": {"серия"},
    "form_factor": {"форм_фактор", "тип", "formfactor"},
    "diagonal": {"диагональ", "diagonal_inches"},
}
REQUIRED = {"sku", "model", "line", "form_factor"}


@dataclass
class CatalogImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.errors)


def _form_factors() -> dict[str, str]:
    known = {}
    for value, label in FormFactor.choices:
        known[value] = value
        known[str(label).lower()] = value
    known.update(
        {
            "aio": "aio",
            "моноблок": "aio",
            "ноутбук": "notebook",
            "десктоп": "desktop",
            "планшет": "tablet",
            "монитор": "monitor",
            "сервер": "server",
            "рабочая станция": "workstation",
            "схд": "storage",
            "коммутатор": "switch",
        }
    )
    return known


def validate_row(values: dict, lines: dict, form_factors: dict) -> dict:
    """A row's cells → Product fields, or PortalError with the reason."""
    sku = cell_text(values.get("sku")).upper()
    model = cell_text(values.get("model"))
    if not sku:
        raise PortalError(_("SKU is empty."))
    if not model:
        raise PortalError(_("Model is empty."))
    line = lines.get(cell_text(values.get("line")).lower())
    if line is None:
        raise PortalError(_("Unknown product line “%(line)s”.") % {"line": cell_text(values.get("line"))})
    form_factor = form_factors.get(cell_text(values.get("form_factor")).lower())
    if form_factor is None:
        raise PortalError(_("Unknown form factor “%(value)s”.") % {"value": cell_text(values.get("form_factor"))})
    diagonal_text = cell_text(values.get("diagonal")).replace(",", ".").rstrip('"')
    diagonal = None
    if diagonal_text:
        try:
            diagonal = Decimal(diagonal_text).quantize(Decimal("0.1"))
        except InvalidOperation as error:
            raise PortalError(
                _("Diagonal “%(value)s” is not a number of inches.") % {"value": diagonal_text}
            ) from error
        if not Decimal("5") <= diagonal <= Decimal("100"):
            raise PortalError(_("Diagonal %(value)s is outside 5–100 inches.") % {"value": diagonal})
    if form_factor == "monitor" and diagonal is None:
        raise PortalError(_("A monitor needs its diagonal."))
    return {
        "sku": sku,
        "model": model,
        "line": line,
        "series": cell_text(values.get("series")),
        "form_factor": form_factor,
        "diagonal": diagonal,
    }


def import_products(raw: bytes, filename: str) -> CatalogImportResult:
    """Validate every row; store the valid ones (update by SKU). The same file twice changes nothing."""
    lines = {}
    product_lines = list(ProductLine.objects.all())
    for line in product_lines:
        lines.update({line.code.lower(): line, line.name.lower(): line})
    for line in product_lines:  # aliases never override another line's code or name
        for name in line.names()[2:]:
            lines.setdefault(name.lower(), line)
    form_factors = _form_factors()
    result = CatalogImportResult()
    valid, seen = [], {}
    for number, values in read_rows(raw, filename, columns=COLUMNS, required=REQUIRED):
        try:
            row = validate_row(values, lines, form_factors)
            if row["sku"] in seen:
                raise PortalError(
                    _("SKU %(sku)s already appears in row %(row)s.") % {"sku": row["sku"], "row": seen[row["sku"]]}
                )
        except PortalError as error:
            result.errors.append((number, str(error.message)))
            continue
        seen[row["sku"]] = number
        valid.append(row)
    result.created, result.updated, result.unchanged = products_upsert(valid)
    return result
