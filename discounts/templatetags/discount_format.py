from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value):
    """3 %, 0,5 %, 2,25 %: a discount with the decimals it has (none trailing), in the active
    language's decimal mark."""
    if value is None or value == "":
        return "—"
    places = min(2, max(0, -Decimal(value).normalize().as_tuple().exponent))
    return f"{floatformat(value, places)}\u00a0%"
