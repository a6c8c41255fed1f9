from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from benefits.models import Certificate
from portal.admin import date_column


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "partner", "starts", "ends", "units", "revoked"]
    list_select_related = ["partner"]
    search_fields = ["number", "partner__legal_name", "partner__inn", "partner__dell_id"]
    readonly_fields = ["number", "partner", "valid_from", "valid_until", "units", "issued_at", "revoked_at"]
    starts = date_column("valid_from", _("valid from"))
    ends = date_column("valid_until", _("valid until"))
    revoked = date_column("revoked_at", _("revoked at"), with_time=True)

    def has_add_permission(self, request):
        return False  # issued by the yearly job from reported purchases

    def has_delete_permission(self, request, obj=None):
        return False
