"""Distributor pages: upload reports and follow them, download the template and rejected rows,
manage API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from distributors import selectors, services
from distributors.forms import ReportUploadForm, TokenForm
from distributors.models import ReportStatus
from distributors.rejected_rows import rejected_rows_workbook
from distributors.template_file import template_workbook
from portal.access import is_distributor_user
from portal.forms import InviteColleagueForm
from portal.views import role_required
from toolkit.errors import PortalError
from toolkit.files import download_response
from toolkit.request_limits import allows_report_upload

distributor_required = role_required(is_distributor_user)
REPORTS_PER_PAGE = 25
ERRORS_PER_PAGE = 50
UNKNOWN_PER_PAGE = 50
UNKNOWN_FILTERS = ("any", "dell_id", "sku")


@allows_report_upload
@distributor_required
@require_http_methods(["GET", "POST"])
def reports(request):
    distributor = request.user.distributor
    form = ReportUploadForm(request.POST or None, request.FILES or None, distributor=distributor)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_receive(
                distributor=distributor,
                upload=form.cleaned_data["file"],
                uploaded_by=request.user,
                replaces=form.cleaned_data["replaces"],
            )
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("distributors:report", report_id=report.pk)
    page = Paginator(selectors.reports_visible_to(request.user), REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "distributors/reports.html",
        {"form": form, "page": page, "reports": page.object_list},
        status=400 if form.errors else 200,
    )


def _own_report(request, report_id):
    return get_object_or_404(selectors.reports_visible_to(request.user), pk=report_id)


@distributor_required
def report(request, report_id):
    """A report's status and counts, its rejected rows (a page at a time) and the stored lines whose
    Dell ID or SKU the portal does not know yet (filtered by which, a page at a time)."""
    report = _own_report(request, report_id)
    errors = Paginator(report.row_errors.all(), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    unknown = request.GET.get("unknown", "any")
    if unknown not in UNKNOWN_FILTERS:
        unknown = "any"
    unknown_lines = Paginator(selectors.unknown_lines_of(report, unknown=unknown), UNKNOWN_PER_PAGE).get_page(
        request.GET.get("unknown_page")
    )
    return render(
        request,
        "distributors/report.html",
        {
            "report": report,
            "errors": errors,
            "unknown": unknown,
            "unknown_lines": unknown_lines,
        },
    )


@distributor_required
def report_status(request, report_id):
    report = _own_report(request, report_id)
    return JsonResponse(
        {
            "status": report.status,
            "status_display": report.get_status_display(),
            "finished": report.status not in (ReportStatus.RECEIVED, ReportStatus.PROCESSING),
            "rows_read": cache.get(services.progress_key(report.pk), 0)
            if report.status == ReportStatus.PROCESSING
            else report.rows_total,
        }
    )


@distributor_required
def report_errors(request, report_id):
    """The rejected rows as a workbook that can be fixed and uploaded again (`rejected_rows`)."""
    report = _own_report(request, report_id)
    response = HttpResponse(
        rejected_rows_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="report-{report.pk}-rejected.xlsx"'
    return response


@distributor_required
def report_original(request, report_id):
    report = _own_report(request, report_id)
    return download_response(report.file, report.original_name)


@login_required
def report_template(request):
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="sales-report-template.xlsx"'
    return response


@distributor_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "distributors/tokens.html",
        {"form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()},
    )


@distributor_required
@require_POST
def token_revoke(request, token_id):
    try:
        services.token_revoke(user=request.user, token_id=token_id)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token is revoked: requests with it are refused from now on."))
    return redirect("distributors:tokens")


@distributor_required
@require_http_methods(["GET", "POST"])
def invite_colleague(request):
    """The distributor's administrator (`is_partner_admin`) invites a colleague to the same distributor."""
    if not request.user.is_partner_admin:
        return render(request, "distributors/invite.html", {"not_admin": True}, status=403)
    form = InviteColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.distributor_invite_colleague(actor=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("distributors:reports")
    colleagues = request.user.distributor.users.order_by("full_name", "email")
    return render(request, "distributors/invite.html", {"form": form, "colleagues": colleagues})
