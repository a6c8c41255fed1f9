"""Display helpers: RUB amounts as people write them (1 234 567,50 ₽ in Russian)."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def rub(amount):
    if amount is None or amount == "":
        return "—"
    return f"{floatformat(amount, '2g')}\u00a0₽"


@register.filter
def rub_whole(amount):
    """Rates are whole roubles in the brochure: no kopecks when there are none."""
    if amount is None or amount == "":
        return "—"
    if amount == int(amount):
        return f"{floatformat(amount, '0g')}\u00a0₽"
    return rub(amount)
