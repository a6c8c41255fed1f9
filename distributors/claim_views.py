"""Pages of missing-ID claims (docs/claims.md): the partner claims a sale and follows its claims; the
distributor's users answer the claims against their reports. Rules are in `claims.py`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from distributors import claims, selectors
from distributors.forms import ClaimForm, ClaimRejectForm
from distributors.models import ClaimStatus
from portal.access import is_distributor_user
from portal.views import partner_required, role_required
from toolkit.errors import PortalError

distributor_required = role_required(is_distributor_user)
CLAIMS_PER_PAGE = 25


@partner_required
@require_http_methods(["GET", "POST"])
def my_claims(request):
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claims.claim_submit(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Claim for invoice %(invoice)s: %(status)s.")
                             % {"invoice": claim.invoice_number, "status": claim.get_status_display()})  # fmt: skip
            return redirect("distributors:my_claims")
    page = Paginator(selectors.claims_visible_to(request.user), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "distributors/my_claims.html", {"form": form, "claims": page}, status=400 if form.errors else 200
    )


@distributor_required
def distributor_claims(request):
    page = Paginator(
        selectors.claims_visible_to(request.user).order_by("-status", "-created_at"), CLAIMS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "distributors/claims.html",
        {"claims": page, "reject_form": ClaimRejectForm(), "submitted": ClaimStatus.SUBMITTED},
    )


def _answer(request, claim_id, action):
    claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=claim_id)
    try:
        decided = action(claim)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Claim for invoice %(invoice)s: %(status)s.")
                         % {"invoice": claim.invoice_number, "status": decided.get_status_display()})  # fmt: skip
    return redirect("distributors:claims")


@distributor_required
@require_POST
def claim_confirm(request, claim_id):
    return _answer(request, claim_id, lambda claim: claims.claim_confirm(actor=request.user, claim_id=claim.pk))


@distributor_required
@require_POST
def claim_reject(request, claim_id):
    form = ClaimRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the claim is rejected: the partner reads it."))
        return redirect("distributors:claims")
    reason = form.cleaned_data["reason"]
    return _answer(
        request, claim_id, lambda claim: claims.claim_reject(actor=request.user, claim_id=claim.pk, reason=reason)
    )
