"""The library in the admin: staff upload assets; each asset's page shows its downloads per partner."""

from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from library import services
from library.models import Asset, Download
from portal.admin import date_column


class DownloadInline(admin.TabularInline):
    model = Download
    fields = readonly_fields = ["partner", "count", "last"]
    extra = 0
    can_delete = False
    last = date_column("last_at", _("last downloaded at"), with_time=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["title_ru", "kind", "segment", "starts", "ends", "preview_state", "downloaded"]
    list_filter = ["kind", "segment", "product_lines"]
    search_fields = ["title_ru", "title_en", "product_lines__name"]
    filter_horizontal = ["product_lines"]
    fields = [
        "title_ru", "title_en", "kind", "description", "product_lines", "segment", "file", "valid_from",
        "valid_until", "filename", "preview_state", "created_by", "created_at",
    ]  # fmt: skip
    readonly_fields = ["filename", "preview_state", "created_by", "created_at"]
    inlines = [DownloadInline]
    starts = date_column("valid_from", _("valid from"))
    ends = date_column("valid_until", _("valid until"))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_downloads=Sum("downloads__count"))

    @admin.display(description=_("downloads"), ordering="total_downloads")
    def downloaded(self, asset):
        return asset.total_downloads or 0

    def save_model(self, request, obj, form, change):
        services.asset_save(actor=request.user, asset=obj, file_changed="file" in form.changed_data)
