"""Display helpers: RUB amounts as people write them (1 234 567,50 ₽ in Russian), dates as
25.11.2026 and moments as 25.11.2026 23:32 МСК (the vendor's staff work on Moscow time)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext

MOSCOW = ZoneInfo("Europe/Moscow")

register = template.Library()


@register.filter
def rub(amount):
    if amount is None or amount == "":
        return "—"
    return f"{floatformat(amount, '2g')}\u00a0₽"


@register.filter
def grouped(number):
    """A whole number as people read it: 12 000 in Russian, 12,000 in English (points, units)."""
    if number is None or number == "":
        return "—"
    return floatformat(number, "0g")


@register.filter
def rub_whole(amount):
    """Rates are whole roubles in the brochure: no kopecks when there are none."""
    if amount is None or amount == "":
        return "—"
    if amount == int(amount):
        return f"{floatformat(amount, '0g')}\u00a0₽"
    return rub(amount)


@register.filter
def moscow_date(value):
    """25.11.2026 (a moment: its Moscow date)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(MOSCOW)
    return value.strftime("%d.%m.%Y")


@register.filter
def moscow_datetime(value):
    """25.11.2026 23:32 МСК."""
    if value is None or value == "":
        return "—"
    # Translators: the abbreviation after a Moscow time, e.g. "25.11.2026 23:32 МСК".
    return f"{value.astimezone(MOSCOW):%d.%m.%Y %H:%M}\u00a0{gettext('MSK')}"
