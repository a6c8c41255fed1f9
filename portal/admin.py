"""Vendor staff's admin: applications, partners, account managers. Account managers see only
their districts (selectors decide); a foreign object answers 404, as everywhere in the portal."""

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import company, roles, selectors, services
from portal.forms import RejectionForm
from portal.models import (
    AccountManager,
    ApplicationEvent,
    ApplicationStatus,
    Coverage,
    LegalDataRequest,
    LegalDataStatus,
    Partner,
    PartnerApplication,
    PartnerChange,
    Region,
    Specialization,
    User,
)
from portal.templatetags.portal_format import moscow_date, moscow_datetime
from toolkit.errors import PortalError


def date_column(field: str, description, *, with_time: bool = False):
    """A list or detail column showing a date field as 25.11.2026 (with_time: 25.11.2026 23:32 МСК)."""
    show = moscow_datetime if with_time else moscow_date

    @admin.display(description=description, ordering=field)
    def column(self, obj):
        return show(getattr(obj, field))

    return column


def confirmation(model_admin, request, obj, *, title, lines, submit, form=None, danger=False):
    """An intermediate page, like Django's delete confirmation: what will happen, then a button."""
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": str(obj),
        "object": obj,
        "opts": opts,
        "lines": lines,
        "form": form,
        "submit": submit,
        "danger": danger,
        "cancel_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)


