"""Query parameters of the deals API, parsed by django-filter: an unknown status is a 400 that names it."""

import django_filters

from deals.models import Deal, DealStatus


class DealFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DealStatus.choices)

    class Meta:
        model = Deal
        fields = ["status"]
