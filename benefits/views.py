"""The partner's certificate page and download, and the public verification page."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from benefits import selectors
from benefits.models import Certificate
from benefits.pdf import certificate_pdf
from portal.views import partner_required


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
