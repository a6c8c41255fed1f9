"""Reads of PartnerAdvantage, including who may see what: a partner's user sees their own member
record, claims, orders and statement only; vendor staff see the partners of their districts."""

from datetime import date

from django.db.models import QuerySet, Sum

from advantage.models import Campaign, CampaignKind, Claim, ClaimStatus, Entry, Member, Order, Reward, Rules
from catalog.models import Product
from portal.selectors import regions_covered_by, sees_all_regions


def member_of(user) -> Member | None:
    if not user.is_authenticated or not user.partner_id:
        return None
    return Member.objects.filter(user=user, partner_id=user.partner_id).select_related("partner").first()


def current_rules() -> Rules | None:
    return Rules.objects.order_by("-published_at", "-pk").first()


def _scoped(queryset: QuerySet, user, partner_path: str) -> QuerySet:
    """Staff: everything when they see every district, else their districts' partners. Others: none."""
    if not user.is_authenticated or not user.is_staff:
        return queryset.none()
    if sees_all_regions(user):
        return queryset
    return queryset.filter(**{f"{partner_path}__region_id__in": regions_covered_by(user)})


def members_visible_to(user) -> QuerySet[Member]:
    return _scoped(Member.objects.select_related("user", "partner", "rules"), user, "partner")


def claims_visible_to(user) -> QuerySet[Claim]:
    claims = Claim.objects.select_related("member__user", "member__partner", "campaign", "distributor")
    if user.is_authenticated and user.partner_id:
        return claims.filter(member__user=user, member__partner_id=user.partner_id)
    return _scoped(claims, user, "member__partner")


def orders_visible_to(user) -> QuerySet[Order]:
    orders = Order.objects.select_related("member__user", "member__partner", "reward")
    if user.is_authenticated and user.partner_id:
        return orders.filter(member__user=user, member__partner_id=user.partner_id)
    return _scoped(orders, user, "member__partner")


def entries_visible_to(user) -> QuerySet[Entry]:
    entries = Entry.objects.select_related("member__user", "member__partner", "actor")
    if user.is_authenticated and user.partner_id:
        return entries.filter(member__user=user, member__partner_id=user.partner_id)
    return _scoped(entries, user, "member__partner")


def statement_of(member: Member) -> QuerySet[Entry]:
    return Entry.objects.filter(member=member).select_related("claim", "order__reward").order_by("-created_at", "-pk")


def balance(member: Member) -> int:
    return Entry.objects.filter(member=member).aggregate(total=Sum("points"))["total"] or 0


def reserved_points(member: Member) -> int:
    from advantage.models import OrderStatus

    return Order.objects.filter(member=member, status=OrderStatus.RESERVED).aggregate(t=Sum("points"))["t"] or 0


def catalog() -> QuerySet[Reward]:
    return Reward.objects.filter(is_active=True)


def campaigns_open(day: date, role: str | None = None, kind: str | None = None) -> list[Campaign]:
    """Active campaigns running on `day` (for a role). Roles are filtered here, not in SQL: SQLite's
    JSON fields have no `contains`."""
    campaigns = Campaign.objects.filter(is_active=True, starts_on__lte=day, ends_on__gte=day)
    if kind:
        campaigns = campaigns.filter(kind=kind)
    return [c for c in campaigns.order_by("starts_on", "pk") if role is None or role in c.roles]


def points_for_product(campaign: Campaign, product: Product) -> int | None:
    """Points per unit the campaign pays for a product: named by SKU, by its line, or by a rebate
    program's product group it belongs to (rebates' classification decides). The highest applies."""
    from rebates.selectors import product_groups_in

    found = []
    for item in campaign.products.select_related("product_group__program__quarter"):
        if (
            item.product_id == product.pk
            or item.product_line_id == product.line_id
            or item.product_group_id
            and item.product_group in product_groups_in(item.product_group.program.quarter, product)
        ):
            found.append(item.points_per_unit)
    return max(found) if found else None


def campaign_for_sale(member: Member, *, sku: str, day: date) -> tuple[Campaign, int] | None:
    """The campaign paying the most points per unit for this SKU sold on that day to this member's role."""
    product = Product.objects.select_related("line").filter(sku__iexact=sku.strip()).first()
    if product is None:
        return None
    best = None
    for campaign in campaigns_open(day, member.role, CampaignKind.SALES):
        points = points_for_product(campaign, product)
        if points and (best is None or points > best[1]):
            best = (campaign, points)
    return best


def campaign_points(campaign: Campaign, *, member: Member | None = None) -> int:
    """Points a campaign has paid (to one member): claims and courses; what caps are counted against."""
    from advantage.models import TrainingAward

    claims = Claim.objects.filter(campaign=campaign)
    awards = TrainingAward.objects.filter(campaign=campaign)
    if member is not None:
        claims, awards = claims.filter(member=member), awards.filter(member=member)
    return (claims.aggregate(t=Sum("points"))["t"] or 0) + (awards.aggregate(t=Sum("points"))["t"] or 0)


def claim_evidence(claim: Claim):
    """What the distributors reported for the claim's invoice (any SKU, any distributor) of the
    member's company: what staff look at before deciding a claim under review."""
    from django.db.models.functions import Trim, Upper

    from distributors.models import SalesLine

    return (
        SalesLine.objects.annotate(inv=Upper(Trim("invoice_number")))
        .filter(partner_id=claim.member.partner_id, inv=claim.invoice_number.strip().upper())
        .select_related("distributor", "report")
        .order_by("pk")
    )


def dashboard_summary(user) -> dict | None:
    member = member_of(user)
    if member is None:
        return None
    return {
        "member": member,
        "balance": balance(member),
        "pending": Claim.objects.filter(member=member, status=ClaimStatus.PENDING).count(),
    }
