"""Benefits in the admin: certificates (read-only, with why a partner does or does not qualify),
"Где купить" requests decided by the district's manager, and the directory's entries."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits import selectors, services
from benefits.models import Certificate, Listing, ListingRequest, ListingStatus
from portal.admin import DecisionButtonsMixin, ScopedAdminMixin, confirmation, date_column
from portal.models import Partner
from portal.selectors import partners_visible_to


class PartnerLookupForm(forms.Form):
    partner = forms.CharField(label=_("Dell ID or INN"), max_length=12)


@admin.register(Certificate)
class CertificateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "partner", "starts", "ends", "units", "revoked"]
    list_select_related = ["partner"]
    search_fields = ["number", "partner__legal_name", "partner__inn", "partner__dell_id"]
    readonly_fields = ["number", "partner", "valid_from", "valid_until", "units", "issued_at", "revoked_at"]
    change_list_template = "admin/benefits/certificate/change_list.html"
    starts = date_column("valid_from", _("valid from"))
    ends = date_column("valid_until", _("valid until"))
    revoked = date_column("revoked_at", _("revoked at"), with_time=True)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(partner__in=partners_visible_to(request.user))

    def has_add_permission(self, request):
        return False  # issued by the yearly job from reported purchases

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.eligibility_view)
        return [path("eligibility/", view, name="benefits_certificate_eligibility"), *super().get_urls()]

    def eligibility_view(self, request):
        """Why a partner does or does not qualify: the same figures its certificate page shows."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PartnerLookupForm(request.GET or None)
        partner = found = None
        if form.is_valid():
            key = form.cleaned_data["partner"].strip()
            partners = partners_visible_to(request.user)
            partner = (partners.filter(dell_id=key) if key.isdigit() and len(key) < 10 else partners.none()).first()
            partner = partner or partners.filter(inn=key).first()
            if partner is None:
                form.add_error("partner", _("No partner with this Dell ID or INN in your districts."))
            else:
                today = timezone.localdate()
                found = {
                    "eligibility": selectors.eligibility(partner, today),
                    "certificate": selectors.current_certificate(partner, today),
                }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Does a partner qualify for the certificate?"),
            "opts": self.model._meta,
            "form": form,
            "partner": partner,
            "found": found,
        }
        return TemplateResponse(request, "admin/benefits/certificate/eligibility.html", context)


class ListingReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class RequestedChangeMixin:
    @admin.display(description=_("specializations"))
    def specialization_names(self, obj):
        return ", ".join(str(s) for s in obj.specializations.all()) or "—"


@admin.register(ListingRequest)
class ListingRequestAdmin(ScopedAdminMixin, DecisionButtonsMixin, RequestedChangeMixin, admin.ModelAdmin):
    list_display = ["partner", "city", "region", "status", "requested", "requested_by"]
    list_filter = ["status", "region"]
    search_fields = ["partner__legal_name", "partner__inn", "partner__dell_id", "city"]
    change_form_template = "admin/benefits/listingrequest/change_form.html"
    fields = readonly_fields = [
        "partner", "status", "requested_by", "requested_at", "city", "region", "address", "phone", "website",
        "segment", "specialization_names", "decided_by", "decided_at", "reason",
    ]  # fmt: skip
    requested = date_column("requested_at", _("requested at"), with_time=True)
    decisions = ("approve", "reject")
    decision_permission = "benefits.decide_listing"

    def get_queryset(self, request):
        return selectors.listing_requests_visible_to(request.user).prefetch_related("specializations")

    def has_add_permission(self, request):
        return False  # partners ask on the portal

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided through the buttons, each with its service

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            pending = obj.status == ListingStatus.PENDING
            published = Listing.objects.filter(partner=obj.partner, delisted_at=None).first() if pending else None
            context.update(
                may_decide=request.user.has_perm("benefits.decide_listing") and pending,
                changes=_changes(published, obj) if published else None,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def approve_view(self, request, object_id):
        found = self._open(request, object_id)
        if request.method == "POST":
            return self._do(
                request, found,
                lambda: services.listing_approve(actor=request.user, request_id=found.pk),
                _("%(partner)s is now in the \"Where to buy\" directory.") % {"partner": found.partner},
            )  # fmt: skip
        details = [f"{found.city}, {found.address}", found.phone, found.website or "—",
                   ", ".join(str(s) for s in found.specializations.all())]  # fmt: skip
        return confirmation(self, request, found, title=_("List %(partner)s in the directory?") % {"partner": found.partner},
                            lines=[*details, _("Customers see the request's details in the public directory at once.")],
                            submit=_("Yes, list it"))  # fmt: skip

    def reject_view(self, request, object_id):
        found = self._open(request, object_id)
        form = ListingReasonForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            return self._do(
                request, found,
                lambda: services.listing_reject(actor=request.user, request_id=found.pk, reason=form.cleaned_data["reason"]),
                _("The request of %(partner)s is rejected.") % {"partner": found.partner},
            )  # fmt: skip
        return confirmation(self, request, found, title=_("Reject the request of %(partner)s?") % {"partner": found.partner},
                            lines=[_("The partner reads this text.")], form=form, submit=_("Reject"), danger=True)  # fmt: skip


def _changes(published: Listing, requested: ListingRequest) -> list[tuple[str, str, str]]:
    """(field, listed now, asked for) for each detail the request changes."""
    rows = []
    for name in ("city", "region", "address", "phone", "website", "segment"):
        field = ListingRequest._meta.get_field(name)
        before = published._get_FIELD_display(field) if field.choices else getattr(published, name)
        after = requested._get_FIELD_display(field) if field.choices else getattr(requested, name)
        if str(before) != str(after):
            rows.append((field.verbose_name, before, after))
    before = {str(s) for s in published.specializations.all()}
    after = {str(s) for s in requested.specializations.all()}
    if before != after:
        rows.append((_("specializations"), ", ".join(sorted(before)), ", ".join(sorted(after))))
    return rows


@admin.register(Listing)
class ListingAdmin(ScopedAdminMixin, RequestedChangeMixin, admin.ModelAdmin):
    list_display = ["partner", "city", "region", "phone", "approved", "delisted"]
    list_filter = ["region", ("delisted_at", admin.EmptyFieldListFilter)]
    search_fields = ["partner__legal_name", "partner__inn", "partner__dell_id", "city"]
    fields = readonly_fields = [
        "partner", "city", "region", "address", "phone", "website", "segment", "specialization_names",
        "approved_at", "delisted_at",
    ]  # fmt: skip
    approved = date_column("approved_at", _("approved at"))
    delisted = date_column("delisted_at", _("removed from the directory at"))

    def get_queryset(self, request):
        visible = partners_visible_to(request.user) if request.user.is_staff else Partner.objects.none()
        return Listing.objects.filter(partner__in=visible).select_related("partner", "region")

    def has_add_permission(self, request):
        return False  # an entry is an approved request

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
