from django import forms
from django.utils.translation import gettext_lazy as _

from rebates.models import Tier


class AcceptForm(forms.Form):
    tier = forms.ModelChoiceField(Tier.objects.none(), label=_("Plan"), widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = program.tiers.all()
