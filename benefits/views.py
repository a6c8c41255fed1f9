"""Benefits pages: the partner's certificate and its download, the public verification page; the
partner's "Где купить" entry, the public directory and its feed."""

import csv
import hashlib
import io
import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from benefits import selectors, services
from benefits.forms import DirectorySearchForm, ListingForm
from benefits.models import Certificate, Listing, ListingDetails, ListingStatus
from benefits.pdf import certificate_pdf
from portal.views import partner_required
from toolkit.errors import PortalError


def verify_url(certificate) -> str:
    return settings.PORTAL_BASE_URL + reverse("benefits:verify", args=[certificate.number])


@partner_required
def certificate(request):
    partner, today = request.user.partner, timezone.localdate()
    context = {
        "certificate": selectors.current_certificate(partner, today),
        "eligibility": selectors.eligibility(partner, today),
        "history": partner.certificates.all()[:10],
        "today": today,
    }
    return render(request, "benefits/certificate.html", context)


@partner_required
def certificate_download(request, number):
    found = Certificate.objects.filter(number=number, partner=request.user.partner, revoked_at=None).first()
    if found is None:
        raise Http404
    language = request.GET.get("lang") if request.GET.get("lang") in ("ru", "en") else get_language() or "ru"
    response = HttpResponse(
        certificate_pdf(found, language=language, verify_url=verify_url(found)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="dell-registered-{found.number}-{language}.pdf"'
    return response


def verify(request, number):
    """Public: valid, expired or revoked, and the company's name — nothing else."""
    found = Certificate.objects.select_related("partner").filter(number=number).first()
    state = found.state(timezone.localdate()) if found else None
    return render(request, "benefits/verify.html", {"certificate": found, "state": state}, status=200 if found else 404)


# --- "Где купить" ------------------------------------------------------------------------------
DIRECTORY_PAGE_SIZE = 20


@partner_required
@require_http_methods(["GET", "POST"])
def listing(request):
    """The partner's directory entry: what is listed, what waits for the manager, the request form
    (its administrator asks; colleagues see the state)."""
    partner = request.user.partner
    may_ask = request.user.is_partner_admin
    form = ListingForm(request.POST or None, initial=services.listing_prefill(partner)) if may_ask else None
    if request.method == "POST" and may_ask and form.is_valid():
        data = form.cleaned_data
        try:
            services.listing_request_submit(
                actor=request.user,
                fields={name: data[name] for name in ListingDetails.DETAIL_FIELDS},
                specializations=data["specializations"],
            )
        except PortalError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Request sent: your account manager will review it."))
            return redirect("benefits:listing")
    context = {
        "form": form,
        "entry": Listing.objects.filter(partner=partner).prefetch_related("specializations").first(),
        "pending": partner.listing_requests.filter(status=ListingStatus.PENDING).first(),
        "last_decided": partner.listing_requests.exclude(status=ListingStatus.PENDING).first(),
    }
    return render(request, "benefits/listing.html", context)


@partner_required
@require_POST
def listing_withdraw(request):
    try:
        services.listing_withdraw(actor=request.user)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your company is no longer shown in the directory."))
    return redirect("benefits:listing")


def directory(request):
    """Public "Где купить": approved entries of active partners, searched by city, district,
    specialization and customers; the same handful of queries on every page."""
    form = DirectorySearchForm(request.GET or None, cities=selectors.directory_cities())
    page = Paginator(selectors.directory_entries(**form.filters()), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "benefits/directory.html", {"form": form, "page": page})


def directory_feed(request, fmt):
    """The directory for the vendor's website, JSON or CSV. The ETag is the body's hash (right for
    any change, renames included) and Last-Modified the latest entry change: a poller that sends
    either gets 304 Not Modified until something changes."""
    rows = [_feed_row(entry) for entry in selectors.directory_entries()]
    if fmt == "json":
        body, content_type = json.dumps({"partners": rows}, ensure_ascii=False, indent=1), "application/json"
    else:
        body, content_type = _csv(rows), "text/csv; charset=utf-8"
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    last = Listing.objects.aggregate(last=Max("changed_at"))["last"]
    last_modified = int(last.timestamp()) if last else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
        if fmt == "csv":
            response["Content-Disposition"] = 'attachment; filename="dell-where-to-buy.csv"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=300)
    return response


FEED_FIELDS = [
    "dell_id",
    "name",
    "city",
    "federal_district",
    "address",
    "phone",
    "website",
    "segment",
    "specializations",
]


def _feed_row(entry: Listing) -> dict:
    return {
        "dell_id": entry.partner.dell_id,
        "name": entry.partner.legal_name,
        "city": entry.city,
        "federal_district": entry.region.name_ru,
        "address": entry.address,
        "phone": entry.phone,
        "website": entry.website,
        "segment": entry.segment,
        "specializations": [s.name_ru for s in entry.specializations.all()],
    }


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    # Semicolons: a Russian Excel opens the file in columns (its list separator is ";"); the BOM
    # makes it read the Cyrillic as UTF-8. The segment is written out, as a person reads it.
    writer = csv.DictWriter(out, fieldnames=FEED_FIELDS, delimiter=";")
    writer.writeheader()
    segments = {"consumer": "потребительский", "commercial": "коммерческий", "both": "потребительский и коммерческий"}
    for row in rows:
        writer.writerow(
            {**row, "segment": segments[row["segment"]], "specializations": ", ".join(row["specializations"])}
        )
    return "\ufeff" + out.getvalue()
