"""Query parameters of the rebates API, parsed by django-filter: a value that is not what the
parameter takes is a 400 that names it, never a server error (no hand parsing)."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from rebates.models import PayoutLine, PayoutReason, Program

QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"
QUARTER_CODE = RegexValidator(r"\A\d{4}-Q[1-4]\Z", _("A quarter code looks like 2016-Q1."))


@extend_schema_field({"type": "string", "pattern": QUARTER_PATTERN, "example": "2016-Q1"})
class QuarterFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, validators=[QUARTER_CODE], **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number that fits a bigint (a longer one is a 400, not an overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


class ProgramFilter(django_filters.FilterSet):
    quarter = QuarterFilter(field_name="quarter__code", help_text="e.g. 2016-Q1; default: the current quarter")

    class Meta:
        model = Program
        fields = ["quarter"]


class PayoutLineFilter(django_filters.FilterSet):
    quarter = QuarterFilter(field_name="run__quarter__code", help_text="e.g. 2016-Q1")
    run = IdFilter(field_name="run_id", help_text="a payout run's number")
    reason = django_filters.ChoiceFilter(choices=PayoutReason.choices)

    class Meta:
        model = PayoutLine
        fields = ["quarter", "run", "reason"]
