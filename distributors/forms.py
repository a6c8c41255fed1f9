from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distributors.models import ReportStatus, SalesReport
from portal.forms import BootstrapMixin
from portal.models import Distributor


class ReportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Report file (.xlsx or .csv)"))
    replaces = forms.ModelChoiceField(
        SalesReport.objects.none(),
        required=False,
        label=_("This file corrects report"),
        empty_label=_("— a new report —"),
        help_text=_("The corrected file replaces the earlier report as a whole; totals change by the difference."),
    )

    def __init__(self, *args, distributor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = SalesReport.objects.filter(distributor=distributor, status=ReportStatus.DONE)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        self._style_widgets()


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Token name (e.g. the ERP export job)"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class ClaimForm(BootstrapMixin, forms.Form):
    """A partner's missing-ID claim: the sale as its invoice shows it."""

    distributor = forms.ModelChoiceField(
        Distributor.objects.filter(is_active=True).order_by("name"),
        label=_("Distributor"),
        help_text=_("The distributor you bought from."),
    )
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60)
    invoice_date = forms.DateField(label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"}))
    sku = forms.CharField(label=_("Article number (SKU)"), max_length=40)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_invoice_date(self):
        day = self.cleaned_data["invoice_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The invoice date is in the future: check it on the invoice."))
        return day


class ClaimRejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
