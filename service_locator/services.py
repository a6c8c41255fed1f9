"""What changes the service locator: staff import the centers from a file (docs/tools.md)."""

import logging

from django.db import transaction

from service_locator.imports import CenterImportResult, read_centers
from service_locator.models import ServiceCenter, search_key

log = logging.getLogger(__name__)
FIELDS = ("city", "address", "phone", "service_partner", "serves_pl_cis", "serves_nbd")


@transaction.atomic
def service_centers_import(*, actor, raw: bytes, filename: str) -> CenterImportResult:
    """Store the file's valid rows (a center of the same city and address is updated, in any case)
    and report the others. The same file twice changes nothing."""
    result = CenterImportResult()
    rows = read_centers(raw, filename, result)
    existing = {(c.city_key, c.address_key): c for c in ServiceCenter.objects.select_for_update()}
    for row in rows:
        center = existing.get((search_key(row["city"]), search_key(row["address"])))
        if center is None:
            ServiceCenter(**row).save()
            result.created += 1
        elif any(getattr(center, name) != row[name] for name in FIELDS):
            for name in FIELDS:
                setattr(center, name, row[name])
            center.save()
            result.updated += 1
        else:
            result.unchanged += 1
    log.info(
        "service centers imported by %s from %s: %s new, %s updated, %s rejected",
        actor.pk, filename, result.created, result.updated, len(result.errors),
    )  # fmt: skip
    return result
