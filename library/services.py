"""What changes the library: staff save an asset (its preview is made by a worker), a partner's
user downloads one (counted per asset and partner). Docs: docs/tools.md."""

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from library import previews, selectors
from library.models import Asset, Download, PreviewState
from portal.outbox import enqueue
from toolkit.errors import PortalError
from toolkit.files import local_copy


@transaction.atomic
def asset_save(*, actor, asset: Asset, file_changed: bool) -> Asset:
    """Save an asset as the admin form filled it; a new file gets a new preview."""
    if asset.pk is None:
        asset.created_by = actor
    if file_changed:
        asset.filename = PurePath(asset.file.name).name
        asset.preview_state = PreviewState.PENDING
    asset.save()
    if file_changed:
        from library.tasks import make_asset_preview

        enqueue(make_asset_preview, asset.pk)
    return asset


def asset_make_preview(asset_id: int) -> str:
    """Idempotent: an asset whose preview is made (or impossible) is left alone."""
    asset = Asset.objects.filter(pk=asset_id).first()
    if asset is None or asset.preview_state != PreviewState.PENDING:
        return "skipped"
    suffix = PurePath(asset.file.name).suffix
    with local_copy(asset.file, suffix=suffix) as path:
        picture = previews.preview_of(path, suffix)
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset_id)
        if asset.preview_state != PreviewState.PENDING:
            return "skipped"
        if picture is None:
            asset.preview_state = PreviewState.NONE
        else:
            if asset.preview:
                asset.preview.delete(save=False)
            asset.preview.save(f"asset-{asset.pk}.png", ContentFile(picture), save=False)
            asset.preview_state = PreviewState.READY
        asset.save(update_fields=["preview", "preview_state"])
    return asset.preview_state


def asset_download(*, actor, asset_id: int) -> Asset:
    """The asset a partner's user may download, counted for the partner. Not visible: refused (the
    view answers 404, as for an asset that does not exist)."""
    asset = selectors.assets_visible_to(actor).filter(pk=asset_id).first()
    if asset is None:
        raise PortalError(_("This file is not available to your company."))
    with transaction.atomic():
        counter, _created = Download.objects.get_or_create(asset=asset, partner_id=actor.partner_id)
        Download.objects.filter(pk=counter.pk).update(count=F("count") + 1, last_at=timezone.now())
    return asset
