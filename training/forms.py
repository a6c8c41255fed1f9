from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BootstrapMixin
from training.models import Course

MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
CERTIFICATE_TYPES = (".pdf", ".png", ".jpg", ".jpeg")


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
        if not certificate.name.lower().endswith(CERTIFICATE_TYPES):
            raise forms.ValidationError(_("Upload the certificate as PDF, PNG or JPG."))
        return certificate
