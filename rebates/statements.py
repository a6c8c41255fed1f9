"""Statements of an approved run: per distributor, what to pay each partner; per partner, its
rebate by program and distributor. Both are the run's own lines, so their totals are the run's."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from toolkit.spreadsheets import xlsx_response


def statement_rows(lines: QuerySet) -> tuple[list[str], list[list], object]:
    header = [_("Quarter"), _("Dell ID"), _("Partner"), _("Distributor"), _("Program"), _("Product group"), _("Net units"),
              _("Plan applied"), _("RUB per unit"), _("Amount, RUB"), _("Of which adjustment, RUB"), _("Reason")]  # fmt: skip
    rows, total = [], 0
    for line in lines.order_by("partner_ref", "distributor__name", "program__kind", "group_code"):
        rows.append([line.run.quarter.code, line.partner_ref, line.partner.legal_name if line.partner else "", line.distributor.name,
                     str(line.program), line.group_code, line.units, line.tier_units, line.rate, line.amount, line.adjustment,
                     line.get_reason_display()])  # fmt: skip
        total += line.amount
    return header, rows, total


def statement_xlsx(lines: QuerySet, filename: str):
    header, rows, total = statement_rows(lines)
    rows.append(["", "", "", "", "", "", "", "", _("Total"), total, "", ""])
    return xlsx_response(filename, header, rows)
