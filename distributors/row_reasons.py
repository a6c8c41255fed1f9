"""Why a row of a report was rejected, as a code and its parameters (issue 14).

A row error stores the code and the parameters (the column's value, a date, a row number); the
sentence is made when someone reads it, in the reader's language: the report page, the API and the
rejected-rows file all call `reason_text`. Raising a rejection costs a tuple, not a translation,
so a file with many bad rows does not pay for gettext on every row."""

from django.utils.translation import gettext_lazy as _

# code → message with %(name)s parameters. Codes are stored: never rename one; add a new code.
MESSAGES = {
    # invoice_number
    "invoice_empty": _("invoice_number is empty."),
    "invoice_too_long": _("invoice_number is longer than 60 characters."),
    # invoice_date
    "date_empty": _("invoice_date is empty."),
    "date_number": _("invoice_date “%(value)s” is not a date."),
    "date_format": _("invoice_date “%(value)s” is not a date: use DD.MM.YYYY, DD.MM.YY or YYYY-MM-DD."),
    "date_no_such_day": _("invoice_date “%(value)s”: there is no such day in the calendar."),
    "date_ambiguous": _(
        "invoice_date “%(value)s” is ambiguous: with slashes the day and the month can be read either way. "
        "Write it as DD.MM.YYYY."
    ),
    "date_after_received": _(
        "invoice_date %(date)s is after the day the report was received (%(received)s): a sale is reported once it has happened."
    ),
    "date_outside_quarters": _("invoice_date %(date)s is outside every fiscal quarter the portal knows."),
    # partner_id
    "partner_empty": _("partner_id (the partner's Dell ID) is empty."),
    "partner_too_long": _("partner_id is longer than 40 characters."),
    "partner_not_dell_id": _("partner_id “%(value)s” is not a Dell ID: a Dell ID is written with the digits 0–9 only."),
    # sku
    "sku_empty": _("sku is empty."),
    "sku_too_long": _("sku is longer than 40 characters."),
    # quantity
    "quantity_not_whole": _("quantity must be a whole number."),
    "quantity_fraction": _("quantity %(value)s is not a whole number of units."),
    "quantity_empty": _("quantity is empty."),
    "quantity_not_digits": _("quantity “%(value)s” is not a whole number of units written with the digits 0–9."),
    "quantity_zero": _("quantity is 0: leave such rows out (a return is a negative quantity)."),
    "quantity_too_large": _("quantity %(value)s is implausibly large."),
    # unit_price
    "price_not_a_number": _("unit_price “%(value)s” is not a number."),
    "price_out_of_range": _("unit_price %(value)s is out of range."),
    # cells the reader could not take as they are (report_files.DamagedRow)
    "nul_bytes": _("The row contains NUL bytes: this part of the file is damaged."),
    "field_too_long": _("A field of this row is longer than %(limit)s characters: the row cannot be read."),
    "formula_without_value": _(
        "%(column)s (cell %(cell)s) is a formula without a saved value: open the file in Excel and save it "
        "again, so that the values are saved with the formulas."
    ),
    "excel_error": _("%(column)s (cell %(cell)s) holds the Excel error %(error)s."),
    # the line's key (invoice, SKU, Dell ID) seen before
    "duplicate_in_file": _("Duplicate of row %(row)s in this file (same invoice, SKU and Dell ID): counted once."),
    "already_stored": _("This line (invoice, SKU, Dell ID) is already stored from report #%(id)s: counted once."),
}


def reason_text(code: str, params: dict | None, stored_text: str = "") -> str:
    """The reason in the active language. Rows rejected before reasons had codes keep their text
    (`stored_text`); an unknown code (a newer release's) shows the code rather than nothing."""
    message = MESSAGES.get(code)
    if message is None:
        return stored_text or code
    text = str(message)  # translated now, in the active language
    try:
        return text % (params or {}) if "%(" in text else text
    except (KeyError, TypeError, ValueError):  # parameters of another release: the sentence without them
        return text
