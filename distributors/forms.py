from django import forms
from django.utils.translation import gettext_lazy as _

from distributors.models import ReportStatus, SalesReport
from portal.forms import BootstrapMixin


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
