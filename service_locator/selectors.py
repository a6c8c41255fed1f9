"""Reads of the service locator: the public search by city and the brochure's counts, live."""

from django.db.models import QuerySet

from service_locator.models import ServiceCenter, search_key


def centers_in_city(text: str = "", *, warranty: str = "") -> QuerySet[ServiceCenter]:
    """Centers whose city contains the typed text in any case ("казань", "КАЗ"); then by warranty type."""
    centers = ServiceCenter.objects.all()
    if key := search_key(text):
        centers = centers.filter(city_key__contains=key)
    if warranty:
        centers = centers.filter(**{f"serves_{warranty}": True})
    return centers


def coverage() -> dict:
    """How many cities and centers there are ("117 городов, 262 сервисных центра" in the brochure)."""
    centers = ServiceCenter.objects.all()
    return {"cities": centers.values("city_key").distinct().count(), "centers": centers.count()}
