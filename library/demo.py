"""Demo library for `make run`: small placeholder files made at seed time (seed_tools)."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from catalog.models import ProductLine
from library.models import Asset
from library.services import asset_save

# (title RU, title EN, kind, line code, file name, format, colour)
DEMO_ASSETS = [
    ("Макет баннера XPS 13, онлайн", "XPS 13 banner layout, online", "layout_online", "xps", "xps-13-banner.png", "PNG", (0, 118, 206)),
    ("Листовка Latitude 5000, печать", "Latitude 5000 leaflet, print", "layout_offline", "latitude", "latitude-5000-leaflet.pdf", "PDF", (240, 240, 240)),
    ("Логотип Dell Registered Partner", "Dell Registered Partner logo", "logo", "", "dell-registered-logo.png", "PNG", (255, 255, 255)),
]  # fmt: skip


def _placeholder(text: str, fmt: str, colour) -> bytes:
    image = Image.new("RGB", (1200, 800) if fmt == "PNG" else (595, 842), colour)
    ImageDraw.Draw(image).text((40, 40), text, fill=(0, 0, 0) if sum(colour) > 400 else (255, 255, 255))
    out = BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def create_demo_assets(*, staff) -> int:
    """Idempotent: an asset whose Russian title exists is left alone. Returns how many were made."""
    made = 0
    for title_ru, title_en, kind, line, name, fmt, colour in DEMO_ASSETS:
        if Asset.objects.filter(title_ru=title_ru).exists():
            continue
        asset = Asset(title_ru=title_ru, title_en=title_en, kind=kind)
        asset.file.save(name, ContentFile(_placeholder(title_en, fmt, colour)), save=False)
        asset_save(actor=staff, asset=asset, file_changed=True)
        if line:
            asset.product_lines.set(ProductLine.objects.filter(code=line))
        made += 1
    return made
