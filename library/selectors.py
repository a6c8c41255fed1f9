"""Reads of the library, including which assets a partner may see (docs/tools.md)."""

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from library.models import Asset, Download
from portal.models import PartnerSegment


def assets_visible_to(user, *, today=None) -> QuerySet[Asset]:
    """A partner's users: assets valid today whose segment is empty, the partner's own, or any when
    the partner sells in both directions. Anyone else (staff work in the admin): none."""
    if not user.is_authenticated or not user.partner_id or not user.partner.is_active:
        return Asset.objects.none()
    today = today or timezone.localdate()
    assets = Asset.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
    )
    segment = user.partner.segment
    if segment != PartnerSegment.BOTH:
        assets = assets.filter(Q(segment="") | Q(segment=segment))
    return assets


def assets_search(assets: QuerySet[Asset], *, text: str = "", kind: str = "") -> QuerySet[Asset]:
    """By words of the title (either language) or the description, or a product line's code, name or
    other names ("XPS", "Latitude"); then by kind."""
    for word in text.split():
        assets = assets.filter(
            Q(title_ru__icontains=word)
            | Q(title_en__icontains=word)
            | Q(description__icontains=word)
            | Q(product_lines__name__icontains=word)
            | Q(product_lines__code__icontains=word)
            | Q(product_lines__aliases__icontains=word)
        )
    if kind:
        assets = assets.filter(kind=kind)
    return assets.distinct().prefetch_related("product_lines")


def downloads_of(asset: Asset) -> QuerySet[Download]:
    return asset.downloads.select_related("partner")


def total_downloads(asset: Asset) -> int:
    return asset.downloads.aggregate(total=Sum("count"))["total"] or 0
