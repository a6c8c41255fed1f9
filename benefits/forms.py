"""Forms of the "Где купить" pages: the partner's request, the public directory's search."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from benefits.models import ListingRequest
from portal.forms import BootstrapMixin
from portal.models import PartnerSegment, Region, Specialization


class ListingForm(BootstrapMixin, forms.ModelForm):
    phone = PhoneNumberField(
        label=_("Phone"),
        region="RU",
        help_text=_("For example +7 495 123-45-67"),
        error_messages={"invalid": _("Enter the phone with its area code, e.g. +7 495 123-45-67.")},
    )
    region = forms.ModelChoiceField(Region.objects.all(), label=_("Federal district"), empty_label=_("— choose —"))
    specializations = forms.ModelMultipleChoiceField(
        Specialization.objects.filter(is_active=True),
        label=_("Specialization"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Customers search the directory by these."),
    )

    class Meta:
        model = ListingRequest
        fields = ["city", "region", "address", "phone", "website", "segment", "specializations"]
        labels = {
            "city": _("City"),
            "address": _("Address"),
            "website": _("Website"),
            "segment": _("Customers you sell to"),
        }
        widgets = {"segment": forms.RadioSelect, "address": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [c for c in self.fields["segment"].choices if c[0]]
        self._style_widgets()

    def clean_phone(self):
        return self.cleaned_data["phone"].as_international  # shown to customers as dialled


class DirectorySearchForm(BootstrapMixin, forms.Form):
    """GET parameters of the public directory; a value it does not know is simply not applied."""

    city = forms.ChoiceField(label=_("City"), required=False)
    region = forms.ModelChoiceField(
        Region.objects.all(), label=_("Federal district"), required=False, empty_label=_("All districts")
    )
    specialization = forms.ModelChoiceField(
        Specialization.objects.filter(is_active=True),
        label=_("Specialization"),
        required=False,
        empty_label=_("Any specialization"),
    )
    segment = forms.ChoiceField(
        label=_("Customers"),
        required=False,
        choices=[
            ("", _("Any")),
            (PartnerSegment.CONSUMER, _("Private customers")),
            (PartnerSegment.COMMERCIAL, _("Organisations")),
        ],
    )

    def __init__(self, *args, cities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("All cities")), *((c, c) for c in cities)]
        self._style_widgets()

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # a value it does not know stays out of cleaned_data, so it filters nothing
        data = self.cleaned_data
        region, specialization = data.get("region"), data.get("specialization")
        return {
            # A city no one is listed in (an old link) finds no one, rather than everyone.
            "city": self.data.get("city", "").strip(),
            "region_id": region.pk if region else None,
            "specialization_id": specialization.pk if specialization else None,
            "segment": data.get("segment", ""),
        }
