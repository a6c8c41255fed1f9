"""Service centers in the admin, with the import from a file (like the catalog's)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from service_locator import services
from service_locator.models import ServiceCenter
from toolkit.errors import PortalError


class CenterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Service centers file (.xlsx or .csv): город, адрес, телефон, сервисный партнер, гарантия")
    )


@admin.register(ServiceCenter)
class ServiceCenterAdmin(admin.ModelAdmin):
    list_display = ["city", "address", "phone", "service_partner", "serves_pl_cis", "serves_nbd"]
    list_filter = ["serves_pl_cis", "serves_nbd"]
    search_fields = ["city", "address", "service_partner"]
    change_list_template = "admin/service_locator/servicecenter/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="service_locator_servicecenter_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CenterUploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.service_centers_import(actor=request.user, raw=upload.read(), filename=upload.name)
            except PortalError as error:
                form.add_error("file", error.message)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import service centers"),
            "form": form,
            "result": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/product/import.html", context)
