"""Forms of the lead pages: the decline's reason, a progress note; staff's choice of a partner."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BootstrapMixin


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why do you decline?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class NoteForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class OfferForm(forms.Form):
    """The admin's "Pass to a partner": only partners that suit the lead are offered."""

    partner = forms.ModelChoiceField(queryset=None, label=_("Partner"), empty_label=None)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
