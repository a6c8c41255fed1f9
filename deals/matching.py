"""Which registrations are about the same customer and the same products: pure functions over plain
values, so the rule is tested on its own (docs/deals.md, "Conflicts")."""

import re
from datetime import date

# Legal forms written before or after a Russian company name; quotes of every kind.
LEGAL_FORMS = r"(ООО|ОАО|ЗАО|ПАО|АО|НАО|ИП|ФГУП|ГУП|МУП|ООО\s+НПО|LLC|JSC|LTD)"
_FORMS = re.compile(rf"(^|\s){LEGAL_FORMS}(?=\s|$)", re.IGNORECASE)
_QUOTES = re.compile(r"[«»\"'“”„‘’`]")
_SPACES = re.compile(r"[\s.,\-–—]+")


def company_key(name: str) -> str:
    """A company name as matching compares it: legal form, quotes, punctuation and case removed,
    ё as е. «ООО "Ромашка"», 'ромашка ооо' and 'ООО «РОМАШКА»' give the same key."""
    text = _QUOTES.sub(" ", name or "").replace("ё", "е").replace("Ё", "Е")
    text = _FORMS.sub(" ", text)
    return _SPACES.sub(" ", text).strip().casefold()


def same_customer(inn_a: str, name_a: str, inn_b: str, name_b: str) -> bool:
    """The INN first; only when either side has none, the normalised name."""
    if inn_a and inn_b:
        return inn_a == inn_b
    key_a, key_b = company_key(name_a), company_key(name_b)
    return bool(key_a) and key_a == key_b


def products_overlap(lines_a: set[str], lines_b: set[str]) -> bool:
    """Deals name product lines (a SKU counts as its line): any line in common is an overlap."""
    return bool(lines_a & lines_b)


def periods_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Open periods (end None: not decided yet, or no end) overlap from their start on."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)
