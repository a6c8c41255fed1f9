"""Vendor staff's admin for programs, enrollments and payout runs, and what programs add to the
catalog's quarter and product pages."""

from datetime import datetime, time

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalog import admin as catalog_admin
from catalog.models import FiscalQuarter, Product
from catalog.selectors import current_quarter
from portal.admin import ScopedAdminMixin, confirmation, date_column
from portal.models import Distributor
from portal.outbox import enqueue
from portal.templatetags.portal_format import moscow_date, rub
from rebates import approvals, brochure, payouts, selectors, services
from rebates.models import (
    ClassificationRule,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    PayoutLine,
    PayoutPayment,
    PayoutRun,
    ProductGroup,
    Program,
    ProgramKind,
    Rate,
    RunStatus,
    Tier,
    TrainingGate,
)
from toolkit.errors import PortalError
from toolkit.spreadsheets import xlsx_response

# The quarter and product pages are catalog's; programs add columns and actions to them.
admin.site.unregister([FiscalQuarter, Product])


SHORT_KINDS = {
    ProgramKind.CLIENT: _("Client systems"),
    ProgramKind.MONITORS: _("Monitors"),
    ProgramKind.ENTERPRISE: _("Enterprise"),
}
SOURCES = {
    "admin": _("the administration site"),
    "command": _("the compute_rebates command"),
    "beat": _("the schedule"),
}


def kind_label(kind: str) -> str:
    """A program's kind as a list column names it ("Клиентские системы"), never the code."""
    return str(SHORT_KINDS.get(kind, kind))


def quarter_filter(having: str, *lookups: str):
    """A quarter filter offering only the quarters that have programs or runs (`having`, a lookup
    from the quarter), newest first; `lookups` are the paths from the listed model to its quarter
    (several: any of them matches)."""
    from django.db.models import Q

    class QuarterFilter(admin.SimpleListFilter):
        title = _("quarter")
        parameter_name = "quarter"

        def lookups(self, request, model_admin):
            return [(str(q.pk), q.code) for q in selectors.quarters_having(having)]

        def queryset(self, request, queryset):
            if not self.value() or not self.value().isdigit():
                return queryset
            match = Q()
            for lookup in lookups:
                match |= Q(**{lookup: int(self.value())})
            return queryset.filter(match)

    return QuarterFilter


class RunFilter(admin.SimpleListFilter):
    """The runs, newest first, named without a query per run."""

    title = _("payout run")
    parameter_name = "run__id__exact"

    def lookups(self, request, model_admin):
        runs = PayoutRun.objects.select_related("quarter").order_by("-started_at")[:50]
        return [(str(run.pk), str(run)) for run in runs]

    def queryset(self, request, queryset):
        return queryset.filter(run_id=int(self.value())) if (self.value() or "").isdigit() else queryset


