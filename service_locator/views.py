"""The public service locator: warranty types and centers by city, no login needed."""

from django.core.paginator import Paginator
from django.shortcuts import render

from service_locator import selectors
from service_locator.forms import CenterSearchForm

CENTERS_PER_PAGE = 20


def service_centers(request):
    form = CenterSearchForm(request.GET or None)
    found = selectors.centers_in_city(**form.filters())
    page = Paginator(found, CENTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "service_locator/centers.html", {"form": form, "page": page, "coverage": selectors.coverage()}
    )
