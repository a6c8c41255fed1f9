"""Leads in the admin: staff create a lead, pass it to a suitable partner (a button with the choice
of partners), see its offers and the partner's notes, and the rates per partner and district."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from leads import selectors, services
from leads.forms import OfferForm
from leads.models import Lead, LeadStatus, Note, Offer
from portal.admin import ScopedAdminMixin, confirmation, date_column
from portal.selectors import regions_covered_by, sees_all_regions
from toolkit.errors import PortalError


class OfferInline(admin.TabularInline):
    model = Offer
    fields = readonly_fields = ["partner", "offered", "due", "outcome", "reason"]
    extra = 0
    can_delete = False
    offered = date_column("offered_at", _("passed at"), with_time=True)
    due = date_column("answer_due", _("answer due"), with_time=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoteInline(admin.TabularInline):
    model = Note
    fields = readonly_fields = ["written", "author", "text"]
    extra = 0
    can_delete = False
    written = date_column("created_at", _("written at"), with_time=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["company", "inn", "region", "segment", "status", "partner", "due", "deal"]
    list_filter = ["status", "region", "segment"]
    list_select_related = ["region", "partner", "deal"]
    search_fields = ["company", "inn"]
    filter_horizontal = ["product_lines"]

    def get_queryset(self, request):
        # An account manager works the leads of their districts; those who see all districts, all.
        leads = super().get_queryset(request)
        if sees_all_regions(request.user):
            return leads
        return leads.filter(region_id__in=regions_covered_by(request.user))

    fields = ["company", "inn", "region", "segment", "specialization", "need", "product_lines",
              "status", "partner", "answer_due", "deal"]  # fmt: skip
    readonly_fields = ["status", "partner", "answer_due", "deal"]
    inlines = [OfferInline, NoteInline]
    change_form_template = "admin/leads/lead/change_form.html"
    change_list_template = "admin/leads/lead/change_list.html"
    due = date_column("answer_due", _("answer due"), with_time=True)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("rates/", view(self.rates_view), name="leads_lead_rates"),
            path("<path:object_id>/offer/", view(self.offer_view), name="leads_lead_offer"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_offer"] = (
            obj is not None and obj.status == LeadStatus.POOL and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def offer_view(self, request, object_id):
        lead = self.get_object(request, object_id)
        if lead is None:
            raise Http404
        if not self.has_change_permission(request, lead):
            raise PermissionDenied
        form = OfferForm(request.POST or None, partners=selectors.matching_partners(lead))
        if request.method == "POST" and form.is_valid():
            try:
                offer = services.lead_offer(
                    actor=request.user, lead_id=lead.pk, partner_id=form.cleaned_data["partner"].pk
                )
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("The lead is passed to %(partner)s.") % {"partner": offer.partner})
            return HttpResponseRedirect(reverse("admin:leads_lead_change", args=[lead.pk]))
        lines = [
            _(
                "Partners of the lead's district that sell in its segment (and have its specialization, if it needs one); those that declined it before are not offered."
            )
        ]
        if not form.fields["partner"].queryset.exists():
            lines.append(_("No partner suits this lead now."))
        return confirmation(self, request, lead, title=_("Pass the lead to a partner"), lines=lines, form=form,
                            submit=_("Pass the lead"))  # fmt: skip

    def rates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Lead acceptance and conversion"),
            "opts": self.model._meta,
            "by_partner": selectors.rates_by_partner(),
            "by_district": selectors.rates_by_district(),
        }
        return TemplateResponse(request, "admin/leads/lead/rates.html", context)
