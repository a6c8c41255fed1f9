"""Staff pages of the discount program: terms per quarter (cloneable), growth targets, the runs
(compute and approve) and the partners' discounts of the districts a manager covers, with export."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from discounts import exports, selectors, services
from discounts.models import (
    AttachLevel,
    DiscountLevel,
    DiscountLine,
    DiscountRun,
    DiscountRunStatus,
    DiscountTerms,
    GrowthTarget,
)
from portal.selectors import regions_covered_by, sees_all_regions
from toolkit.errors import PortalError


class LevelInline(admin.TabularInline):
    model = DiscountLevel
    extra = 0


class AttachLevelInline(admin.TabularInline):
    model = AttachLevel
    extra = 0


@admin.register(DiscountTerms)
class DiscountTermsAdmin(admin.ModelAdmin):
    list_display = ["quarter", "is_example", "growth_percent", "growth_extra_percent", "requires_certificate"]
    inlines = [LevelInline, AttachLevelInline]
    actions = ["clone_to_next_quarter", "compute_run"]

    @admin.action(description=_("Clone to the next quarter"), permissions=["add"])
    def clone_to_next_quarter(self, request, queryset):
        for terms in queryset.select_related("quarter"):
            target = selectors.next_quarter(terms.quarter)
            if target is None:
                self.message_user(request, _("No next quarter in the calendar."), messages.ERROR)
                continue
            try:
                services.terms_clone(source=terms, target=target, actor=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Cloned to %(quarter)s.") % {"quarter": target.code})

    @admin.action(description=_("Fix the discounts for the next quarter (closed quarters)"), permissions=["view"])
    def compute_run(self, request, queryset):
        for terms in queryset.select_related("quarter"):
            try:
                run = services.discount_run_compute(quarter=terms.quarter, actor=request.user, source="admin")
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Discount run #%(id)s computed.") % {"id": run.pk})


class DistrictScoped:
    """Managers see the partners of the districts they cover; `portal.view_all_regions` sees all."""

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("partner__region")
        if sees_all_regions(request.user):
            return rows
        return rows.filter(partner__region__in=regions_covered_by(request.user))


@admin.register(GrowthTarget)
class GrowthTargetAdmin(DistrictScoped, admin.ModelAdmin):
    list_display = ["partner", "terms", "target_revenue"]
    list_filter = ["terms__quarter", "partner__region"]
    search_fields = ["partner__legal_name", "partner__dell_id"]
    autocomplete_fields = ["partner"]


class DiscountLineInline(admin.TabularInline):
    model = DiscountLine
    extra = 0
    can_delete = False
    fields = ["partner", "revenue", "growth_met", "standard_percent", "growth_percent", "attach_percent",
              "total_percent", "ineligible"]  # fmt: skip
    readonly_fields = fields
    max_num = 0
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


@admin.register(DiscountRun)
class DiscountRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "quarter", "applies_to", "status", "partners_count", "started_by_name", "computed_at",
                    "approved_by", "fingerprint"]  # fmt: skip
    list_filter = ["status", "quarter"]
    readonly_fields = [field.name for field in DiscountRun._meta.fields]
    actions = ["approve"]
    inlines = [DiscountLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected run"), permissions=["approve"])
    def approve(self, request, queryset):
        for run in queryset.filter(status=DiscountRunStatus.COMPUTED):
            try:
                services.discount_run_approve(run_id=run.pk, actor=request.user)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Discount run #%(id)s approved.") % {"id": run.pk})

    def has_approve_permission(self, request):
        return request.user.has_perm(services.APPROVE_PERMISSION)


@admin.register(DiscountLine)
class DiscountLineAdmin(admin.ModelAdmin):
    list_display = ["partner", "region", "run", "revenue", "growth_met", "attached_invoices", "total_percent",
                    "ineligible"]  # fmt: skip
    list_filter = ["run__status", "run__applies_to", "partner__region"]
    search_fields = ["partner__legal_name", "partner__dell_id"]
    actions = ["export_xlsx"]

    def get_queryset(self, request):
        return selectors.lines_visible_to(request.user)

    @admin.display(description=_("federal district"), ordering="partner__region")
    def region(self, line):
        return line.partner.region

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export to xlsx"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return exports.discounts_xlsx(None, queryset.select_related("partner", "run__applies_to"), who="staff")
