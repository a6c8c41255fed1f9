"""Row validation for sell-through reports: cells → a typed sales record, or the reason a person
can act on. Pure functions over plain values (the fiscal quarters come in as a list)."""

import bisect
import contextlib
import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from distributors.report_files import DamagedRow
from distributors.row_reasons import reason_text

EXCEL_EPOCH = date(1899, 12, 30)
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")  # [0-9]: \d would take other scripts' digits
_RU = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
# 12.11.26: LibreOffice in a Russian locale saves a two-digit year; it is 20yy (no sale predates 2000).
_RU_SHORT = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{2})(?![0-9])")
# 05/06/2026: day-month or month-day depends on who wrote it, so it is refused rather than guessed.
_SLASHED = re.compile(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?![0-9])")


class RowRejected(Exception):
    """A row that cannot be stored: a code of `row_reasons.MESSAGES` and its parameters. The
    sentence is made only when read (`str()` gives it in the active language)."""

    def __init__(self, code: str, params: dict | None = None):
        super().__init__(code)
        self.code = code
        self.params = params or {}

    def __str__(self):
        return reason_text(self.code, self.params)


class SalesRecord(NamedTuple):
    """A valid row. A NamedTuple (immutable; built four times faster than a frozen dataclass, and
    storage extends it into a database row with one tuple concatenation)."""

    row_number: int
    invoice_number: str
    invoice_date: date
    quarter_id: int
    partner_ref: str
    sku: str
    quantity: int
    model: str
    unit_price: Decimal | None


class QuarterFinder:
    """Which stored fiscal quarter a date falls in (inclusive dates)."""

    def __init__(self, quarters):  # [(start, end, id)]
        self._quarters = sorted(quarters)
        self._starts = [q[0] for q in self._quarters]

    def find(self, day: date) -> int | None:
        index = bisect.bisect_right(self._starts, day) - 1
        if index >= 0 and day <= self._quarters[index][1]:
            return self._quarters[index][2]
        return None


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial day number left unformatted
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise RowRejected("date_number", {"value": text(value)})
    raw = text(value)
    for pattern, order, century in ((_ISO, (1, 2, 3), 0), (_RU, (3, 2, 1), 0), (_RU_SHORT, (3, 2, 1), 2000)):
        match = pattern.match(raw)
        if match:
            try:
                return date(
                    century + int(match.group(order[0])), int(match.group(order[1])), int(match.group(order[2]))
                )
            except ValueError:
                raise RowRejected("date_no_such_day", {"value": raw}) from None
    if not raw:
        raise RowRejected("date_empty")
    if _SLASHED.match(raw):
        raise RowRejected("date_ambiguous", {"value": raw})
    raise RowRejected("date_format", {"value": raw})


_WHOLE = re.compile(r"[+-]?[0-9]+(?:[.,]0+)?")  # ASCII digits: int() would also take "1_000" and "١٢"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # Decimal() would also take "NaN", "1e3"


def parse_quantity(value) -> int:
    if isinstance(value, bool):
        raise RowRejected("quantity_not_whole")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise RowRejected("quantity_fraction", {"value": text(value)})
        number = int(value)
    else:
        raw = text(value).replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise RowRejected("quantity_empty")
        if _WHOLE.fullmatch(raw) is None:
            raise RowRejected("quantity_not_digits", {"value": raw})
        number = int(re.split(r"[.,]", raw)[0])
    if number == 0:
        raise RowRejected("quantity_zero")
    if abs(number) > 1_000_000:
        raise RowRejected("quantity_too_large", {"value": number})
    return number


_CENT = Decimal("0.01")
_PRICE_LIMIT = Decimal("1e12")
_PLAIN_PRICE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,2})?")  # "28500.00": in range, nothing to round


