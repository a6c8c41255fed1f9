"""Partner pages: the news list and an item, the webinar archive and a recording's file."""

from pathlib import PurePath

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from news import selectors
from news.forms import WebinarFilterForm
from portal.views import partner_required
from toolkit.files import download_response

PER_PAGE = 10


@partner_required
def news_list(request):
    page = Paginator(selectors.news_published(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "news/news_list.html", {"page": page})


@partner_required
def news_item(request, item_id):
    item = get_object_or_404(selectors.news_published(), pk=item_id)
    return render(request, "news/news_item.html", {"item": item})


@partner_required
def webinars(request):
    form = WebinarFilterForm(request.GET or None)
    page = Paginator(selectors.webinars(line_id=form.line_id()), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "news/webinars.html", {"form": form, "page": page})


@partner_required
def webinar_file(request, webinar_id):
    """The recording from the project's storage (never a public URL), like the library's downloads."""
    webinar = get_object_or_404(selectors.webinars(), pk=webinar_id)
    if not webinar.file:
        raise Http404
    return download_response(webinar.file, PurePath(webinar.file.name).name)
