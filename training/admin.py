"""Vendor staff's admin for courses and completions (confirm partner reports, import the LMS)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin
from portal.selectors import regions_covered_by, sees_all_regions
from toolkit.errors import PortalError
from training import services
from training.lms_import import import_completions
from training.models import Completion, CompletionSource, CompletionStatus, Course

LANGUAGE_NAMES = {"ru": _("Russian"), "en": _("English")}


class LanguageFilter(admin.SimpleListFilter):
    """The course's language by name (the field stores a code and has no choices)."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return list(LANGUAGE_NAMES.items())

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "kind", "language_name", "is_active"]
    list_filter = ["kind", "is_active", LanguageFilter]
    search_fields = ["code", "title"]

    @admin.display(description=_("language"), ordering="language")
    def language_name(self, course):
        return LANGUAGE_NAMES.get(course.language, course.language)


class LmsUploadForm(forms.Form):
    file = forms.FileField(label=_("LMS export (.xlsx or .csv): email, course_code, completed_on"))


class _CertificateViaPortal:
    """The stored certificate as the change form shows it: linked to the permission-checking view,
    never to the storage's own URL (a bucket's presigned link works for whoever holds it)."""

    def __init__(self, field_file):
        self.name = field_file.name
        self.url = reverse("training:certificate", args=[field_file.instance.pk])

    def __str__(self):
        return self.name


class CertificateInput(AdminFileWidget):
    def format_value(self, value):
        if self.is_initial(value) and getattr(value, "instance", None) is not None and value.instance.pk:
            return _CertificateViaPortal(value)
        return super().format_value(value)


@admin.register(Completion)
class CompletionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "partner", "course", "completed_on", "source", "status", "reviewed_by"]
    list_filter = ["status", "source", "course__kind", "course"]
    search_fields = ["user__email", "user__partner__legal_name", "user__partner__dell_id", "course__code"]
    autocomplete_fields = ["user"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at"]
    actions = ["confirm", "reject"]
    change_list_template = "admin/training/completion/change_list.html"
    formfield_overrides = {models.FileField: {"widget": CertificateInput}}

    def get_queryset(self, request):
        completions = super().get_queryset(request).select_related("user__partner", "course", "reviewed_by")
        if sees_all_regions(request.user):
            return completions
        return completions.filter(user__partner__region_id__in=regions_covered_by(request.user))

    @admin.display(description=_("partner"))
    def partner(self, completion):
        return completion.user.partner

    def save_model(self, request, obj, form, change):
        if not change:  # entered by staff: confirmed at once
            obj.source = CompletionSource.STAFF
            obj.status = CompletionStatus.CONFIRMED
            obj.reviewed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected completions"), permissions=["change"])
    def confirm(self, request, queryset):
        for completion in queryset:
            services.completion_review(completion_id=completion.pk, actor=request.user, confirm=True)
        self.message_user(request, _("%(n)s confirmed.") % {"n": queryset.count()})

    @admin.action(description=_("Reject the selected completions"), permissions=["change"])
    def reject(self, request, queryset):
        for completion in queryset:
            services.completion_review(completion_id=completion.pk, actor=request.user, confirm=False)
        self.message_user(request, _("%(n)s rejected.") % {"n": queryset.count()})

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="training_completion_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        form = LmsUploadForm(request.POST or None, request.FILES or None)
        result = None
        if not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_completions(upload.read(), upload.name, actor=request.user)
            except PortalError as error:
                form.add_error("file", error.message)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import completions from the LMS"),
            "form": form,
            "result": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/training/completion/import.html", context)
