"""The library: search, visibility, downloads through the permission check and their count, previews."""

import pytest
from django.urls import reverse

from library.models import Download, PreviewState
from library.services import asset_make_preview

pytestmark = pytest.mark.django_db


def test_a_partner_finds_an_asset_by_product_line_and_kind(client, partner_user, make_asset):
    make_asset("Макет XPS 13 для баннера")
    make_asset("Прайс Latitude", kind="document", line="latitude", name="price.txt", content=b"price")
    client.force_login(partner_user)
    page = client.get(reverse("library:library"), {"q": "xps"}).content.decode()
    assert "Макет XPS 13" in page and "Прайс Latitude" not in page
    page = client.get(reverse("library:library"), {"kind": "document"}).content.decode()
    assert "Прайс Latitude" in page and "Макет XPS 13" not in page


def test_a_download_is_counted_per_asset_and_partner(
    client, partner_user, partner_admin, other_partner_user, make_asset
):
    asset = make_asset()
    for user in (partner_user, partner_admin, other_partner_user):
        client.force_login(user)
        response = client.get(reverse("library:download", args=[asset.pk]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"] and "xps-banner" in response["Content-Disposition"]
    counts = {d.partner_id: d.count for d in Download.objects.filter(asset=asset)}
    assert counts == {partner_user.partner_id: 2, other_partner_user.partner_id: 1}


def test_a_partner_never_downloads_an_asset_not_visible_to_it(client, partner_user, make_asset, yesterday):
    """partner_a sells in both directions by default: make it a consumer-only partner."""
    partner = partner_user.partner
    partner.segment = "consumer"
    partner.save()
    hidden = [
        make_asset("Только коммерческим", segment="commercial"),
        make_asset("Устаревший макет", valid_until=yesterday),
    ]
    visible = make_asset("Всем")
    client.force_login(partner_user)
    for asset in hidden:
        assert client.get(reverse("library:download", args=[asset.pk])).status_code == 404
        assert client.get(reverse("library:preview", args=[asset.pk])).status_code == 404
    page = client.get(reverse("library:library")).content.decode()
    assert "Всем" in page and "Только коммерческим" not in page and "Устаревший" not in page
    assert client.get(reverse("library:download", args=[visible.pk])).status_code == 200
    assert not Download.objects.filter(asset__in=hidden).exists()


def test_staff_and_anonymous_visitors_download_nothing(client, account_manager, make_asset):
    asset = make_asset()
    assert client.get(reverse("library:download", args=[asset.pk])).status_code == 302  # to the login
    client.force_login(account_manager)
    assert client.get(reverse("library:download", args=[asset.pk])).status_code == 302  # to the admin
    assert not Download.objects.exists()


def test_an_image_gets_a_thumbnail(client, partner_user, make_asset):
    from PIL import Image

    asset = make_asset()
    assert asset.preview_state == PreviewState.READY
    with asset.preview.open("rb") as preview, Image.open(preview) as image:
        assert max(image.size) == 480
    client.force_login(partner_user)
    response = client.get(reverse("library:preview", args=[asset.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert asset_make_preview(asset.pk) == "skipped"  # a second delivery of the task does nothing


def test_a_pdf_gets_its_first_page(make_asset, tmp_path):
    from PIL import Image

    pdf = tmp_path / "doc.pdf"
    Image.new("RGB", (595, 842), (255, 255, 255)).save(pdf, "PDF")
    asset = make_asset("Брошюра", kind="document", content=pdf.read_bytes(), name="brochure.pdf")
    assert asset.preview_state == PreviewState.READY


def test_a_file_without_a_preview_says_so(make_asset):
    asset = make_asset("Условия", kind="document", content=b"plain text", name="terms.txt")
    assert asset.preview_state == PreviewState.NONE


@pytest.mark.s3
def test_files_and_previews_live_in_the_bucket(client, partner_user, make_asset, s3_bucket, settings):
    asset = make_asset()
    keys = s3_bucket.keys()
    assert asset.file.name in keys and asset.preview.name in keys
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))
    client.force_login(partner_user)
    response = client.get(reverse("library:download", args=[asset.pk]))
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
