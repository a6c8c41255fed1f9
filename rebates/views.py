"""Partner pages for rebate programs: rate tables, deadline, plans and ACCEPT; the trainings those
programs require."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from deals import selectors as deal_selectors
from news import selectors as news_selectors
from portal.views import member_or_staff_required, member_required, partner_required
from rebates import selectors, services
from rebates.forms import AcceptForm
from rebates.models import EnrollmentStatus, Program
from rebates.next_steps import next_steps
from toolkit.errors import PortalError
from training import selectors as training_selectors
from training import services as training_services
from training.forms import CompletionReportForm

COMPLETIONS_PER_PAGE = 25
STATEMENTS_PER_PAGE = 20


def _time_left(deadline, now):
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return None
    days, rest = divmod(seconds, 86400)
    return {"days": days, "hours": rest // 3600, "minutes": (rest % 3600) // 60}


@partner_required
def programs(request):
    partner = request.user.partner
    quarter_list = selectors.quarters_with_programs()
    code = request.GET.get("quarter")
    quarter = next((q for q in quarter_list if q.code == code), None) if code else None
    if quarter is None:  # the current quarter when it has programs, else the newest that has
        current = selectors.quarter_now()
        quarter = current if current in quarter_list else (quarter_list[0] if quarter_list else None)
    now = timezone.now()
    enrollments = selectors.enrollments_of(partner)
    programs = selectors.quarter_programs(quarter) if quarter else []
    counted = selectors.partner_units_by_program(partner, quarter, programs=programs) if quarter else {}
    cards = []
    for program in programs:
        units = counted.get(program.pk, {})
        enrollment = enrollments.get(program.pk)
        cards.append(
            {
                "program": program,
                "rows": selectors.rate_rows(program),
                "tiers": list(program.tiers.all()),
                "deadline": services.format_deadline(program),
                "time_left": _time_left(program.accept_deadline, now),
                "enrollment": enrollment,
                "offers": selectors.plan_offers(program, units),
                "units": sum(units.values()),
            }
        )
    return render(
        request,
        "rebates/programs.html",
        {"quarter": quarter, "quarters": quarter_list, "cards": cards, "requested": EnrollmentStatus.REQUESTED},
    )


@partner_required
@require_POST
def accept(request, program_id):
    program = get_object_or_404(Program, pk=program_id)
    form = AcceptForm(request.POST, program=program)
    back = f"{reverse('rebates:programs')}?quarter={program.quarter.code}#program-{program.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose a plan before pressing ACCEPT."))
        return redirect(back)
    try:
        enrollment = services.enrollment_accept(
            partner=request.user.partner, program=program, tier=form.cleaned_data["tier"], actor=request.user
        )
    except PortalError as error:
        messages.error(request, error.message)
        return redirect(back)
    if enrollment.status == EnrollmentStatus.REQUESTED:
        messages.success(
            request,
            _(
                "Your request to join “%(program)s” with plan %(units)s is recorded. Vendor staff confirm it once the trainings are done."
            )
            % {"program": program, "units": enrollment.tier.units},
        )
    else:
        messages.success(
            request,
            _("ACCEPT confirmed: “%(program)s”, plan %(units)s units. A confirmation was sent by e-mail.")
            % {"program": program, "units": enrollment.tier.units},
        )
    return redirect(back)


@member_required
def statements(request):
    """Rebate statements of a partner or a distributor (only their own lines), per run and
    distributor, with where the money stands: preview, awaiting approval, approved, paid."""
    items = Paginator(selectors.statement_items_for(request.user), STATEMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "rebates/statements.html", {"items": items})


def _statement_file(request, run_id, *, extension: str, build):
    """An approved run's statement of the lines the user may see (404 when there are none)."""
    lines = selectors.payout_lines_visible_to(request.user).filter(run_id=run_id, run__status="approved")
    first = lines.select_related("run__quarter").first()
    if first is None:
        raise Http404
    user = request.user
    if user.distributor_id:
        who, recipient = user.distributor.code, user.distributor.name
    elif user.partner_id:
        who, recipient = str(user.partner.dell_id), f"{user.partner.legal_name}, Dell ID {user.partner.dell_id}"
    else:
        who, recipient = "all", _("all partners and distributors")
    filename = f"rebate-statement-{first.run.quarter.code}-{who}.{extension}"
    return build(lines, run=first.run, recipient=recipient, filename=filename)


@member_or_staff_required
def statement_download(request, run_id):
    from rebates.statements import statement_xlsx

    return _statement_file(request, run_id, extension="xlsx", build=statement_xlsx)


@member_or_staff_required
def statement_pdf_download(request, run_id):
    from rebates.statement_pdf import statement_pdf

    return _statement_file(request, run_id, extension="pdf", build=statement_pdf)


@partner_required
def dashboard(request):
    """The partner's home: their company, managers and colleagues, this quarter's programs and progress."""
    partner = request.user.partner
    quarter = selectors.quarter_now()
    enrollments = selectors.enrollments_in(partner, quarter) if quarter else []
    colleagues = selectors.colleagues_with_pending_courses(partner)
    steps = next_steps(
        partner,
        quarter=quarter,
        enrollments=enrollments,
        colleagues=colleagues,
        pending_courses=sum(c.pending_courses for c in colleagues),
    )
    context = {
        "partner": partner,
        **selectors.partner_contacts(partner),
        "colleagues": colleagues,
        "progress": selectors.current_progress(partner, quarter=quarter, enrollments=enrollments),
        "next_steps": steps,
        "deals": deal_selectors.dashboard_deals(partner),
        "news": news_selectors.latest_news(),
    }
    return render(request, "portal/dashboard.html", context)


@partner_required
@require_http_methods(["GET", "POST"])
def trainings(request):
    """Which programs and groups need which courses, what is done and missing; report a finished course."""
    partner = request.user.partner
    form = CompletionReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_services.completion_report(user=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Thank you: the course is recorded and awaits confirmation by vendor staff."))
            return redirect("rebates:trainings")
    quarter = selectors.quarter_now()
    context = {
        "quarter": quarter,
        "items": selectors.partner_gated_items(partner, quarter) if quarter else [],
        "completions": Paginator(training_selectors.completions_of(partner), COMPLETIONS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "form": form,
    }
    return render(request, "training/trainings.html", context, status=400 if form.errors else 200)
