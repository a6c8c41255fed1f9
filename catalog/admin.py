"""Vendor staff's admin for the fiscal quarters and the product catalog (with its file import).
`rebates.admin` extends the quarter and product pages with what programs add to them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from catalog.imports import import_products
from catalog.models import FiscalQuarter, Product, ProductLine
from toolkit.errors import PortalError


@admin.register(FiscalQuarter)
class FiscalQuarterAdmin(admin.ModelAdmin):
    list_display = ["code", "start_date", "end_date"]
    list_filter = ["fiscal_year"]
    search_fields = ["code"]


@admin.register(ProductLine)
class ProductLineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "aliases", "segment", "is_services"]
    list_filter = ["segment"]


class CatalogUploadForm(forms.Form):
    file = forms.FileField(label=_("Catalog file (.xlsx or .csv): sku, model, line, series, form_factor, diagonal"))


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "model", "line", "series", "form_factor", "diagonal", "list_price"]
    list_filter = ["line__segment", "line", "form_factor"]
    search_fields = ["sku", "model"]
    change_list_template = "admin/catalog/product/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_product_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
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
        return TemplateResponse(request, "admin/catalog/product/import.html", context)
