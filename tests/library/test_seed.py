import pytest

from library.demo import create_demo_assets
from library.models import Asset, PreviewState

pytestmark = pytest.mark.django_db


def test_the_demo_library_has_an_xps_layout_and_seeds_once(superuser, brochure, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert create_demo_assets(staff=superuser) == 3
    assert create_demo_assets(staff=superuser) == 0
    xps = Asset.objects.get(product_lines__code="xps")
    assert xps.kind == "layout_online"
    assert set(Asset.objects.values_list("preview_state", flat=True)) == {PreviewState.READY}  # PNGs and a PDF
