"""Partner pages of PartnerAdvantage: join, the overview with the statement, claims, the rewards
catalog and orders. Partner users only; each page shows the signed-in member's own rows."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from advantage import claims as claim_services
from advantage import rewards as reward_services
from advantage import selectors, services
from advantage.forms import ClaimForm, JoinForm, OrderForm
from portal.views import partner_required
from toolkit.errors import PortalError

PER_PAGE = 20


def _member_or_join(view):
    """Pages of members: a partner's user who has not joined is sent to the join page."""

    def wrapper(request, *args, **kwargs):
        member = selectors.member_of(request.user)
        if member is None:
            return redirect("advantage:join")
        return view(request, member, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _rules_text(rules) -> str:
    if rules is None:
        return ""
    return rules.text_en if (get_language() or "ru").startswith("en") else rules.text_ru


@partner_required
@require_http_methods(["GET", "POST"])
def join(request):
    if selectors.member_of(request.user):
        return redirect("advantage:overview")
    rules = selectors.current_rules()
    form = JoinForm(request.POST or None, initial={"rules_version": rules.version if rules else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_join(
                actor=request.user,
                role=form.cleaned_data["role"],
                rules_version=form.cleaned_data["rules_version"],
                accepted=form.cleaned_data["accept"],
            )
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Welcome to PartnerAdvantage!"))
            return redirect("advantage:overview")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "rules": rules, "rules_text": _rules_text(rules)}
    return render(request, "advantage/join.html", context, status=status)


@partner_required
@_member_or_join
def overview(request, member):
    entries = Paginator(selectors.statement_of(member), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "member": member,
        "balance": selectors.balance(member),
        "reserved": selectors.reserved_points(member),
        "entries": entries,
    }
    return render(request, "advantage/overview.html", context)


@partner_required
@require_http_methods(["GET", "POST"])
@_member_or_join
def claims(request, member):
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_services.claim_submit(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if claim.status == "approved":
                messages.success(
                    request,
                    _("Claim #%(id)s matched the distributor's report: %(points)s points added.")
                    % {"id": claim.pk, "points": claim.points},
                )
            else:
                messages.info(
                    request,
                    _("Claim #%(id)s is waiting for the distributor's report; it is checked again with every report.")
                    % {"id": claim.pk},
                )
            return redirect("advantage:claims")
    page = Paginator(selectors.claims_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(request, "advantage/claims.html", {"form": form, "claims": page, "member": member}, status=status)


@partner_required
@_member_or_join
def rewards(request, member):
    context = {"rewards": selectors.catalog(), "balance": selectors.balance(member), "form": OrderForm()}
    return render(request, "advantage/rewards.html", context)


@partner_required
@require_http_methods(["POST"])
@_member_or_join
def order(request, member, reward_id):
    reward = get_object_or_404(selectors.catalog(), pk=reward_id)
    form = OrderForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        placed = reward_services.order_place(actor=request.user, reward_id=reward.pk, note=note)
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("advantage:rewards")
    messages.success(request, _("Order #%(id)s placed: %(reward)s.") % {"id": placed.pk, "reward": reward})
    return redirect("advantage:orders")


@partner_required
@_member_or_join
def orders(request, member):
    page = Paginator(selectors.orders_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "advantage/orders.html", {"orders": page, "balance": selectors.balance(member)})
