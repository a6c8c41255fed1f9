from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(size=(800, 600)) -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def lines(brochure):
    from catalog.models import ProductLine

    xps, _ = ProductLine.objects.get_or_create(code="xps", defaults={"name": "XPS", "segment": "consumer"})
    latitude, _ = ProductLine.objects.get_or_create(
        code="latitude", defaults={"name": "Latitude", "segment": "commercial"}
    )
    return {"xps": xps, "latitude": latitude}


@pytest.fixture
def make_asset(lines, program_admin, django_capture_on_commit_callbacks):
    """make_asset(title, kind=…, line="xps", segment="", content=…, name=…, valid_until=…) — through
    the service, its preview made by the (in-process) task."""
    from library.models import Asset
    from library.services import asset_save

    def factory(title="Макет XPS 13 для баннера", *, kind="layout_online", line="xps", segment="",
                content=None, name="xps-banner.png", **fields):  # fmt: skip
        asset = Asset(title_ru=title, title_en=title, kind=kind, segment=segment, **fields)
        asset.file.save(name, ContentFile(content if content is not None else png_bytes()), save=False)
        with django_capture_on_commit_callbacks(execute=True):
            asset_save(actor=program_admin, asset=asset, file_changed=True)
        if line:
            asset.product_lines.add(lines[line])
        asset.refresh_from_db()
        return asset

    return factory


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)
