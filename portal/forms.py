"""Page forms: they parse and validate input; services decide."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from portal.models import PartnerApplication, PartnerSegment, Region, Specialization, User
from toolkit.validators import ascii_digits, pr_number, validate_inn, validate_kpp


class BootstrapMixin:
    """Adds Bootstrap classes to widgets so templates can render fields in one loop."""

    def _style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue  # Django puts widget classes on the wrapper too; portal.css styles these
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class ApplicationForm(BootstrapMixin, forms.ModelForm):
    """The public registration form: contact person, company, specialization, segment."""

    contact_phone = PhoneNumberField(label=_("Phone"), region="RU", help_text=_("For example +7 495 123-45-67"))
    region = forms.ModelChoiceField(Region.objects.all(), label=_("Federal district"), empty_label=_("— choose —"))
    specializations = forms.ModelMultipleChoiceField(
        Specialization.objects.filter(is_active=True),
        label=_("Specialization"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    consent = forms.BooleanField(
        label=_("I agree that Dell processes these data to handle my application."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = PartnerApplication
        fields = [
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "legal_name",
            "inn",
            "city",
            "region",
            "address",
            "website",
            "specializations",
            "segment",
        ]
        labels = {
            "contact_name": _("Full name"),
            "contact_position": _("Position"),
            "contact_email": _("E-mail"),
            "legal_name": _("Legal name of the company"),
            "inn": _("INN"),
            "city": _("City"),
            "address": _("Address"),
            "website": _("Website"),
            "segment": _("Segment"),
        }
        help_texts = {
            "inn": _("10 digits for a company, 12 for a sole trader."),
            "legal_name": _("As in the register, e.g. ООО «Ромашка»."),
            "contact_email": _("Your PR number and, later, your Dell ID and login come to this address."),
        }
        widgets = {"segment": forms.RadioSelect, "address": forms.TextInput}

    field_groups = [
        (_("Contact person"), ["contact_name", "contact_position", "contact_email", "contact_phone"]),
        (_("Company"), ["legal_name", "inn", "city", "region", "address", "website"]),
        (_("Specialization and segment"), ["specializations", "segment"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [c for c in self.fields["segment"].choices if c[0]]
        self._style_widgets()
        self.fields["inn"].widget.attrs.update(inputmode="numeric", autocomplete="off", maxlength="12")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")

    def clean_inn(self):
        # People type the INN in groups ("7707 083 893"); the duplicate check needs the stored form.
        return ascii_digits("".join(self.cleaned_data["inn"].split()))

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.field_groups]


class StatusLookupForm(BootstrapMixin, forms.Form):
    pr_number = forms.CharField(label=_("PR number"), max_length=20)
    email = forms.EmailField(label=_("E-mail used in the application"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_pr_number(self):
        return pr_number(self.cleaned_data["pr_number"])


class InviteColleagueForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class ActivationForm(BootstrapMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant will read it)"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )


class CompanyProfileForm(BootstrapMixin, forms.Form):
    """The company profile: contacts apply at once, legal data waits for the account manager."""

    phone = PhoneNumberField(label=_("Phone"), region="RU", required=False, help_text=_("For example +7 495 123-45-67"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    city = forms.CharField(label=_("City"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=500)
    segment = forms.ChoiceField(label=_("Segment"), choices=PartnerSegment.choices)
    specializations = forms.ModelMultipleChoiceField(
        Specialization.objects.filter(is_active=True),
        label=_("Specializations"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    legal_name = forms.CharField(label=_("Legal name"), max_length=300)
    inn = forms.CharField(label=_("INN"), max_length=12, validators=[validate_inn])
    kpp = forms.CharField(label=_("KPP"), max_length=9, required=False, validators=[validate_kpp])

    CONTACTS = ["phone", "website", "city", "address", "segment", "specializations"]
    LEGAL = ["legal_name", "inn", "kpp"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_inn(self):
        return ascii_digits(self.cleaned_data["inn"])

    def contact_fields(self):
        return [self[name] for name in self.CONTACTS]

    def legal_fields(self):
        return [self[name] for name in self.LEGAL]


class OwnProfileForm(BootstrapMixin, forms.ModelForm):
    phone = PhoneNumberField(label=_("Phone"), region="RU", required=False)

    class Meta:
        model = User
        fields = ["full_name", "position", "phone", "language"]
        labels = {"full_name": _("Full name"), "position": _("Position"), "language": _("Language of the portal")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
