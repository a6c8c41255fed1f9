"""Reads: what exists, and what a given user may see."""

from django.db.models import QuerySet

from portal.models import (
    AccountManager,
    ChannelRole,
    Coverage,
    Direction,
    Partner,
    PartnerApplication,
    PartnerSegment,
)

ALL_REGIONS_PERMISSION = "portal.view_all_regions"


def sees_all_regions(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(ALL_REGIONS_PERMISSION))


def regions_covered_by(user) -> list[int]:
    """Ids of the districts whose partners this staff user looks after (empty for non-managers)."""
    return list(
        Coverage.objects.filter(manager__user=user, manager__is_active=True)
        .values_list("region_id", flat=True)
        .distinct()
    )


def applications_visible_to(user) -> QuerySet[PartnerApplication]:
    applications = PartnerApplication.objects.select_related("region", "partner")
    if sees_all_regions(user):
        return applications
    return applications.filter(region_id__in=regions_covered_by(user))


def partners_visible_to(user) -> QuerySet[Partner]:
    partners = Partner.objects.select_related("region")
    if sees_all_regions(user):
        return partners
    return partners.filter(region_id__in=regions_covered_by(user))


def directions_of(segment: str) -> list[str]:
    if segment == PartnerSegment.BOTH:
        return [Direction.COMMERCIAL, Direction.CONSUMER]
    return [segment]


def account_managers_for(*, region_id: int, segment: str) -> list[AccountManager]:
    """The partner's personal manager(s): who covers its district in its direction(s).

    A partner selling in both directions may have two managers (brochure p.11 splits some districts
    by direction); the commercial one is listed first."""
    coverage = (
        Coverage.objects.filter(region_id=region_id, direction__in=directions_of(segment), manager__is_active=True)
        .select_related("manager")
        .order_by("direction")
    )
    managers = []
    for row in coverage:
        if row.manager not in managers:
            managers.append(row.manager)
    return managers


def program_contacts() -> list[AccountManager]:
    """Managers everyone may write to: the partner-program and retail channel managers."""
    return list(
        AccountManager.objects.filter(is_active=True, role__in=[ChannelRole.PARTNER_PROGRAM, ChannelRole.RETAIL])
    )


def partners_covered_by(manager: AccountManager) -> QuerySet[Partner]:
    """Partners whose district and segment fall into the manager's coverage."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    for row in manager.coverage.all():
        segments = [PartnerSegment.BOTH, row.direction]
        condition |= Q(region_id=row.region_id, segment__in=segments)
    return Partner.objects.filter(condition).select_related("region")


def application_for_status_lookup(*, pr_number: str, email: str) -> PartnerApplication | None:
    """The application only when the PR number and the e-mail used both match; otherwise None,
    so a caller cannot tell a wrong e-mail from a PR number that does not exist."""
    return (
        PartnerApplication.objects.select_related("partner")
        .filter(pr_number__iexact=pr_number.strip(), contact_email__iexact=email.strip())
        .first()
    )
