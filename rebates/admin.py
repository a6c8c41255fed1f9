"""Vendor staff's admin for quarters, programs, the catalog and enrollments."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin
from portal.errors import PortalError
from portal.spreadsheets import xlsx_response
from rebates import selectors, services
from rebates.catalog_import import import_products
from rebates.models import (
    ClassificationRule,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    FiscalQuarter,
    Product,
    ProductGroup,
    ProductLine,
    Program,
    Rate,
    Tier,
)


@admin.register(FiscalQuarter)
class FiscalQuarterAdmin(admin.ModelAdmin):
    list_display = ["code", "start_date", "end_date", "program_count"]
    list_filter = ["fiscal_year"]
    search_fields = ["code"]
    actions = ["clone_into_next"]

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


@admin.register(ProductLine)
class ProductLineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "segment"]
    list_filter = ["segment"]


class CatalogUploadForm(forms.Form):
    file = forms.FileField(label=_("Catalog file (.xlsx or .csv): sku, model, line, series, form_factor, diagonal"))


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "model", "line", "series", "form_factor", "diagonal", "groups_this_quarter"]
    list_filter = ["line__segment", "line", "form_factor"]
    search_fields = ["sku", "model"]
    change_list_template = "admin/rebates/product/change_list.html"

    @admin.display(description=_("group in the current quarter"))
    def groups_this_quarter(self, product):
        quarter = selectors.current_quarter()
        groups = selectors.product_groups_in(quarter, product) if quarter else []
        return "; ".join(str(g) for g in groups) or _("not eligible")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="rebates_product_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = CatalogUploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_products(upload.read(), upload.name)
            except PortalError as error:
                form.add_error("file", error.message)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the product catalog"),
            "form": form,
            "result": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/rebates/product/import.html", context)


class EnrollmentEventInline(admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "tier", "actor"]
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
