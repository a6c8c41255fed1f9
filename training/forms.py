from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BootstrapMixin
from training.models import Course

MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
# What the file really is, by its first bytes: a renamed text file is not a certificate.
CERTIFICATE_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def looks_like(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return head.startswith(CERTIFICATE_SIGNATURES[extension])


class CompletionReportForm(BootstrapMixin, forms.Form):
    course = forms.ModelChoiceField(
        Course.objects.filter(is_active=True), label=_("Course"), empty_label=_("— choose a course —")
    )
    completed_on = forms.DateField(label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate = forms.FileField(label=_("Certificate (PDF, PNG or JPG, up to 10 MB)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_certificate(self):
        certificate = self.cleaned_data["certificate"]
        if certificate.size > MAX_CERTIFICATE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        extension = "." + certificate.name.lower().rsplit(".", 1)[-1] if "." in certificate.name else ""
        if extension not in CERTIFICATE_SIGNATURES:
            raise forms.ValidationError(_("Upload the certificate as PDF, PNG or JPG."))
        if not looks_like(certificate, extension):
            raise forms.ValidationError(
                _("This file is not a real %(type)s: save or scan the certificate again as PDF, PNG or JPG.")
                % {"type": extension[1:].upper()}
            )
        return certificate
