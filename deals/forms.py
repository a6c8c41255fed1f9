"""Deal forms: they parse and validate input; services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from deals import selectors
from deals.models import MAX_QUANTITY, PARTNER_FIELDS, Deal, PresaleHelp
from portal.forms import BootstrapMixin
from portal.models import Distributor, Region


class RoublesField(forms.DecimalField):
    """Amounts as people type them in Russian: «1 750 000,50» (spaces, a comma) as well as 1750000.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


class DealForm(BootstrapMixin, forms.ModelForm):
    amount = RoublesField(
        label=_("estimated amount, RUB"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Roubles, for the whole project."),
    )
    customer_region = forms.ModelChoiceField(
        Region.objects.all(), label=_("Customer's federal district"), empty_label=_("— choose —")
    )
    contact_phone = PhoneNumberField(label=_("Contact's phone"), region="RU", required=False)
    distributor = forms.ModelChoiceField(
        Distributor.objects.filter(is_active=True),
        label=_("Distributor you will buy through"),
        required=False,
        empty_label=_("— not decided yet —"),
    )
    presale_help = forms.MultipleChoiceField(
        choices=PresaleHelp.choices,
        label=_("Pre-sale support from the vendor"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty if you need none."),
    )

    class Meta:
        model = Deal
        fields = PARTNER_FIELDS
        widgets = {
            "close_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "presale_details": forms.Textarea(attrs={"rows": 3}),
            "customer_inn": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "12"}),
        }
        help_texts = {
            "customer_name": _("As in the customer's documents, e.g. ООО «Ромашка»."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_close_date(self):
        close_date = self.cleaned_data["close_date"]
        if close_date < timezone.localdate():
            raise forms.ValidationError(_("The expected close date cannot be in the past."))
        return close_date


class DealLineForm(BootstrapMixin, forms.Form):
    item = forms.CharField(
        label=_("SKU or product line"),
        max_length=100,
        required=False,
        help_text=_("A catalog SKU (210-AAAA) or a line: Latitude, Precision, P, U…"),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean(self):
        data = super().clean()
        item, quantity = (data.get("item") or "").strip(), data.get("quantity")
        if not item and not quantity:
            return data  # an empty row
        if not item:
            raise forms.ValidationError(_("Name the product or line of this quantity."))
        if not quantity:
            raise forms.ValidationError(_("Give the quantity of %(item)s.") % {"item": item})
        product, line = selectors.product_and_line(item)
        if line is None:
            raise forms.ValidationError(_("“%(item)s” is neither a catalog SKU nor a product line.") % {"item": item})
        data["line"] = {"product": product, "product_line": line, "quantity": quantity}
        return data


DealLineFormSet = forms.formset_factory(DealLineForm, extra=3, max_num=20, validate_max=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OutcomeForm(BootstrapMixin, forms.Form):
    won = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Won")), ("0", _("Lost"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    invoices = forms.CharField(label=_("Invoice numbers"), max_length=500, required=False)
    lost_reason = forms.CharField(label=_("Why it was lost"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
