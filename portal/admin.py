"""Vendor staff's admin: applications, partners, account managers. Account managers see only
their districts (selectors decide); a foreign object answers 404, as everywhere in the portal."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import selectors, services
from portal.forms import RejectionForm
from portal.models import (
    AccountManager,
    ApplicationEvent,
    ApplicationStatus,
    Coverage,
    Partner,
    PartnerApplication,
    Region,
    Specialization,
    User,
)
from toolkit.errors import PortalError


class ScopedAdminMixin:
    """Objects outside the user's districts do not exist for them: 404 on a direct URL."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


# Fields that grant power. Only a superuser may set them, and never on their own account: a role
# with `change_user` (program administrators manage partners' logins) must not be a way up.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def may_grant_privileges(request, user) -> bool:
    return request.user.is_superuser and (user is None or user.pk != request.user.pk)


class UserChangeForm(DjangoUserAdmin.form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("partner") and cleaned.get("distributor"):
            raise forms.ValidationError(_("A login belongs to a partner or to a distributor, not to both."))
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "company", "is_staff", "is_active", "last_login"]
    list_select_related = ["partner", "distributor"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_partner_admin", "groups"]
    search_fields = ["email", "full_name", "partner__legal_name", "partner__dell_id", "distributor__name"]
    autocomplete_fields = ["partner", "distributor"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "position", "phone"]}),
        (_("Company"), {"fields": ["partner", "is_partner_admin", "distributor"]}),
        (_("Permissions"), {"fields": ["is_active", *PRIVILEGE_FIELDS]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    @admin.display(description=_("company"), ordering="partner__legal_name")
    def company(self, user):
        """The partner or distributor the login works for (vendor staff: none)."""
        return user.partner or user.distributor or "—"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not may_grant_privileges(request, obj):
            readonly += PRIVILEGE_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        # Vendor staff accounts are the superusers' to edit (an e-mail or password changed by a
        # colleague would be a takeover); everyone may edit their own name and phone.
        if obj is not None and (obj.is_staff or obj.is_superuser) and not request.user.is_superuser:
            return obj.pk == request.user.pk and super().has_change_permission(request, obj)
        return super().has_change_permission(request, obj)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "code", "sort_order"]
    search_fields = ["name_ru", "name_en", "code"]


@admin.register(Specialization)
class SpecializationAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 1


@admin.register(AccountManager)
class AccountManagerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "role", "email", "phone", "coverage_summary", "is_active"]
    list_filter = ["role", "is_active", "coverage__region", "coverage__direction"]
    search_fields = ["full_name", "email"]
    inlines = [CoverageInline]
    readonly_fields = ["covered_partners"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coverage__region")

    @admin.display(description=_("covers"))
    def coverage_summary(self, manager):
        return "; ".join(str(row) for row in manager.coverage.all()) or "—"

    @admin.display(description=_("partners covered"))
    def covered_partners(self, manager):
        if manager.pk is None:
            return "—"
        partners = selectors.partners_covered_by(manager)[:200]
        if not partners:
            return _("No partners yet.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            ((reverse("admin:portal_partner_change", args=[p.pk]), str(p)) for p in partners),
        )


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "client_address", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["pr_number", "legal_name", "inn", "region", "segment", "status", "created_at", "partner_dell_id"]
    list_filter = ["status", "region", "segment", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["pr_number", "inn", "legal_name", "contact_email", "contact_name"]
    date_hierarchy = "created_at"
    actions = ["start_review", "approve", "reject"]
    inlines = [ApplicationEventInline]
    fieldsets = [
        (None, {"fields": ["pr_number", "status", "partner", "rejection_reason", "created_at", "decided_at"]}),
        (_("Contact person"), {"fields": ["contact_name", "contact_position", "contact_email", "contact_phone"]}),
        (_("Company"), {"fields": ["legal_name", "inn", "city", "region", "address", "website"]}),
        (_("Specialization and segment"), {"fields": ["specializations", "segment", "language"]}),
    ]
    readonly_fields = ["pr_number", "status", "partner", "rejection_reason", "created_at", "decided_at", "language"]

    def get_queryset(self, request):
        return selectors.applications_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # applications come from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail must survive

    @admin.display(description=_("Dell ID"), ordering="partner__dell_id")
    def partner_dell_id(self, application):
        return application.partner.dell_id if application.partner_id else "—"

    def _apply(self, request, queryset, action, **kwargs):
        done, errors = 0, []
        for application in queryset.order_by("pk"):
            try:
                action(application_id=application.pk, actor=request.user, **kwargs)
                done += 1
            except PortalError as error:
                errors.append(f"{application.pr_number}: {error.message}")
        if done:
            self.message_user(request, ngettext("%d application updated.", "%d applications updated.", done) % done)
        for error in errors:
            self.message_user(request, error, level=messages.ERROR)

    @admin.action(description=_("Start review of the selected applications"), permissions=["change"])
    def start_review(self, request, queryset):
        self._apply(request, queryset, services.application_start_review)

    @admin.action(description=_("Approve and assign Dell IDs"), permissions=["change"])
    def approve(self, request, queryset):
        self._apply(request, queryset, services.application_approve)

    @admin.action(description=_("Reject with a reason…"), permissions=["change"])
    def reject(self, request, queryset):
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(request, queryset, services.application_reject, reason=form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject applications"),
            "applications": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "open_statuses": [ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW],
        }
        return TemplateResponse(request, "admin/portal/partnerapplication/reject.html", context)


class PartnerUserInline(admin.TabularInline):
    model = User
    fields = ["email", "full_name", "position", "is_partner_admin", "is_active", "last_login"]
    readonly_fields = ["email", "last_login"]
    extra = 0
    can_delete = False
    verbose_name = _("login")
    verbose_name_plural = _("logins")


@admin.register(Partner)
class PartnerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["dell_id", "legal_name", "inn", "city", "region", "segment", "is_active", "created_at"]
    list_filter = ["region", "segment", "is_active"]
    search_fields = ["dell_id", "legal_name", "inn", "city"]
    readonly_fields = ["dell_id", "inn", "created_at", "personal_managers"]
    filter_horizontal = ["specializations"]
    inlines = [PartnerUserInline]

    def get_queryset(self, request):
        return selectors.partners_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # partners come from approved applications

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("personal account manager"))
    def personal_managers(self, partner):
        managers = selectors.account_managers_for(region_id=partner.region_id, segment=partner.segment)
        return ", ".join(f"{m.full_name} <{m.email}>" for m in managers) or "—"
