"""Statements of an approved run: per distributor, what to pay each partner; per partner, its
rebate by program and distributor. Both are the run's own lines, so their totals are the run's.

The workbook is one a finance department files: a heading (quarter and its dates, recipient, where
the money stands, when it was made), group and reason names in the reader's language, amounts as
numbers formatted `# ##0,00 ₽`, column widths, frozen header and a totals row."""

import io

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rebates import brochure
from rebates.models import PayoutPayment, ProductGroup
from toolkit.spreadsheets import safe_cell

MONEY = '#,##0.00 "₽"'
UNITS = "#,##0"
# (header, width, number format)
COLUMNS = [
    (gettext_lazy("Dell ID"), 12, None),
    (gettext_lazy("Partner"), 36, None),
    (gettext_lazy("Distributor"), 22, None),
    (gettext_lazy("Program"), 30, None),
    (gettext_lazy("Product group"), 38, None),
    (gettext_lazy("Net units"), 11, UNITS),
    (gettext_lazy("Plan applied"), 11, UNITS),
    (gettext_lazy("RUB per unit"), 14, MONEY),
    (gettext_lazy("Amount, RUB"), 16, MONEY),
    (gettext_lazy("Of which adjustment, RUB"), 16, MONEY),
    (gettext_lazy("Reason"), 34, None),
]


def statement_rows(lines: QuerySet) -> tuple[list[list], object]:
    """The statement's rows (values as they go into the sheet) and their total."""
    lines = lines.select_related("partner", "distributor", "program").order_by(
        "partner_ref", "distributor__name", "program__kind", "group_code"
    )
    program_ids = {line.program_id for line in lines}
    groups = {(g.program_id, g.code): str(g) for g in ProductGroup.objects.filter(program_id__in=program_ids)}
    rows, total = [], 0
    for line in lines:
        rows.append([line.partner_ref, line.partner.legal_name if line.partner else "", line.distributor.name,
                     str(line.program), groups.get((line.program_id, line.group_code), line.group_code), line.units,
                     line.tier_units, line.rate, line.amount, line.adjustment, line.get_reason_display()])  # fmt: skip
        total += line.amount
    return rows, total


def statement_heading(run, recipient: str) -> list[tuple[str, str]]:
    quarter = run.quarter
    moscow = timezone.localtime(timezone.now(), brochure.MOSCOW)
    approved = timezone.localtime(run.approved_at, brochure.MOSCOW)
    status = _("approved %(date)s") % {"date": f"{approved:%d.%m.%Y}"}
    payments = [
        _("paid through %(distributor)s on %(date)s, payment order %(order)s")
        % {"distributor": p.distributor.name, "date": f"{p.paid_on:%d.%m.%Y}", "order": p.payment_order}
        for p in PayoutPayment.objects.filter(run=run).select_related("distributor").order_by("paid_on")
    ]
    return [
        (_("Quarter"), f"{quarter.code}: {quarter.start_date:%d.%m.%Y} — {quarter.end_date:%d.%m.%Y}"),
        (_("Recipient"), recipient),
        (_("Status"), "; ".join([status, *payments])),
        (_("Made"), f"{moscow:%d.%m.%Y %H:%M} " + _("Moscow time")),
    ]


def statement_xlsx(lines: QuerySet, *, run, recipient: str, filename: str) -> HttpResponse:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows, total = statement_rows(lines)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(_("Statement") + " " + run.quarter.code)[:31])
    for index, (_header, width, _format) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    heading = statement_heading(run, recipient)
    sheet.freeze_panes = f"A{len(heading) + 4}"  # below the column headers

    def cell(value, *, bold=False, number_format=None, wrap=False):
        written = WriteOnlyCell(sheet, value=safe_cell(value))
        if bold:
            written.font = Font(bold=True)
        if number_format:
            written.number_format = number_format
        if wrap:
            written.alignment = Alignment(wrap_text=True, vertical="top")
        return written

    sheet.append([cell(_("Rebate statement · Dell PartnerDirect"), bold=True)])
    for label, value in heading:
        sheet.append([cell(label, bold=True), cell(value)])
    sheet.append([])
    sheet.append([cell(str(header), bold=True, wrap=True) for header, _width, _format in COLUMNS])
    for row in rows:
        sheet.append([cell(value, number_format=fmt) for value, (_h, _w, fmt) in zip(row, COLUMNS, strict=True)])
    totals = [""] * len(COLUMNS)
    totals[7], totals[8] = _("Total"), total
    sheet.append([cell(value, bold=True, number_format=MONEY if i == 8 else None) for i, value in enumerate(totals)])

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
