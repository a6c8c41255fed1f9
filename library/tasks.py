"""Library previews: a thin wrapper of the service, safe to run twice."""

from celery import shared_task

from library import services


@shared_task
def make_asset_preview(asset_id: int) -> str:
    return services.asset_make_preview(asset_id)
