"""The library's search form: it parses the query; selectors search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from library.models import AssetKind
from portal.forms import BootstrapMixin


class LibrarySearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Product, line or title"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *AssetKind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"text": self.cleaned_data["q"], "kind": self.cleaned_data["kind"]}
