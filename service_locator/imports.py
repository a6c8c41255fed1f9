"""The service center file (город, адрес, телефон, сервисный партнер, гарантия): each row is
checked on its own; the valid rows are stored (a center found by city and address is updated) and
each bad row is reported with its number, as the catalog import does."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from service_locator.models import WarrantyType, search_key
from toolkit.errors import PortalError
from toolkit.spreadsheets import cell_text, read_rows

COLUMNS = {
    "city": {"город", "city_name"},
    "address": {"адрес"},
    "phone": {"телефон", "телефоны", "phones"},
    "service_partner": {"сервисный_партнер", "сервисный_партнёр", "партнер", "partner"},
    "warranty": {"гарантия", "тип_гарантии", "типы_гарантии", "warranty_types"},
}
REQUIRED = {"city", "address", "service_partner", "warranty"}
# What people write in the warranty column: "PL CIS", "NBD", "PL CIS, NBD", "pl-cis; nbd".
WARRANTY_NAMES = {"pl cis": WarrantyType.PL_CIS, "plcis": WarrantyType.PL_CIS, "pl_cis": WarrantyType.PL_CIS,
                  "pl-cis": WarrantyType.PL_CIS, "nbd": WarrantyType.NBD}  # fmt: skip


@dataclass
class CenterImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.errors)


def _warranty_types(text: str) -> set[str]:
    found = set()
    for name in text.replace(";", ",").replace("/", ",").split(","):
        if not (name := " ".join(name.casefold().split())):
            continue
        if name not in WARRANTY_NAMES:
            raise PortalError(_("Unknown warranty type “%(value)s”: write PL CIS or NBD.") % {"value": name})
        found.add(WARRANTY_NAMES[name])
    if not found:
        raise PortalError(_("Warranty types are empty: write PL CIS, NBD or both."))
    return found


def validate_row(values: dict) -> dict:
    """A row's cells → ServiceCenter fields, or PortalError with the reason."""
    city, address = cell_text(values.get("city")), cell_text(values.get("address"))
    partner = cell_text(values.get("service_partner"))
    if not city:
        raise PortalError(_("City is empty."))
    if not address:
        raise PortalError(_("Address is empty."))
    if not partner:
        raise PortalError(_("Service partner is empty."))
    if len(city) > 100 or len(address) > 300 or len(partner) > 200:
        raise PortalError(_("City, address or service partner is too long."))
    warranty = _warranty_types(cell_text(values.get("warranty")))
    return {
        "city": city,
        "address": address,
        "phone": cell_text(values.get("phone"))[:100],
        "service_partner": partner,
        "serves_pl_cis": WarrantyType.PL_CIS in warranty,
        "serves_nbd": WarrantyType.NBD in warranty,
    }


def read_centers(raw: bytes, filename: str, result: CenterImportResult) -> list[dict]:
    """The valid rows; the reasons of the others go into `result.errors`."""
    valid, seen = [], {}
    for number, values in read_rows(raw, filename, columns=COLUMNS, required=REQUIRED):
        try:
            row = validate_row(values)
            key = (search_key(row["city"]), search_key(row["address"]))
            if key in seen:
                raise PortalError(_("This city and address already appear in row %(row)s.") % {"row": seen[key]})
        except PortalError as error:
            result.errors.append((number, str(error.message)))
            continue
        seen[key] = number
        valid.append(row)
    return valid
