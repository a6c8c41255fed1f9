"""The public search form: it parses the query; selectors search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BootstrapMixin
from service_locator.models import WarrantyType


class CenterSearchForm(BootstrapMixin, forms.Form):
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    warranty = forms.ChoiceField(
        label=_("Warranty type"), choices=[("", _("Any warranty type")), *WarrantyType.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"text": self.cleaned_data["city"], "warranty": self.cleaned_data["warranty"]}
