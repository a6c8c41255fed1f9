"""The certificate as a PDF (A4 landscape, fpdf2 with the DejaVu fonts shipped in toolkit/fonts, so
Cyrillic renders the same on every server) with a QR code of its public verification page."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

FONTS = Path(__file__).resolve().parent.parent / "toolkit" / "fonts"
NAVY = (13, 37, 63)


def certificate_pdf(certificate, *, language: str, verify_url: str) -> bytes:
    import qrcode
    from fpdf import FPDF

    partner = certificate.partner
    with translation.override(language):
        pdf = FPDF(orientation="L", format="A4")
        pdf.set_title(_("Dell Registered certificate %(number)s") % {"number": certificate.number})
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_auto_page_break(False)
        pdf.set_margins(28, 20, 28)
        pdf.add_page()
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, 277, 190)
        pdf.set_line_width(0.4)
        pdf.rect(14, 14, 269, 182)
        pdf.set_text_color(*NAVY)
        pdf.set_font("DejaVu", "B", 30)
        pdf.set_y(30)
        pdf.cell(0, 14, "Dell Registered", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 16)
        pdf.cell(0, 10, _("Partner certificate"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 8, _("This certifies that"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 22)
        pdf.multi_cell(0, 12, partner.legal_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(
            0, 8, _("INN %(inn)s · Dell ID %(dell_id)s") % {"inn": partner.inn, "dell_id": partner.dell_id},
            align="C", new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.ln(4)
        pdf.multi_cell(
            0, 8,
            _("is a Registered partner of the Dell PartnerDirect program and buys Dell products through authorized distributors."),
            align="C", new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.ln(6)
        pdf.set_font("DejaVu", "B", 13)
        valid = _("Valid from %(start)s to %(end)s") % {
            "start": certificate.valid_from.strftime("%d.%m.%Y"),
            "end": certificate.valid_until.strftime("%d.%m.%Y"),
        }
        pdf.cell(0, 9, valid, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.cell(0, 8, _("Certificate No. %(number)s") % {"number": certificate.number}, align="C")
        image = qrcode.make(verify_url, box_size=8, border=1).get_image()
        pdf.image(image, x=236, y=146, w=38)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_xy(150, 186)
        pdf.cell(124, 5, _("Check it: %(url)s") % {"url": verify_url}, align="R")
        return bytes(pdf.output())
