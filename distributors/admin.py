"""Vendor staff's admin for distributors, authorizations and reports."""

from django.contrib import admin

from distributors import claim_admin  # noqa: F401 — registers the claims' admin
from distributors.models import ApiToken, Authorization, SalesLine, SalesReport
from portal.models import Distributor


class AuthorizationInline(admin.TabularInline):
    model = Authorization
    extra = 0


@admin.register(Distributor)
class DistributorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "inn", "email", "is_active"]
    search_fields = ["name", "code", "inn"]
    list_filter = ["is_active", "authorizations__segment"]
    inlines = [AuthorizationInline]


@admin.register(SalesReport)
class SalesReportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "distributor",
        "original_name",
        "status",
        "rows_total",
        "rows_stored",
        "rows_rejected",
        "units",
        "created_at",
    ]
    list_filter = ["status", "distributor", "source"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = [f.name for f in SalesReport._meta.fields if f.name != "file"]
    exclude = ["file"]  # the stored file is served only through the permission-checking views

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SalesLine)
class SalesLineAdmin(admin.ModelAdmin):
    """Read-only: the lines behind a payout line (filtered from the payout line's link)."""

    list_display = [
        "invoice_number",
        "invoice_date",
        "partner_ref",
        "partner",
        "sku",
        "product",
        "quantity",
        "distributor",
        "report",
    ]
    list_filter = ["quarter", "distributor"]
    search_fields = ["invoice_number", "partner_ref", "sku"]
    list_select_related = ["partner", "product", "distributor", "report"]

    def get_queryset(self, request):
        lines = super().get_queryset(request)
        ref = request.GET.get("partner_ref")
        return lines.filter(partner_ref=ref) if ref else lines

    def get_changelist(self, request, **kwargs):
        from django.contrib.admin.views.main import ChangeList

        class WithPartnerRef(ChangeList):
            def get_filters_params(self, params=None):
                params = super().get_filters_params(params)
                params.pop("partner_ref", None)
                return params

        return WithPartnerRef

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