class CloneProgramsForm(forms.Form):
    """Into which later quarter a quarter's programs go, and optionally their ACCEPT deadline."""

    target = forms.ModelChoiceField(label=_("Into the quarter"), queryset=FiscalQuarter.objects.none())
    deadline = forms.DateField(
        label=_("ACCEPT deadline (optional)"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": _("dd.mm.yyyy"), "inputmode": "numeric"}),
        help_text=_(
            "ACCEPT closes at 00:00 Moscow time on this day. Empty: as far from the quarter's start as in the source."
        ),
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        # Any later quarter of the calendar, the next one first (the one usually meant).
        later = FiscalQuarter.objects.filter(start_date__gt=source.end_date).order_by("start_date")
        self.fields["target"].queryset = later
        self.fields["target"].label_from_instance = lambda quarter: quarter.code
        self.fields["target"].initial = later.first()


@admin.register(FiscalQuarter)
class FiscalQuarterAdmin(catalog_admin.FiscalQuarterAdmin):
    list_display = [*catalog_admin.FiscalQuarterAdmin.list_display, "program_count", "state"]
    ordering = ["-start_date"]
    actions = ["clone_programs", "start_payout_run"]

    def get_queryset(self, request):
        return selectors.quarters_with_state(super().get_queryset(request))

    def has_start_run_permission(self, request):
        return request.user.has_perm("rebates.start_payoutrun")

    @admin.display(description=_("state"))
    def state(self, quarter):
        state = selectors.quarter_state(quarter)
        if state == "frozen":
            return _("approved, frozen")
        return _("closed") if state == "closed" else _("open: runs are previews")

    @admin.action(description=_("Start a payout run for the selected quarter"), permissions=["start_run"])
    def start_payout_run(self, request, queryset):
        from rebates.tasks import compute_payout_run_task

        for quarter in queryset:
            try:
                run = payouts.payout_run_start(quarter=quarter, actor=request.user, source="admin")
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
                continue
            enqueue(compute_payout_run_task, run.pk)
            self.message_user(
                request,
                _("Run #%(id)s for %(code)s started; it appears under Payout runs.")
                % {"id": run.pk, "code": quarter.code},
            )

    @admin.display(description=_("programs"), ordering="program_total")
    def program_count(self, quarter):
        return quarter.program_total

    @admin.action(description=_("Clone the programs into another quarter…"), permissions=["change"])
    def clone_programs(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select the one quarter whose programs to clone."), messages.ERROR)
            return None
        source = queryset.get()
        form = CloneProgramsForm(request.POST if "apply" in request.POST else None, source=source)
        if form.is_valid():
            target, day = form.cleaned_data["target"], form.cleaned_data["deadline"]
            deadline = timezone.make_aware(datetime.combine(day, time()), brochure.MOSCOW) if day else None
            cloned = services.quarter_clone_programs(source=source, target=target, deadline=deadline)
            self.message_user(
                request,
                _("%(count)s programs cloned from %(source)s into %(target)s: check rates and deadlines there.")
                % {"count": len(cloned), "source": source.code, "target": target.code},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Clone the programs of %(code)s") % {"code": source.code},
            "form": form,
            "source": source,
            "programs": source.programs.all(),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/fiscalquarter/clone_programs.html", context)


class TierInline(admin.TabularInline):
    model = Tier
    extra = 0


class ProductGroupInline(admin.TabularInline):
    model = ProductGroup
    extra = 0
    fields = ["position", "code", "name_ru", "name_en"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quarter_code", "kind", "deadline", "tier_policy", "requires_confirmation"]
    list_select_related = ["quarter"]
    list_filter = [quarter_filter("programs", "quarter_id"), "kind", "tier_policy"]
    ordering = ["-quarter__start_date", "kind"]
    inlines = [TierInline, ProductGroupInline]

    deadline = date_column("accept_deadline", _("ACCEPT deadline"), with_time=True)

    @admin.display(description=_("quarter"), ordering="quarter__start_date")
    def quarter_code(self, program):
        return program.quarter.code

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quarter":
            kwargs["queryset"] = FiscalQuarter.objects.order_by("-start_date")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # An approved quarter's program (deadline, plans) is what the approved payouts were computed on.
        if obj is not None and selectors.quarter_is_frozen(obj.quarter_id):
            return False
        return super().has_change_permission(request, obj)


class RateInline(admin.TabularInline):
    model = Rate
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        group_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "tier" and group_id:
            kwargs["queryset"] = Tier.objects.filter(program__groups__pk=group_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ClassificationRuleInline(admin.TabularInline):
    model = ClassificationRule
    extra = 0
    filter_horizontal = ["lines"]


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "code", "position"]
    list_select_related = ["program"]
    list_filter = [quarter_filter("programs", "program__quarter_id"), "program__kind"]
    inlines = [RateInline, ClassificationRuleInline]


@admin.register(TrainingGate)
class TrainingGateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "group", "kind", "min_courses"]
    list_select_related = ["program", "group"]
    list_filter = [quarter_filter("programs", "program__quarter_id", "group__program__quarter_id"), "kind"]
    filter_horizontal = ["courses"]


@admin.register(Product)
class ProductAdmin(catalog_admin.ProductAdmin):
    list_display = [*catalog_admin.ProductAdmin.list_display, "groups_this_quarter"]
    list_select_related = ["line"]

    def get_changelist_instance(self, request):
        """Classify the page's products in one pass (a fixed number of queries per page)."""
        changelist = super().get_changelist_instance(request)
        quarter = current_quarter()
        products = list(changelist.result_list)  # evaluated once; the template reuses these objects
        groups = selectors.product_groups_of(quarter, products) if quarter else {}
        for product in products:
            product.groups_this_quarter_cache = groups.get(product.pk, [])
        return changelist

    @admin.display(description=_("group in the current quarter"))
    def groups_this_quarter(self, product):
        groups = getattr(product, "groups_this_quarter_cache", None)
        if groups is None:  # outside the list page
            quarter = current_quarter()
            groups = selectors.product_groups_in(quarter, product) if quarter else []
        return "; ".join(str(g) for g in groups) or _("not eligible")


class EnrollmentEventInline(admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    can_delete = False
    fields = ["moment", "action", "tier", "actor", "client_address"]
    readonly_fields = fields
    moment = date_column("at", _("at"), with_time=True)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    # At 1366 px: who, which program and plan, since when; who accepted and later changes on the page.
    list_display = ["partner_name", "dell_id", "quarter", "program_kind", "tier", "status", "accepted"]
    list_filter = [quarter_filter("programs", "program__quarter_id"), "program__kind", "status", "partner__region"]
    search_fields = ["partner__legal_name", "partner__dell_id", "partner__inn"]
    readonly_fields = [
        "partner",
        "program",
        "tier",
        "status",
        "accepted_by",
        "accepted_when",
        "changed_when",
        "confirmed_by",
        "confirmed_when",
    ]
    exclude = ["accepted_at", "changed_at", "confirmed_at"]

    accepted = date_column("accepted_at", _("accepted at"))
    accepted_when = date_column("accepted_at", _("accepted at"), with_time=True)
    changed_when = date_column("changed_at", _("plan last changed"), with_time=True)
    confirmed_when = date_column("confirmed_at", _("confirmed at"), with_time=True)

    @admin.display(description=_("partner"), ordering="partner__legal_name")
    def partner_name(self, enrollment):
        return enrollment.partner.legal_name

    @admin.display(description=_("quarter"), ordering="program__quarter__start_date")
    def quarter(self, enrollment):
        return enrollment.program.quarter.code

    @admin.display(description=_("program"), ordering="program__kind")
    def program_kind(self, enrollment):
        return kind_label(enrollment.program.kind)

    inlines = [EnrollmentEventInline]
    actions = ["confirm", "export_xlsx"]

    def get_queryset(self, request):
        return selectors.enrollments_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # partners ACCEPT on the portal

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Dell ID", ordering="partner__dell_id")
    def dell_id(self, enrollment):
        return enrollment.partner.dell_id

    @admin.action(description=_("Confirm the selected requests (gates must be met)"), permissions=["change"])
    def confirm(self, request, queryset):
        for enrollment in queryset.filter(status=EnrollmentStatus.REQUESTED):
            try:
                services.enrollment_confirm(enrollment_id=enrollment.pk, actor=request.user)
                self.message_user(request, _("Confirmed: %(e)s") % {"e": enrollment})
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)

    @admin.action(description=_("Export the selected enrollments to XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        header = [
            str(_("Dell ID")),
            str(_("Partner")),
            str(_("INN")),
            str(_("District")),
            str(_("Quarter")),
            str(_("Program")),
            str(_("Plan, units")),
            str(_("Status")),
            str(_("Accepted by")),
            str(_("Accepted at (Moscow)")),
            str(_("Plan last changed (Moscow)")),
        ]
        from django.utils import timezone

        rows = (
            [
                e.partner.dell_id,
                e.partner.legal_name,
                e.partner.inn,
                str(e.partner.region),
                e.program.quarter.code,
                str(e.program),
                e.tier.units,
                e.get_status_display(),
                e.accepted_by.email,
                timezone.localtime(e.accepted_at).replace(tzinfo=None),
                timezone.localtime(e.changed_at).replace(tzinfo=None),
            ]
            for e in queryset.order_by("program__quarter__start_date", "program__kind", "partner__legal_name")
        )
        return xlsx_response("enrollments.xlsx", header, rows)


class PayoutPaymentInline(admin.TabularInline):
    model = PayoutPayment
    extra = 0
    fields = ["distributor", "paid_amount", "paid_date", "payment_order", "paid_by", "marked_at"]
    readonly_fields = fields
    can_delete = False

    paid_date = date_column("paid_on", _("payment date"))
    marked_at = date_column("paid_at", _("marked paid at"), with_time=True)

    @admin.display(description=_("amount"))
    def paid_amount(self, payment):
        return rub(payment.amount)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("distributor", "paid_by")

    def has_add_permission(self, request, obj=None):
        return False


class MarkPaidForm(forms.Form):
    """The bank's payment of one approved run through one distributor; the amount is the run's."""

    distributor = forms.ChoiceField(label=_("Paid through distributor"))
    # Typed as finance writes it (a browser's date picker follows the operating system's locale).
    paid_on = forms.DateField(
        label=_("Payment date"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": _("dd.mm.yyyy"), "inputmode": "numeric"}),
    )
    payment_order = forms.CharField(label=_("Payment order number"), max_length=40)

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        due = approvals.amounts_due(run)
        paid = set(run.payments.values_list("distributor_id", flat=True))
        names = dict(Distributor.objects.filter(pk__in=due).values_list("pk", "name"))
        self.fields["distributor"].choices = [
            (pk, f"{names[pk]} — {rub(amount)}") for pk, amount in due.items() if pk not in paid
        ]


@admin.register(PayoutRun)
class PayoutRunAdmin(admin.ModelAdmin):
    # At 1366 px; the fingerprint, error, attempts and totals per distributor are on the run's page.
    list_display = [
        "run",
        "quarter_code",
        "state",
        "amount",
        "line_count",
        "started",
        "starter",
        "approved_by",
    ]
    list_display_links = ["run"]
    list_select_related = ["quarter", "approved_by"]
    list_filter = [quarter_filter("payout_runs", "quarter_id"), "status", "is_preview"]
    inlines = [PayoutPaymentInline]
    actions = ["approve", "mark_paid"]
    change_form_template = "admin/rebates/payoutrun/change_form.html"
    fieldsets = [
        (
            None,
            {"fields": ["quarter", "state", "complete", "amount", "line_count", "totals_by_distributor_and_program"]},
        ),
        (
            _("Who and when"),
            {
                "fields": [
                    "started_from",
                    "started_by",
                    "started_by_name",
                    "started",
                    "finished",
                    "approved_by",
                    "approved",
                ]
            },
        ),  # fmt: skip
        (
            _("Inputs"),
            {"fields": ["unfinished_reports", "adjusts", "fingerprint", "attempts", "error_message"]},
        ),
    ]
    readonly_fields = [
        "quarter", "state", "complete", "amount", "line_count", "totals_by_distributor_and_program", "started_from", "started_by",
        "started_by_name", "started", "finished", "approved_by", "approved", "unfinished_reports", "adjusts",
        "fingerprint", "attempts", "error_message",
    ]  # fmt: skip

    started = date_column("started_at", _("started at"), with_time=True)
    finished = date_column("finished_at", _("finished at"), with_time=True)
    approved = date_column("approved_at", _("approved at"), with_time=True)

    def has_add_permission(self, request):
        return False  # runs start from the quarter's action, the command or beat

    def has_delete_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request):
        return request.user.has_perm("rebates.approve_payoutrun")

    @admin.display(description=_("run"), ordering="pk")
    def run(self, run):
        return f"#{run.pk}"

    @admin.display(description=_("quarter"), ordering="quarter__start_date")
    def quarter_code(self, run):
        return run.quarter.code

    @admin.display(description=_("status"), ordering="status")
    def state(self, run):
        state = run.get_status_display()
        if run.is_preview:
            state = _("%(status)s, preview") % {"status": state}
        if run.unfinished_reports:
            state = _("%(status)s, without reports %(reports)s") % {
                "status": state,
                "reports": ", ".join(f"#{n}" for n in run.unfinished_reports),
            }
        return state

    @admin.display(description=_("lines in the run"), ordering="lines_count")
    def line_count(self, run):
        return run.lines_count

    @admin.display(description=_("started by"), ordering="started_by_name")
    def starter(self, run):
        return run.started_by_name or SOURCES.get(run.source, run.source)

    @admin.display(description=_("total"), ordering="total_amount")
    def amount(self, run):
        return rub(run.total_amount)

    @admin.display(description=_("started from"))
    def started_from(self, run):
        return SOURCES.get(run.source, run.source)

    @admin.display(description=_("all reports in"), boolean=True)
    def complete(self, run):
        return not run.unfinished_reports

    @admin.display(description=_("totals by distributor and program"))
    def totals_by_distributor_and_program(self, run):
        rows = (
            run.lines.values("distributor__name", "program__kind")
            .annotate(total=Sum("amount"), adjustments=Sum("adjustment"))
            .order_by("distributor__name", "program__kind")
        )
        items = []
        for row in rows:
            text = f"{row['distributor__name']} · {kind_label(row['program__kind'])}: {rub(row['total'])}"
            # A run that corrects an approved one pays its differences; when the difference is the whole
            # amount (nothing of it was approved before), saying it twice tells nothing.
            if run.adjusts_id and row["adjustments"] != row["total"]:
                if row["adjustments"]:
                    text += " (" + _("adjustment %(amount)s") % {"amount": signed_rub(row["adjustments"])} + ")"
                else:
                    text += " (" + str(_("as approved")) + ")"
            items.append((text,))
        return format_html_join(mark_safe("<br>"), "{}", items) or "—"

    # --- Approve and record a payment from the run's own page, each after a confirmation page.
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/approve/", view(self.approve_view), name="rebates_payoutrun_approve"),
            path("<path:object_id>/pay/", view(self.pay_view), name="rebates_payoutrun_pay"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may = obj is not None and self.has_approve_permission(request)
        context["may_approve"] = may and obj.status == RunStatus.DONE and not obj.is_preview
        context["may_pay"] = may and obj.status == RunStatus.APPROVED
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _run_for_finance(self, request, object_id):
        run = self.get_object(request, object_id)
        if run is None:
            raise Http404
        if not self.has_approve_permission(request):
            raise PermissionDenied
        return run

    def _back(self, run):
        return HttpResponseRedirect(reverse("admin:rebates_payoutrun_change", args=[run.pk]))

    def _approved_message(self, run):
        return _("Run #%(id)s of %(quarter)s approved: %(total)s.") % {
            "id": run.pk,
            "quarter": run.quarter.code,
            "total": rub(run.total_amount),
        }

    def approve_view(self, request, object_id):
        run = self._run_for_finance(request, object_id)
        if request.method == "POST":
            try:
                approved = approvals.payout_run_approve(
                    run_id=run.pk, actor=request.user, include_unfinished=request.POST.get("include_unfinished") == "1"
                )
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, self._approved_message(approved))
            return self._back(run)
        lines = [
            _("%(total)s in %(lines)s lines, computed %(when)s.")
            % {"total": rub(run.total_amount), "lines": run.lines_count, "when": moscow_date(run.finished_at)},
            _("Once approved, the run's lines and the quarter's enrollments no longer change."),
        ]
        form = None
        if run.unfinished_reports:
            reports = ", ".join(f"#{n}" for n in run.unfinished_reports)
            lines.append(
                _("Reports %(reports)s were still being imported: their sales are not in this run.")
                % {"reports": reports}
            )
            form = IncludeUnfinishedForm()
        return confirmation(
            self, request, run,
            title=_("Approve run #%(id)s of %(quarter)s?") % {"id": run.pk, "quarter": run.quarter.code},
            lines=lines, form=form, submit=_("Yes, approve the run"),
        )  # fmt: skip

    def pay_view(self, request, object_id):
        run = self._run_for_finance(request, object_id)
        form = MarkPaidForm(request.POST if request.method == "POST" else None, run=run)
        if form.is_valid():
            payment = self._record_payment(request, run, form)
            if payment is not None:
                return self._back(run)
        return confirmation(
            self, request, run,
            title=_("Record a payment of run #%(id)s") % {"id": run.pk},
            lines=[_("The amount is the run's; enter the bank's payment order and its date.")],
            form=form, submit=_("Mark paid"),
        )  # fmt: skip

    def _record_payment(self, request, run, form):
        data = form.cleaned_data
        try:
            payment = approvals.payout_run_mark_paid(
                run_id=run.pk, distributor_id=int(data["distributor"]), paid_on=data["paid_on"],
                payment_order=data["payment_order"], actor=request.user,
            )  # fmt: skip
        except PortalError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return None
        self.message_user(
            request,
            _("Recorded: %(amount)s paid through %(distributor)s on %(date)s, payment order %(order)s.")
            % {"amount": rub(payment.amount), "distributor": payment.distributor.name,
               "date": payment.paid_on.strftime("%d.%m.%Y"), "order": payment.payment_order},
        )  # fmt: skip
        return payment

    # --- The same from the list (several runs at once).
    @admin.action(description=_("Approve the selected run (frozen afterwards)"), permissions=["approve"])
    def approve(self, request, queryset):
        confirmed = request.POST.get("include_unfinished") == "1"
        unconfirmed = []
        for run in queryset:
            try:
                approved = approvals.payout_run_approve(run_id=run.pk, actor=request.user, include_unfinished=confirmed)
                self.message_user(request, self._approved_message(approved))
            except PortalError as error:
                if error.code == "unfinished_reports":
                    unconfirmed.append((run, error.message))
                else:
                    self.message_user(request, error.message, messages.ERROR)
        if not unconfirmed:
            return None
        context = {  # the runs that left reports out: approve them only on a second, explicit request
            **self.admin_site.each_context(request),
            "title": _("Approve without the reports still being imported?"),
            "runs": unconfirmed,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/rebates/payoutrun/approve_unfinished.html", context)

    @admin.action(description=_("Record a payment through a distributor…"), permissions=["approve"])
    def mark_paid(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select one run to record its payment."), messages.ERROR)
            return None
        run = queryset.get()
        form = MarkPaidForm(request.POST if "apply" in request.POST else None, run=run)
        if form.is_valid() and self._record_payment(request, run, form) is not None:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a payment"),
            "form": form,
            "runs": [run],
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/rebates/payoutrun/mark_paid.html", context)


class IncludeUnfinishedForm(forms.Form):
    include_unfinished = forms.BooleanField(
        label=_("Approve without them (their lines come as adjustments in the next run)"), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["include_unfinished"].widget.attrs["value"] = "1"


def signed_rub(amount) -> str:
    return ("+" if amount > 0 else "") + rub(amount)


@admin.register(PayoutLine)
class PayoutLineAdmin(admin.ModelAdmin):
    # At 1366 px; the run, approved amount and the sales behind the line are on the line's page.
    list_display = ["partner_column", "distributor", "program_kind", "group_code", "units", "tier_units", "rate_rub",
                    "amount_rub", "reason"]  # fmt: skip
    list_filter = [quarter_filter("payout_runs", "run__quarter_id"), RunFilter, "program__kind", "distributor",
                   "reason", "partner__region"]  # fmt: skip
    search_fields = ["partner_ref", "partner__legal_name", "group_code"]
    list_select_related = ["partner", "distributor", "program"]
    fields = ["run", "partner", "partner_ref", "distributor", "program", "group_code", "units", "tier_units",
              "rate_rub", "amount_rub", "approved_rub", "adjustment_rub", "reason", "sales_lines"]  # fmt: skip
    readonly_fields = fields

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        run_id = request.GET.get("run__id__exact", "")
        if run_id.isdigit() and PayoutRun.objects.filter(pk=run_id, adjusts__isnull=False).exists():
            columns.append("adjustment_rub")  # a correction run: what changes is the point
        return columns

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # computed; approved runs are frozen

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("partner"), ordering="partner_ref")
    def partner_column(self, line):
        if line.partner_id is None:
            return format_html("{} <small>({})</small>", line.partner_ref, _("unknown Dell ID"))
        return f"{line.partner_ref} · {line.partner.legal_name}"

    @admin.display(description=_("program"), ordering="program__kind")
    def program_kind(self, line):
        return kind_label(line.program.kind)

    @admin.display(description=_("RUB per unit"), ordering="rate")
    def rate_rub(self, line):
        return rub(line.rate)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_rub(self, line):
        return rub(line.amount)

    @admin.display(description=_("already approved"))
    def approved_rub(self, line):
        return rub(line.approved_amount)

    @admin.display(description=_("adjustment"), ordering="adjustment")
    def adjustment_rub(self, line):
        return signed_rub(line.adjustment)

    @admin.display(description=_("sales lines"))
    def sales_lines(self, line):
        url = reverse("admin:distributors_salesline_changelist")
        return format_html(
            '<a href="{}?quarter__id__exact={}&distributor__id__exact={}&partner_ref={}">{}</a>',
            url,
            line.run.quarter_id,
            line.distributor_id,
            line.partner_ref,
            _("show"),
        )
