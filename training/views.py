"""Partner pages for trainings: which gates are met, what is missing, reporting a finished course."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.selectors import current_quarter
from portal.selectors import regions_covered_by, sees_all_regions
from portal.views import member_or_staff_required, partner_required
from toolkit.errors import PortalError
from training import selectors, services
from training.forms import CompletionReportForm
from training.models import Completion


@partner_required
@require_http_methods(["GET", "POST"])
def trainings(request):
    partner = request.user.partner
    form = CompletionReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_report(user=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Thank you: the course is recorded and awaits confirmation by vendor staff."))
            return redirect("training:trainings")
    quarter = current_quarter()
    context = {
        "quarter": quarter,
        "items": selectors.gated_items(partner, quarter) if quarter else [],
        "completions": selectors.completions_of(partner),
        "form": form,
    }
    return render(request, "training/trainings.html", context, status=400 if form.errors else 200)


@member_or_staff_required
def certificate(request, completion_id):
    """The stored certificate, only for the partner's own users and staff who see its district."""
    completion = get_object_or_404(Completion.objects.select_related("user__partner"), pk=completion_id)
    partner = completion.user.partner
    user = request.user
    allowed = (
        (user.partner_id and partner and user.partner_id == partner.pk)
        or sees_all_regions(user)
        or (user.is_staff and partner and partner.region_id in regions_covered_by(user))
    )
    if not allowed or not completion.certificate:
        raise Http404
    return FileResponse(
        completion.certificate.open("rb"), as_attachment=True, filename=completion.certificate.name.rsplit("/", 1)[-1]
    )
