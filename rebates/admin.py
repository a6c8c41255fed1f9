"""Vendor staff's admin for programs, enrollments and payout runs, and what programs add to the
catalog's quarter and product pages."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalog import admin as catalog_admin
from catalog.models import FiscalQuarter, Product
from catalog.selectors import current_quarter
from portal.admin import ScopedAdminMixin
from portal.models import Distributor
from portal.outbox import enqueue
from portal.templatetags.portal_format import rub
from rebates import approvals, payouts, selectors, services
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
    Rate,
    Tier,
    TrainingGate,
)
from toolkit.errors import PortalError
from toolkit.spreadsheets import xlsx_response

# The quarter and product pages are catalog's; programs add columns and actions to them.
admin.site.unregister([FiscalQuarter, Product])


@admin.register(FiscalQuarter)
class FiscalQuarterAdmin(catalog_admin.FiscalQuarterAdmin):
    list_display = [*catalog_admin.FiscalQuarterAdmin.list_display, "program_count", "state"]
    actions = ["clone_into_next", "start_payout_run"]

    def has_start_run_permission(self, request):
        return request.user.has_perm("rebates.start_payoutrun")

    @admin.display(description=_("state"))
    def state(self, quarter):
        if selectors.quarter_is_frozen(quarter.pk):
            return _("approved, frozen")
        return _("closed") if selectors.quarter_is_closed(quarter) else _("open: runs are previews")

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

    @admin.display(description=_("programs"))
    def program_count(self, quarter):
        return quarter.programs.count()

    @admin.action(description=_("Clone the programs into the next quarter"), permissions=["change"])
    def clone_into_next(self, request, queryset):
        for quarter in queryset:
            target = FiscalQuarter.objects.filter(start_date__gt=quarter.end_date).order_by("start_date").first()
            if target is None:
                self.message_user(
                    request, _("%(code)s has no next quarter in the calendar.") % {"code": quarter.code}, messages.ERROR
                )
                continue
            cloned = services.quarter_clone_programs(source=quarter, target=target)
            self.message_user(
                request,
                _("%(count)s programs cloned from %(source)s into %(target)s: check rates and deadlines there.")
                % {"count": len(cloned), "source": quarter.code, "target": target.code},
            )


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
    list_display = ["__str__", "quarter", "kind", "accept_deadline", "tier_policy", "requires_confirmation"]
    list_filter = ["quarter", "kind", "tier_policy"]
    inlines = [TierInline, ProductGroupInline]

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
    list_filter = ["program__quarter", "program__kind"]
    inlines = [RateInline, ClassificationRuleInline]


@admin.register(TrainingGate)
class TrainingGateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "group", "kind", "min_courses"]
    list_filter = ["program__quarter", "group__program__quarter", "kind"]
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
    fields = ["at", "action", "tier", "actor", "client_address"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["partner", "dell_id", "program", "tier", "status", "accepted_by", "accepted_at", "changed_at"]
    list_filter = ["program__quarter", "program__kind", "status", "partner__region"]
    search_fields = ["partner__legal_name", "partner__dell_id", "partner__inn"]
    readonly_fields = [
        "partner",
        "program",
        "tier",
        "status",
        "accepted_by",
        "accepted_at",
        "changed_at",
        "confirmed_by",
        "confirmed_at",
    ]
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
    fields = ["distributor", "amount", "paid_on", "payment_order", "paid_by", "paid_at"]
    readonly_fields = fields
    can_delete = False

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
    list_display = [
        "__str__",
        "quarter",
        "status",
        "is_preview",
        "complete",
        "lines_count",
        "total_amount",
        "started_by_name",
        "started_at",
        "approved_by",
    ]
    list_filter = ["quarter", "status", "is_preview"]
    readonly_fields = [f.name for f in PayoutRun._meta.fields] + ["totals_by_distributor_and_program"]
    inlines = [PayoutPaymentInline]
    actions = ["approve", "mark_paid"]

    def has_add_permission(self, request):
        return False  # runs start from the quarter's action, the command or beat

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("all reports in"), boolean=True)
    def complete(self, run):
        return not run.unfinished_reports

    @admin.display(description=_("totals by distributor and program"))
    def totals_by_distributor_and_program(self, run):
        from django.db.models import Sum
        from django.utils.html import format_html_join

        rows = (
            run.lines.values("distributor__name", "program__kind")
            .annotate(total=Sum("amount"), adjustments=Sum("adjustment"))
            .order_by("distributor__name", "program__kind")
        )
        if not run.adjusts_id:  # nothing approved before this run: no adjustments to show
            return (
                format_html_join(
                    mark_safe("<br>"),
                    "{} · {}: {}",
                    ((r["distributor__name"], r["program__kind"], rub(r["total"])) for r in rows),
                )
                or "—"
            )
        return format_html_join(
            mark_safe("<br>"),
            "{} · {}: {} ({} {})",
            ((r["distributor__name"], r["program__kind"], rub(r["total"]), rub(r["adjustments"]), _("adjustment"))
             for r in rows),
        ) or "—"  # fmt: skip

    @admin.action(description=_("Approve the selected run (frozen afterwards)"), permissions=["approve"])
    def approve(self, request, queryset):
        confirmed = request.POST.get("include_unfinished") == "1"
        unconfirmed = []
        for run in queryset:
            try:
                approved = approvals.payout_run_approve(run_id=run.pk, actor=request.user, include_unfinished=confirmed)
                self.message_user(
                    request,
                    _("Approved: run #%(id)s of %(quarter)s, %(total)s.")
                    % {"id": approved.pk, "quarter": approved.quarter.code, "total": rub(approved.total_amount)},
                )
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
        if form.is_valid():
            try:
                data = form.cleaned_data
                payment = approvals.payout_run_mark_paid(
                    run_id=run.pk, distributor_id=int(data["distributor"]), paid_on=data["paid_on"],
                    payment_order=data["payment_order"], actor=request.user,
                )  # fmt: skip
            except PortalError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(
                    request,
                    _("Recorded: %(amount)s paid through %(distributor)s on %(date)s, payment order %(order)s.")
                    % {"amount": rub(payment.amount), "distributor": payment.distributor.name,
                       "date": payment.paid_on.strftime("%d.%m.%Y"), "order": payment.payment_order},
                )  # fmt: skip
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

    def has_approve_permission(self, request):
        return request.user.has_perm("rebates.approve_payoutrun")


@admin.register(PayoutLine)
class PayoutLineAdmin(admin.ModelAdmin):
    list_display = ["run", "partner_ref", "partner", "distributor", "program", "group_code", "units", "tier_units", "rate",
                    "amount", "adjustment", "reason", "sales_lines"]  # fmt: skip
    list_filter = ["run__quarter", "run", "program__kind", "distributor", "reason", "partner__region"]
    search_fields = ["partner_ref", "partner__legal_name", "group_code"]
    list_select_related = ["run__quarter", "partner", "distributor", "program"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # computed; approved runs are frozen

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sales lines"))
    def sales_lines(self, line):
        from django.urls import reverse
        from django.utils.html import format_html

        url = reverse("admin:distributors_salesline_changelist")
        return format_html(
            '<a href="{}?quarter__id__exact={}&distributor__id__exact={}&partner_ref={}">{}</a>',
            url,
            line.run.quarter_id,
            line.distributor_id,
            line.partner_ref,
            _("show"),
        )
