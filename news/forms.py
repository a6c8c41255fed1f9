"""The webinar archive's filter: a product line."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductLine
from portal.forms import BootstrapMixin


class WebinarFilterForm(BootstrapMixin, forms.Form):
    line = forms.ModelChoiceField(
        label=_("Product line"),
        queryset=ProductLine.objects.order_by("name"),
        required=False,
        empty_label=_("All lines"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def line_id(self) -> int | None:
        if not self.is_valid() or not self.cleaned_data["line"]:
            return None
        return self.cleaned_data["line"].pk
