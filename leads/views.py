"""Partner pages of leads: the company's leads, a lead with accept / decline, progress notes and
the deal registration started from it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from deals.views import deal_form_page
from leads import selectors, services
from leads.forms import DeclineForm, NoteForm
from portal.views import partner_required
from toolkit.errors import PortalError

LEADS_PER_PAGE = 20


def _own(request, lead_id):
    return get_object_or_404(selectors.leads_visible_to(request.user), pk=lead_id)


@partner_required
def lead_list(request):
    page = Paginator(selectors.leads_visible_to(request.user), LEADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "leads/list.html", {"page": page})


@partner_required
def lead_detail(request, lead_id, *, decline_form=None, note_form=None, status=200):
    lead = _own(request, lead_id)
    context = {
        "lead": lead,
        "notes": lead.notes.select_related("author"),
        "decline_form": decline_form or DeclineForm(),
        "note_form": note_form or NoteForm(),
    }
    return render(request, "leads/detail.html", context, status=status)


@partner_required
@require_POST
def lead_accept(request, lead_id):
    lead = _own(request, lead_id)
    try:
        services.lead_accept(actor=request.user, lead_id=lead.pk)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Lead accepted: record your progress and register the deal when it is real."))
    return redirect("leads:detail", lead.pk)


@partner_required
@require_POST
def lead_decline(request, lead_id):
    lead = _own(request, lead_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return lead_detail(request, lead.pk, decline_form=form, status=400)
    try:
        services.lead_decline(actor=request.user, lead_id=lead.pk, reason=form.cleaned_data["reason"])
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("leads:detail", lead.pk)
    messages.success(request, _("Lead declined: Dell passes it to another partner."))
    return redirect("leads:list")


@partner_required
@require_POST
def lead_note(request, lead_id):
    lead = _own(request, lead_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return lead_detail(request, lead.pk, note_form=form, status=400)
    try:
        services.lead_note_add(actor=request.user, lead_id=lead.pk, text=form.cleaned_data["text"])
    except PortalError as error:
        messages.error(request, error.message)
    return redirect("leads:detail", lead.pk)


@partner_required
@require_http_methods(["GET", "POST"])
def lead_deal(request, lead_id):
    """The deal form prefilled with the customer; saving it links the deal to the lead, in one transaction."""
    lead = _own(request, lead_id)
    try:
        services.lead_for_deal(actor=request.user, lead_id=lead.pk)
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("leads:detail", lead.pk)
    initial = {"customer_name": lead.company, "customer_inn": lead.inn, "customer_region": lead.region_id}
    return deal_form_page(
        request,
        initial=initial,
        on_saved=lambda deal: services.lead_convert(actor=request.user, lead_id=lead.pk, deal=deal),
    )
