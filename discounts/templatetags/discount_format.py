from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value):
    """3 %, 2,5 %: a discount without trailing zeros, in the active language's decimal mark."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(value, '-2')}\u00a0%"
