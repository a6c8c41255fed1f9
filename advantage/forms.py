"""PartnerAdvantage forms: they parse input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from advantage.models import MemberRole
from portal.forms import BootstrapMixin
from portal.models import Distributor


class JoinForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("Your role in the company"), choices=MemberRole.choices, widget=forms.RadioSelect)
    rules_version = forms.CharField(widget=forms.HiddenInput)
    accept = forms.BooleanField(
        label=_("I have read and accept the PartnerAdvantage rules"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class ClaimForm(BootstrapMixin, forms.Form):
    distributor = forms.ModelChoiceField(
        Distributor.objects.filter(is_active=True), label=_("Distributor"), empty_label=_("— choose —")
    )
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60)
    invoice_date = forms.DateField(label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"}))
    sku = forms.CharField(label=_("SKU"), max_length=40, help_text=_("As on the invoice, e.g. 210-AAAA."))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class OrderForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Delivery address and wishes"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TrackingForm(forms.Form):
    reason = forms.CharField(
        label=_("Tracking note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Carrier and tracking number: the member reads it."),
    )


class AdjustmentForm(forms.Form):
    points = forms.IntegerField(label=_("Points (negative to take away)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)