def parse_price(value) -> Decimal | None:
    if type(value) is str and _PLAIN_PRICE.fullmatch(value):
        return Decimal(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise RowRejected("price_not_a_number", {"value": text(value)})
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # a number cell
        price = Decimal(repr(value))
        raw = text(value)
    else:
        raw = text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not raw:
            return None
        if _NUMBER.fullmatch(raw) is None:
            raise RowRejected("price_not_a_number", {"value": raw})
        price = Decimal(raw)
    if not 0 <= price < _PRICE_LIMIT:
        raise RowRejected("price_out_of_range", {"value": raw})
    return price.quantize(_CENT)


def partner_ref(value) -> str:
    if type(value) is str:
        return value.strip()
    raw = text(value)
    return raw[:-2] if raw.endswith(".0") and raw[:-2].isdigit() else raw


class RowValidator:
    """Validates the rows of one file: column positions fixed, dates and their quarters memoised (a report
    has a few dozen distinct dates but up to a million rows), fast paths for plain text cells."""

    def __init__(self, positions: dict[str, int], quarters: QuarterFinder, *, received_on: date | None = None):
        self.quarters = quarters
        self.received_on = received_on  # sales dated after the day the report came in are not sales yet
        self.index = [
            positions.get(c)
            for c in ("invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price")
        ]
        self.width = max(i for i in self.index if i is not None) + 1
        self._dates: dict = {}

    def _date(self, value) -> tuple[date, int]:
        try:
            found = self._dates[value]
        except (KeyError, TypeError):
            try:
                day = parse_date(value)
                if self.received_on is not None and day > self.received_on:
                    raise RowRejected(
                        "date_after_received",
                        {"date": day.strftime("%d.%m.%Y"), "received": self.received_on.strftime("%d.%m.%Y")},
                    )
                quarter_id = self.quarters.find(day)
                if quarter_id is None:
                    raise RowRejected("date_outside_quarters", {"date": day.strftime("%d.%m.%Y")})
                found = (day, quarter_id)
            except RowRejected as reason:
                found = reason
            with contextlib.suppress(TypeError):
                self._dates[value] = found
        if isinstance(found, RowRejected):
            raise found
        return found

    def __call__(self, row_number: int, cells: list) -> SalesRecord:
        if type(cells) is DamagedRow:
            raise RowRejected(cells.code, cells.params)
        if len(cells) < self.width:
            cells = list(cells) + [None] * (self.width - len(cells))
        i_inv, i_date, i_partner, i_sku, i_qty, i_model, i_price = self.index
        invoice_number = cells[i_inv]
        invoice_number = invoice_number.strip() if type(invoice_number) is str else text(invoice_number)
        if not invoice_number:
            raise RowRejected("invoice_empty")
        if len(invoice_number) > 60:
            raise RowRejected("invoice_too_long")
        invoice_date, quarter_id = self._date(cells[i_date])
        partner = cells[i_partner]
        if type(partner) is str:
            partner = partner.strip()
        elif type(partner) is float and partner.is_integer() and partner >= 0:  # a number cell (xlsx)
            partner = str(int(partner))
        else:
            partner = partner_ref(partner)
        if not partner:
            raise RowRejected("partner_empty")
        if len(partner) > 40:
            raise RowRejected("partner_too_long")
        if not (partner.isdigit() and partner.isascii()):
            raise RowRejected("partner_not_dell_id", {"value": partner})
        sku = cells[i_sku]
        sku = sku.strip().upper() if type(sku) is str else text(sku).upper()
        if not sku:
            raise RowRejected("sku_empty")
        if len(sku) > 40:
            raise RowRejected("sku_too_long")
        raw_quantity = cells[i_qty]
        if type(raw_quantity) is str:
            quantity = int(raw_quantity) if raw_quantity.isdigit() and raw_quantity.isascii() else None
        elif type(raw_quantity) is float and raw_quantity.is_integer():  # a number cell (xlsx)
            quantity = int(raw_quantity)
        elif type(raw_quantity) is int:
            quantity = raw_quantity
        else:
            quantity = None
        if quantity is None or quantity == 0 or abs(quantity) > 1_000_000:
            quantity = parse_quantity(raw_quantity)
        model = cells[i_model] if i_model is not None else None
        model = model.strip() if type(model) is str else text(model)
        if "\x00" in invoice_number or "\x00" in sku or "\x00" in model:  # PostgreSQL text cannot hold it
            raise RowRejected("nul_bytes")
        model = model[:200]
        price = cells[i_price] if i_price is not None else None
        return SalesRecord(
            row_number,
            invoice_number,
            invoice_date,
            quarter_id,
            partner,
            sku,
            quantity,
            model,
            # parse_price's first test, inlined for the usual cell ("28500.00")
            Decimal(price)
            if type(price) is str and _PLAIN_PRICE.fullmatch(price)
            else parse_price(price)
            if price not in (None, "")
            else None,
        )
