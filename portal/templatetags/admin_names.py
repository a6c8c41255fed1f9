"""The admin templates' model names in the right Russian case (`portal.admin_names`)."""

from django import template

from portal import admin_names

register = template.Library()


@register.simple_tag
def counted(count, opts):
    """{% counted cl.result_count cl.opts %} → "5 заявок партнеров"."""
    return admin_names.counted(count, opts)


@register.simple_tag
def accusative(opts):
    """{% accusative opts %} → "заявку партнера" (after "Добавить")."""
    return admin_names.accusative(opts)