class ScopedAdminMixin:
    """Objects outside the user's districts do not exist for them: 404 on a direct URL."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


class DecisionButtonsMixin:
    """An object's decisions as buttons on its page, each a view at `<id>/<decision>/` (URL name
    `<app>_<model>_<decision>`) that needs `decision_permission`, runs a service and comes back to
    the page with its message. Subclasses define `<decision>_view` for each of `decisions`."""

    decisions: tuple[str, ...] = ()
    decision_permission = ""

    def get_urls(self):
        view, opts = self.admin_site.admin_view, self.model._meta
        return [
            *(
                path(f"<path:object_id>/{name}/", view(getattr(self, f"{name}_view")),
                     name=f"{opts.app_label}_{opts.model_name}_{name}")
                for name in self.decisions
            ),
            *super().get_urls(),
        ]  # fmt: skip

    def _open(self, request, object_id):
        found = self.get_object(request, object_id)
        if found is None:
            raise Http404
        if not request.user.has_perm(self.decision_permission):
            raise PermissionDenied
        return found

    def _do(self, request, found, action, done):
        try:
            action()
        except PortalError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[found.pk]))


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
    list_display = ["email", "full_name", "company", "is_staff", "is_active", "last_seen"]
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

    last_seen = date_column("last_login", _("last login"), with_time=True)

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


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(DjangoGroupAdmin):
    """Staff roles: the name is the key portal/roles.py looks the group up by, shown translated."""

    list_display = ["role"]

    @admin.display(description=_("role"), ordering="name")
    def role(self, group):
        return roles.role_label(group.name)

    @staticmethod
    def _is_known_role(group) -> bool:
        return group is not None and group.name in roles.ROLE_NAMES

    def get_fields(self, request, obj=None):
        if self._is_known_role(obj):  # the key stays as it is; its translated name is shown instead
            return ["role", "permissions"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "role"] if self._is_known_role(obj) else readonly


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """allauth's list, with translated column names (its fields have none)."""

    list_display = ["login", "kind", "created", "last_used"]
    list_select_related = ["user"]

    created = date_column("created_at", _("created"), with_time=True)
    last_used = date_column("last_used_at", _("last used"), with_time=True)

    @admin.display(description=_("user"), ordering="user__email")
    def login(self, authenticator):
        return authenticator.user.email

    @admin.display(description=_("kind"), ordering="type")
    def kind(self, authenticator):
        return authenticator.get_type_display()


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
    fields = ["moment", "from_status", "to_status", "actor", "client_address", "note"]
    readonly_fields = fields
    moment = date_column("at", _("at"), with_time=True)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    # What a reviewer scans at 1366 px; contacts, address and segment are on the application's page.
    list_display = ["pr_number", "legal_name", "inn", "region", "status", "submitted", "partner_dell_id"]
    list_select_related = ["region", "partner"]
    list_filter = ["status", "region", "segment", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["pr_number", "inn", "legal_name", "contact_email", "contact_name"]
    date_hierarchy = "created_at"
    actions = ["start_review", "approve", "reject"]
    inlines = [ApplicationEventInline]
    change_form_template = "admin/portal/partnerapplication/change_form.html"
    fieldsets = [
        (None, {"fields": ["pr_number", "status", "partner", "rejection_reason", "submitted", "decided"]}),
        (_("Contact person"), {"fields": ["contact_name", "contact_position", "contact_email", "contact_phone"]}),
        (_("Company"), {"fields": ["legal_name", "inn", "city", "region", "address", "website"]}),
        (_("Specialization and segment"), {"fields": ["specializations", "segment", "language_name"]}),
    ]
    readonly_fields = ["pr_number", "status", "partner", "rejection_reason", "submitted", "decided", "language_name"]

    submitted = date_column("created_at", _("submitted at"), with_time=True)
    decided = date_column("decided_at", _("decided at"), with_time=True)

    def get_queryset(self, request):
        return selectors.applications_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # applications come from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail must survive

    @admin.display(description=_("Dell ID"), ordering="partner__dell_id")
    def partner_dell_id(self, application):
        return application.partner.dell_id if application.partner_id else "—"

    @admin.display(description=_("language of correspondence"))
    def language_name(self, application):
        return {"ru": _("Russian"), "en": _("English")}.get(application.language, application.language)

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
        for application in queryset.order_by("pk"):
            self._approve_one(request, application)

    def _approve_one(self, request, application) -> bool:
        try:
            partner = services.application_approve(application_id=application.pk, actor=request.user)
        except PortalError as error:
            self.message_user(request, f"{application.pr_number}: {error.message}", messages.ERROR)
            return False
        self.message_user(
            request,
            _("Application %(pr)s approved, Dell ID %(dell_id)s.")
            % {"pr": application.pr_number, "dell_id": partner.dell_id},
        )
        return True

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

    # The application's own page: Approve / Reject buttons, each with a confirmation page.
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/approve/", view(self.approve_view), name="portal_partnerapplication_approve"),
            path("<path:object_id>/reject/", view(self.reject_view), name="portal_partnerapplication_reject"),
            *super().get_urls(),
        ]

    def _open_application(self, request, object_id):
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404  # outside the user's districts, or no such application
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        return application

    def _back(self, application):
        return HttpResponseRedirect(reverse("admin:portal_partnerapplication_change", args=[application.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["decision_open"] = (
            obj is not None
            and obj.status in (ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW)
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def approve_view(self, request, object_id):
        application = self._open_application(request, object_id)
        if request.method == "POST":
            self._approve_one(request, application)
            return self._back(application)
        return confirmation(
            self, request, application,
            title=_("Approve application %(pr)s?") % {"pr": application.pr_number},
            lines=[
                _("%(company)s, INN %(inn)s, %(region)s.")
                % {"company": application.legal_name, "inn": application.inn, "region": application.region},
                _("The partner gets the next Dell ID; %(email)s receives it with a link to set a password.")
                % {"email": application.contact_email},
            ],
            submit=_("Yes, approve"),
        )  # fmt: skip

    def reject_view(self, request, object_id):
        application = self._open_application(request, object_id)
        form = RejectionForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                services.application_reject(
                    application_id=application.pk, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Application %(pr)s rejected.") % {"pr": application.pr_number})
            return self._back(application)
        return confirmation(
            self, request, application,
            title=_("Reject application %(pr)s?") % {"pr": application.pr_number},
            lines=[_("The applicant receives the reason by e-mail; the INN may apply again.")],
            form=form, submit=_("Reject"), danger=True,
        )  # fmt: skip


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
    # What fits 1366 px; address, website, specializations and logins are on the partner's page.
    list_display = ["dell_id", "legal_name", "inn", "city", "region", "is_active", "registered"]
    list_select_related = ["region"]
    list_filter = ["region", "segment", "is_active"]
    search_fields = ["dell_id", "legal_name", "inn", "city"]
    readonly_fields = ["dell_id", "inn", "registered", "personal_managers"]
    registered = date_column("created_at", _("registered at"))
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


class PartnerChangeInline(admin.TabularInline):
    model = PartnerChange
    fields = readonly_fields = ["at", "actor", "field_label", "before", "after", "note"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("history of the company profile")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


PartnerAdmin.inlines = [PartnerUserInline, PartnerChangeInline]


class LegalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


@admin.register(LegalDataRequest)
class LegalDataRequestAdmin(ScopedAdminMixin, DecisionButtonsMixin, admin.ModelAdmin):
    """Partners' changes of legal data, approved or rejected by the district's manager (buttons)."""

    list_display = ["partner", "legal_name", "inn", "kpp", "status", "requested"]
    list_filter = ["status"]
    list_select_related = ["partner"]
    search_fields = ["partner__legal_name", "partner__inn", "legal_name", "inn"]
    change_form_template = "admin/portal/legaldatarequest/change_form.html"
    fields = readonly_fields = [
        "partner", "current", "legal_name", "inn", "kpp", "status", "requested_by", "requested_at",
        "decided_by", "decided_at", "reason",
    ]  # fmt: skip
    requested = date_column("requested_at", _("requested at"), with_time=True)
    decisions = ("approve", "reject")
    decision_permission = "portal.decide_legaldatarequest"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(partner__in=selectors.partners_visible_to(request.user))

    @admin.display(description=_("legal data now"))
    def current(self, obj):
        partner = obj.partner
        return f"{partner.legal_name} · {_('INN')} {partner.inn} · {_('KPP')} {partner.kpp or '—'}"

    def has_add_permission(self, request):
        return False  # partner administrators ask on the portal

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided through the buttons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_decide"] = (
            obj is not None
            and obj.status == LegalDataStatus.PENDING
            and request.user.has_perm("portal.decide_legaldatarequest")
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def approve_view(self, request, object_id):
        found = self._open(request, object_id)
        if request.method == "POST":
            return self._do(
                request, found,
                lambda: company.legal_data_approve(actor=request.user, request_id=found.pk),
                _("The legal data of %(partner)s is changed.") % {"partner": found.legal_name},
            )  # fmt: skip
        return confirmation(
            self, request, found,
            title=_("Change the legal data of %(partner)s?") % {"partner": found.partner},
            lines=[
                _("Now: %(now)s") % {"now": self.current(found)},
                _("New: %(name)s · INN %(inn)s · KPP %(kpp)s")
                % {"name": found.legal_name, "inn": found.inn, "kpp": found.kpp or "—"},
                _("Check the new data against the company's registration documents."),
            ],
            submit=_("Yes, change it"),
        )  # fmt: skip

    def reject_view(self, request, object_id):
        found = self._open(request, object_id)
        form = LegalReasonForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            return self._do(
                request, found,
                lambda: company.legal_data_reject(actor=request.user, request_id=found.pk, reason=form.cleaned_data["reason"]),
                _("The change of legal data of %(partner)s is rejected.") % {"partner": found.partner},
            )  # fmt: skip
        return confirmation(self, request, found, title=_("Reject the change of %(partner)s?") % {"partner": found.partner},
                            lines=[_("The partner reads this text.")], form=form, submit=_("Reject"), danger=True)  # fmt: skip
