"""Previews of library assets: a thumbnail of an image, the first page of a PDF (pdftoppm, from
poppler-utils). Made by a worker from a local copy of the stored file; the preview is stored too."""

import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image, UnidentifiedImageError

PREVIEW_PIXELS = 480
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}


def image_thumbnail(path: Path) -> bytes | None:
    try:
        with Image.open(path) as image:
            image.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS))
            out = BytesIO()
            image.convert("RGB").save(out, "PNG")
            return out.getvalue()
    except (UnidentifiedImageError, OSError):
        return None


def pdf_first_page(path: Path) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="preview-") as directory:
        target = Path(directory) / "page"
        try:
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-scale-to",
                    str(PREVIEW_PIXELS),
                    path,
                    target,
                ],
                check=True,
                capture_output=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        page = target.with_suffix(".png")
        return page.read_bytes() if page.exists() else None


def preview_of(path: Path, suffix: str) -> bytes | None:
    """A PNG, or None when the file is of another kind or cannot be read."""
    suffix = suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return image_thumbnail(path)
    if suffix == ".pdf":
        return pdf_first_page(path)
    return None
