"""Partner pages of the library: search, previews, downloads through the permission check."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from library import selectors, services
from library.forms import LibrarySearchForm
from library.models import PreviewState
from portal.views import partner_required
from toolkit.errors import PortalError
from toolkit.files import download_response

ASSETS_PER_PAGE = 12


@partner_required
def library(request):
    form = LibrarySearchForm(request.GET or None)
    found = selectors.assets_search(selectors.assets_visible_to(request.user), **form.filters())
    page = Paginator(found, ASSETS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "library/library.html", {"form": form, "page": page})


@partner_required
def download(request, asset_id):
    try:
        asset = services.asset_download(actor=request.user, asset_id=asset_id)
    except PortalError:
        raise Http404 from None
    return download_response(asset.file, asset.filename)


@partner_required
def preview(request, asset_id):
    asset = selectors.assets_visible_to(request.user).filter(pk=asset_id).first()
    if asset is None or asset.preview_state != PreviewState.READY:
        raise Http404
    response = FileResponse(asset.preview.storage.open(asset.preview.name, "rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
