"""Partner pages of deal registration: the list, the form (draft or submit), a deal's page with its
history and what the partner may do next."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from deals import selectors, services
from deals.forms import DealForm, DealLineFormSet, OutcomeForm
from deals.models import EDITABLE_STATUSES, DealStatus
from portal.templatetags.portal_format import moscow_date
from portal.views import partner_required
from toolkit.errors import PortalError

DEALS_PER_PAGE = 20


def _own(request, deal_id):
    return get_object_or_404(selectors.deals_visible_to(request.user), pk=deal_id)


@partner_required
def deal_list(request):
    deals = Paginator(selectors.deals_visible_to(request.user).order_by("-created_at"), DEALS_PER_PAGE)
    return render(request, "deals/list.html", {"deals": deals.get_page(request.GET.get("page"))})


@partner_required
@require_http_methods(["GET", "POST"])
def deal_edit(request, deal_id=None):
    return deal_form_page(request, deal_id=deal_id)


def deal_form_page(request, *, deal_id=None, initial=None, on_saved=None):
    """The deal form. `initial` prefills a new deal and `on_saved(deal)` runs in the saving transaction:
    an app above deals starts a registration from its own record this way (leads.views.lead_deal)."""
    deal = _own(request, deal_id) if deal_id else None
    if deal is not None and deal.status not in EDITABLE_STATUSES:
        messages.error(request, _("A deal can be changed only as a draft or when it was returned to you."))
        return redirect("deals:detail", deal.pk)
    initial_lines = (
        [{"item": (line.product.sku if line.product_id else line.product_line.name), "quantity": line.quantity}
         for line in deal.lines.select_related("product", "product_line")]
        if deal else None
    )  # fmt: skip
    form = DealForm(request.POST or None, instance=deal, initial=initial)
    # Bound, no initial: a row posted as it was shown would count as unchanged and be dropped.
    lines = DealLineFormSet(
        request.POST or None, initial=None if request.method == "POST" else initial_lines, prefix="lines"
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        chosen = [f.cleaned_data["line"] for f in lines if f.cleaned_data.get("line")]
        fields = {name: form.cleaned_data[name] for name in DealForm.Meta.fields}
        try:
            with transaction.atomic():  # a refused submission stores nothing: no second draft on the next try
                saved = services.deal_save(actor=request.user, fields=fields, lines=chosen, deal_id=deal_id)
                if request.POST.get("action") == "submit":
                    saved = services.deal_submit(actor=request.user, deal_id=saved.pk)
                if on_saved is not None:
                    on_saved(saved)
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if saved.status == DealStatus.SUBMITTED:
                messages.success(
                    request,
                    _("Deal %(number)s is sent to your account manager, who answers by %(due)s.")
                    % {"number": saved.number, "due": moscow_date(saved.answer_due)},
                )
            else:
                messages.success(request, _("Draft %(number)s saved.") % {"number": saved.number})
            return redirect("deals:detail", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "deals/form.html", {"form": form, "lines": lines, "deal": deal}, status=status)


@partner_required
def deal_detail(request, deal_id):
    deal = _own(request, deal_id)
    context = {
        "deal": deal,
        "lines": deal.lines.select_related("product", "product_line"),
        "events": deal.events.select_related("actor"),
        "outcome_form": OutcomeForm(),
        "editable": deal.status in EDITABLE_STATUSES,
    }
    return render(request, "deals/detail.html", context)


def _act(request, deal_id, action, done):
    deal = _own(request, deal_id)
    try:
        action(deal)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"number": deal.number})
    return redirect("deals:detail", deal.pk)


# The deal page's buttons: service, and the message when it is done.
ACTIONS = {
    "submit": (services.deal_submit, _lazy("Deal %(number)s is sent to your account manager.")),
    "withdraw": (services.deal_withdraw, _lazy("Deal %(number)s is withdrawn.")),
    "extension": (
        services.deal_request_extension,
        _lazy("The extension of deal %(number)s is requested from your account manager."),
    ),
}


@partner_required
@require_POST
def deal_action(request, deal_id, action):
    service, done = ACTIONS[action]
    return _act(request, deal_id, lambda deal: service(actor=request.user, deal_id=deal.pk), str(done))


@partner_required
@require_POST
def deal_outcome(request, deal_id):
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose won or lost."))
        return redirect("deals:detail", deal_id)
    return _act(
        request, deal_id,
        lambda deal: services.deal_record_outcome(actor=request.user, deal_id=deal.pk, **form.cleaned_data),
        _("The outcome of deal %(number)s is recorded."),
    )  # fmt: skip
