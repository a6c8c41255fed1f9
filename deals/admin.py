"""Deal registrations in the admin: the district's queue with its service level, the decision
buttons (each with a confirmation step), conflicts side by side, the sales lines behind a win."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from deals import selectors, services
from deals.forms import DealForm, DealLineFormSet, ReasonForm
from deals.models import PARTNER_FIELDS, Deal, DealEvent, DealLine, DealStatus, PresaleHelp
from portal.admin import ScopedAdminMixin, confirmation, date_column
from portal.models import AccountManager
from portal.templatetags.portal_format import rub
from toolkit.errors import PortalError
from toolkit.spreadsheets import xlsx_response


class OverdueFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue")), ("no", _("in time"))]

    def queryset(self, request, queryset):
        waiting = queryset.filter(status=DealStatus.SUBMITTED)
        if self.value() == "yes":
            return waiting.filter(answer_due__lt=timezone.now())
        if self.value() == "no":
            return waiting.filter(answer_due__gte=timezone.now())
        return queryset


class ManagerFilter(admin.SimpleListFilter):
    """Deals of the partners a manager covers (their district and direction)."""

    title = _("account manager")
    parameter_name = "manager"

    def lookups(self, request, model_admin):
        return [(m.pk, m.full_name) for m in AccountManager.objects.filter(is_active=True).order_by("full_name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        from portal.selectors import partners_covered_by

        manager = AccountManager.objects.filter(pk=self.value()).first()
        return queryset.filter(partner__in=partners_covered_by(manager)) if manager else queryset.none()


class DealLineInline(admin.TabularInline):
    model = DealLine
    fields = ["product", "product_line", "quantity"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("deals.view_deal")  # part of the deal, not a model of its own to grant

    def has_add_permission(self, request, obj=None):
        return False


class DealEventInline(admin.TabularInline):
    model = DealEvent
    fields = ["at", "actor", "action", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("deals.view_deal")  # part of the deal, not a model of its own to grant

    def has_add_permission(self, request, obj=None):
        return False


class PresaleForm(forms.Form):
    manager = forms.ModelChoiceField(AccountManager.objects.filter(is_active=True), label=_("Manager"))


@admin.register(Deal)
class DealAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "customer_name", "partner", "status", "answer", "protected", "conflict", "amount_rub"]
    list_select_related = ["partner", "conflict_with"]
    list_filter = ["status", "partner__region", ManagerFilter, OverdueFilter, ("close_date", admin.DateFieldListFilter)]
    search_fields = ["number", "customer_name", "customer_inn", "partner__legal_name", "partner__dell_id"]
    actions = ["export_xlsx"]
    inlines = [DealLineInline, DealEventInline]
    change_form_template = "admin/deals/deal/change_form.html"
    change_list_template = "admin/deals/deal/change_list.html"
    fieldsets = [
        (None, {"fields": ["number", "partner", "status", "answer", "protected", "decision_note", "conflict"]}),
        (
            _("Customer"),
            {
                "fields": [
                    "customer_name",
                    "customer_inn",
                    "customer_region",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (_("Project"), {"fields": ["project", "closes", "amount_rub", "competitors", "distributor"]}),
        (_("Pre-sale support"), {"fields": ["presale_requested", "presale_details", "presale_assignee"]}),
        (_("Outcome"), {"fields": ["outcome_invoices", "lost_reason", "win_confirmed"]}),
    ]
    readonly_fields = [
        "number", "partner", "status", "answer", "protected", "decision_note", "conflict", "customer_name",
        "customer_inn", "customer_region", "contact_name", "contact_email", "contact_phone", "project", "closes",
        "amount_rub", "competitors", "distributor", "presale_requested", "presale_details", "presale_assignee",
        "outcome_invoices", "lost_reason", "win_confirmed",
    ]  # fmt: skip

    win_confirmed = date_column("win_confirmed_at", _("win confirmed at"), with_time=True)
    closes = date_column("close_date", _("expected close date"))

    def get_queryset(self, request):
        return selectors.deals_visible_to(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # the history must survive

    def has_add_permission(self, request):
        return False  # partners register deals on the portal

    def has_change_permission(self, request, obj=None):
        return False  # read here; decided through the buttons (deals.decide_deal), each with its service

    @admin.display(description=_("answer due"), ordering="answer_due")
    def answer(self, deal):
        if deal.status != DealStatus.SUBMITTED or deal.answer_due is None:
            return "—"
        due = date_column("answer_due", "", with_time=True)(self, deal)
        if deal.answer_due < timezone.now():
            return format_html('<strong class="deal-overdue" style="color:#ba2121">{} · {}</strong>', due, _("overdue"))
        return due

    @admin.display(description=_("protected until"), ordering="protected_until")
    def protected(self, deal):
        return deal.protected_until.strftime("%d.%m.%Y") if deal.protected_until else "—"

    @admin.display(description=_("conflict"))
    def conflict(self, deal):
        if not deal.conflict_with_id:
            return "—"
        url = reverse("admin:deals_deal_change", args=[deal.conflict_with_id])
        return format_html('<a href="{}" class="deal-conflict">⚠ {}</a>', url, deal.conflict_with.number)

    @admin.display(description=_("pre-sale support requested"))
    def presale_requested(self, deal):
        names = dict(PresaleHelp.choices)
        return ", ".join(str(names.get(code, code)) for code in deal.presale_help) or "—"

    @admin.display(description=_("estimated amount"), ordering="amount")
    def amount_rub(self, deal):
        return rub(deal.amount)

    @admin.action(description=_("Export the selected deals to Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        header = [str(h) for h in (_("number"), _("status"), _("partner"), _("customer"), _("customer's INN"),
                                   _("project"), _("expected close date"), _("estimated amount, RUB"),
                                   _("protected until"))]  # fmt: skip
        rows = (
            [d.number, d.get_status_display(), str(d.partner or "—"), d.customer_name, d.customer_inn, d.project,
             d.close_date, d.amount, d.protected_until]
            for d in queryset.order_by("number")
        )  # fmt: skip
        return xlsx_response("deals.xlsx", header, rows)

    # --- The deal's page: decisions as buttons, each with a confirmation step -----------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        names = ["approve", "reject", "return", "extend", "confirm_win", "presale"]
        return [
            path("direct/", view(self.direct_view), name="deals_deal_direct"),
            *(path(f"<path:object_id>/{n}/", view(getattr(self, f"{n}_view")), name=f"deals_deal_{n}") for n in names),
            *super().get_urls(),
        ]

    def _open(self, request, object_id) -> Deal:
        deal = self.get_object(request, object_id)
        if deal is None:
            raise Http404
        if not request.user.has_perm("deals.decide_deal"):
            raise PermissionDenied
        return deal

    def _back(self, deal):
        return HttpResponseRedirect(reverse("admin:deals_deal_change", args=[deal.pk]))

    def _do(self, request, deal, action, done):
        try:
            action()
        except PortalError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done)
        return self._back(deal)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                may_decide=request.user.has_perm("deals.decide_deal"),
                conflicts=selectors.conflicts_of(obj) if obj.status in (DealStatus.SUBMITTED,) else [],
                sales_lines=list(selectors.matching_sales_lines(obj)[:50]) if obj.status == DealStatus.WON else None,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def direct_view(self, request):
        """The vendor's own direct deal: the partner's form without a partner, protected at once."""
        if not request.user.has_perm("deals.add_deal"):
            raise PermissionDenied
        form = DealForm(request.POST or None)
        lines = DealLineFormSet(request.POST or None, prefix="lines")
        if request.method == "POST" and form.is_valid() and lines.is_valid():
            chosen = [f.cleaned_data["line"] for f in lines if f.cleaned_data.get("line")]
            try:
                deal = services.deal_register_direct(
                    actor=request.user, fields={name: form.cleaned_data[name] for name in PARTNER_FIELDS}, lines=chosen
                )
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Direct deal %(number)s is protected.") % {"number": deal.number})
                return self._back(deal)
        context = {
            **self.admin_site.each_context(request),
            "title": _("The vendor's direct deal"),
            "opts": self.model._meta,
            "form": form,
            "lines": lines,
        }
        return TemplateResponse(request, "admin/deals/deal/direct.html", context)

    def approve_view(self, request, object_id):
        deal = self._open(request, object_id)
        if request.method == "POST":
            return self._do(
                request, deal,
                lambda: services.deal_approve(actor=request.user, deal_id=deal.pk),
                _("Deal %(number)s is protected.") % {"number": deal.number},
            )  # fmt: skip
        lines = [_("%(partner)s gets the customer %(customer)s protected for %(days)s days.")
                 % {"partner": deal.partner, "customer": deal.customer_name, "days": services.protection_days()}]  # fmt: skip
        if deal.conflict_with_id:
            lines.append(_("Another registration names this customer: %(other)s. The first approved wins.")
                         % {"other": deal.conflict_with.number})  # fmt: skip
        return confirmation(self, request, deal, title=_("Approve deal %(number)s?") % {"number": deal.number},
                            lines=lines, submit=_("Yes, protect it"))  # fmt: skip

    def _with_reason(self, request, object_id, *, action, title, done, submit, danger=False):
        deal = self._open(request, object_id)
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            return self._do(
                request, deal, lambda: action(deal, form.cleaned_data["reason"]), done % {"number": deal.number}
            )
        return confirmation(self, request, deal, title=title % {"number": deal.number},
                            lines=[_("The partner reads this text.")], form=form, submit=submit, danger=danger)  # fmt: skip

    def reject_view(self, request, object_id):
        return self._with_reason(
            request, object_id,
            action=lambda deal, reason: services.deal_reject(actor=request.user, deal_id=deal.pk, reason=reason),
            title=_("Reject deal %(number)s?"), done=_("Deal %(number)s rejected."), submit=_("Reject"), danger=True,
        )  # fmt: skip

    def return_view(self, request, object_id):
        return self._with_reason(
            request, object_id,
            action=lambda deal, reason: services.deal_return(actor=request.user, deal_id=deal.pk, request=reason),
            title=_("Return deal %(number)s for more information?"),
            done=_("Deal %(number)s returned to the partner."), submit=_("Return to the partner"),
        )  # fmt: skip

    def extend_view(self, request, object_id):
        deal = self._open(request, object_id)
        if request.method == "POST":
            return self._do(request, deal, lambda: services.deal_extend(actor=request.user, deal_id=deal.pk),
                            _("Deal %(number)s extended.") % {"number": deal.number})  # fmt: skip
        return confirmation(self, request, deal, title=_("Extend deal %(number)s?") % {"number": deal.number},
                            lines=[_("The protection is extended by %(days)s days.") % {"days": services.extension_days()}],
                            submit=_("Extend"))  # fmt: skip

    def confirm_win_view(self, request, object_id):
        deal = self._open(request, object_id)
        if request.method == "POST":
            return self._do(request, deal, lambda: services.deal_confirm_win(actor=request.user, deal_id=deal.pk),
                            _("The win of deal %(number)s is confirmed.") % {"number": deal.number})  # fmt: skip
        return confirmation(self, request, deal, title=_("Confirm the win of deal %(number)s?") % {"number": deal.number},
                            lines=[_("Invoices given by the partner: %(invoices)s.") % {"invoices": deal.outcome_invoices}],
                            submit=_("Confirm the win"))  # fmt: skip

    def presale_view(self, request, object_id):
        deal = self._open(request, object_id)
        form = PresaleForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            manager = form.cleaned_data["manager"]
            return self._do(request, deal,
                            lambda: services.deal_assign_presale(actor=request.user, deal_id=deal.pk, manager=manager),
                            _("Pre-sale support of deal %(number)s assigned.") % {"number": deal.number})  # fmt: skip
        return confirmation(self, request, deal, title=_("Who arranges the pre-sale support?"),
                            lines=[deal.presale_details or "—"], form=form, submit=_("Assign"))  # fmt: skip
