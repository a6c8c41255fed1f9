"""The discount list as xlsx: for distributors (their partners) and staff (the admin's export)."""

from django.utils.translation import gettext as _

from toolkit.spreadsheets import xlsx_response


def header() -> list[str]:
    return [
        _("Dell ID"),
        _("Partner"),
        _("INN"),
        _("Discount, %"),
        _("Standard, %"),
        _("For growth, %"),
        _("For services, %"),
        _("Discounts apply in"),
    ]


def rows(lines):
    for line in lines:
        yield [
            line.partner.dell_id,
            line.partner.legal_name,
            line.partner.inn,
            line.total_percent,
            line.standard_percent,
            line.growth_percent,
            line.attach_percent,
            line.run.applies_to.code,
        ]


def discounts_xlsx(run, lines, *, who: str):
    code = run.applies_to.code if run is not None else "none"
    return xlsx_response(f"discounts-{code}-{who}.xlsx", header(), rows(lines))
