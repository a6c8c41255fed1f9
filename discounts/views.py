"""Pages of the discount program: the partner's web tool (and accepting the terms), the
distributor's list of its partners' discounts with its xlsx."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.selectors import current_quarter
from discounts import exports, selectors, services
from discounts.chart import chart_of
from portal.access import is_distributor_user
from portal.views import partner_required, role_required

distributor_required = role_required(is_distributor_user)


@partner_required
def tool(request):
    """Revenue so far vs the next threshold, growth vs target, attach rate, the discount earned if
    the quarter closed today and what is still missing; the last eight quarters as a chart."""
    partner = request.user.partner
    found = selectors.tool_for(partner, current_quarter(), today=timezone.localdate())
    context = {"tool": found}
    if found is not None:
        next_level = found.discount.next_level
        context["chart"] = chart_of(found.history, threshold=next_level.min_revenue if next_level else None)
    return render(request, "discounts/tool.html", context)


@partner_required
@require_POST
def accept(request):
    terms = selectors.terms_of(current_quarter())
    if terms is not None and terms.terms_version:
        services.terms_accept(partner=request.user.partner, version=terms.terms_version, actor=request.user)
        messages.success(request, _("Thank you: the discount terms are accepted."))
    return redirect("discounts:tool")


@distributor_required
def distributor_list(request):
    run, lines = selectors.discounts_for_distributor(request.user)
    context = {"run": run, "lines": lines, "headers": exports.header()}
    return render(request, "discounts/distributor_list.html", context)


@distributor_required
def distributor_xlsx(request):
    run, lines = selectors.discounts_for_distributor(request.user)
    return exports.discounts_xlsx(run, lines, who=request.user.distributor.code)
