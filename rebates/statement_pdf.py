"""The partner's statement as a PDF (A4 landscape), the same lines and heading as the xlsx
(rebates/statements.py), for filing and for the distributor who pays. Fonts ship with the project
(toolkit/fonts, DejaVu: Cyrillic, and no font is looked up on the server)."""

from pathlib import Path

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.templatetags.portal_format import rub
from rebates.statements import statement_heading, statement_rows

FONTS = Path(__file__).resolve().parent.parent / "toolkit" / "fonts"
# (header, width in mm, right-aligned); the sheet's columns without the partner's name (on top)
COLUMNS = [
    (gettext_lazy("Dell ID"), 18, "LEFT"),
    (gettext_lazy("Distributor"), 28, "LEFT"),
    (gettext_lazy("Program"), 53, "LEFT"),
    (gettext_lazy("Product group"), 55, "LEFT"),
    (gettext_lazy("Net units"), 16, "RIGHT"),
    (gettext_lazy("Plan applied"), 20, "RIGHT"),
    (gettext_lazy("RUB per unit"), 22, "RIGHT"),
    (gettext_lazy("Amount, RUB"), 28, "RIGHT"),
    (gettext_lazy("Reason"), 37, "LEFT"),
]


def _cells(row) -> list[str]:
    dell_id, _partner, distributor, program, group, units, plan, rate, amount, _adjustment, reason = row
    plain = [dell_id, distributor, program, group, units, plan if plan is not None else "—"]
    return [str(value) for value in plain] + [rub(rate), rub(amount), reason]


def statement_pdf(lines: QuerySet, *, run, recipient: str, filename: str) -> HttpResponse:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    rows, total = statement_rows(lines)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 9, _("Rebate statement · Dell PartnerDirect"), new_x="LMARGIN", new_y="NEXT")
    for label, value in statement_heading(run, recipient):
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(30, 5.5, str(label))
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5.5, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 7.5)
    # fpdf2's table wraps long names inside their cells and repeats the headings on each page.
    with pdf.table(
        col_widths=[width for _title, width, _align in COLUMNS],
        text_align=[align for _title, _width, align in COLUMNS],
        headings_style=FontFace(emphasis="BOLD", fill_color=(231, 241, 251)),
        line_height=4.2,
        padding=1,
    ) as table:
        table.row([str(title) for title, _width, _align in COLUMNS])
        for row in rows:
            table.row(_cells(row))
        totals = table.row()
        totals.cell(_("Total"), colspan=7, align="RIGHT")
        totals.cell(rub(total), style=FontFace(emphasis="BOLD"), align="RIGHT")
        totals.cell("")
    response = HttpResponse(bytes(pdf.output()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
