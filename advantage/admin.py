"""PartnerAdvantage in the admin: campaigns (clone to the next quarter), the queue of claims under
review with the evidence and approve/reject buttons, orders to fulfil (ship with a tracking note,
or cancel), rewards, members with their ledger and a manual adjustment, versions of the rules.
Staff see the members of the districts they cover (advantage.selectors)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from advantage import claims, ledger, rewards, selectors, services
from advantage.forms import AdjustmentForm, ReasonForm, TrackingForm
from advantage.models import (
    Campaign,
    CampaignCourse,
    CampaignProduct,
    Claim,
    Entry,
    Member,
    Order,
    OrderStatus,
    Reward,
    Rules,
)
from portal.admin import ScopedAdminMixin, confirmation
from toolkit.errors import PortalError


class CampaignProductInline(admin.TabularInline):
    model = CampaignProduct
    extra = 1
    autocomplete_fields = ["product"]
    raw_id_fields = ["product_group"]


class CampaignCourseInline(admin.TabularInline):
    model = CampaignCourse
    extra = 1


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "starts_on", "ends_on", "member_cap", "campaign_cap", "is_active"]
    list_filter = ["kind", "is_active"]
    inlines = [CampaignProductInline, CampaignCourseInline]
    actions = ["clone_to_next_quarter"]

    @admin.action(description=_("Clone to the next quarter"), permissions=["add"])
    def clone_to_next_quarter(self, request, queryset):
        for campaign in queryset:
            try:
                copy = services.campaign_clone(campaign_id=campaign.pk)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request, _("Cloned as “%(name)s” (inactive: check it, then switch it on).") % {"name": copy}
                )


class UnderReviewFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", _("under review")), ("pending", _("waiting for reports"))]

    def queryset(self, request, queryset):
        if self.value() in ("review", "pending"):
            return queryset.filter(status=self.value())
        return queryset


class _Decisions(ScopedAdminMixin, admin.ModelAdmin):
    permission = ""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided through the buttons, each with its service

    def _open(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return obj

    def _do(self, request, obj, action, done):
        try:
            action()
        except PortalError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def _with_reason(self, request, object_id, *, form_class, action, title, done, submit, danger=False):
        obj = self._open(request, object_id)
        form = form_class(request.POST if request.method == "POST" else None)
        if form.is_valid():
            return self._do(request, obj, lambda: action(obj, form.cleaned_data["reason"]), done)
        return confirmation(self, request, obj, title=title, lines=[_("The member reads this text.")], form=form,
                            submit=submit, danger=danger)  # fmt: skip

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_decide"] = request.user.has_perm(self.permission)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Claim)
class ClaimAdmin(_Decisions):
    permission = "advantage.decide_claim"
    list_display = [
        "pk",
        "member",
        "invoice_number",
        "sku",
        "quantity",
        "status",
        "matched_units",
        "points",
        "created_at",
    ]
    list_filter = [UnderReviewFilter, "status", "campaign"]
    search_fields = ["invoice_number", "sku", "member__user__email", "member__partner__legal_name"]
    change_form_template = "admin/advantage/claim/change_form.html"
    readonly_fields = ["member", "campaign", "distributor", "invoice_number", "invoice_date", "sku", "quantity",
                       "points_per_unit", "status", "matched_units", "points", "points_reversed", "note",
                       "created_at", "decided_at", "decided_by"]  # fmt: skip

    def get_queryset(self, request):
        return selectors.claims_visible_to(request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/approve/", view(self.approve_view), name="advantage_claim_approve"),
            path("<path:object_id>/reject/", view(self.reject_view), name="advantage_claim_reject"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["evidence"] = list(selectors.claim_evidence(obj)[:50])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def approve_view(self, request, object_id):
        claim = self._open(request, object_id)
        if request.method == "POST":
            return self._do(request, claim, lambda: claims.claim_approve(actor=request.user, claim_id=claim.pk),
                            _("Claim #%(id)s approved.") % {"id": claim.pk})  # fmt: skip
        lines = [_("%(member)s gets %(points)s points for %(units)s unit(s) of %(sku)s.")
                 % {"member": claim.member, "points": claim.quantity * claim.points_per_unit,
                    "units": claim.quantity, "sku": claim.sku}]  # fmt: skip
        return confirmation(self, request, claim, title=_("Approve claim #%(id)s?") % {"id": claim.pk},
                            lines=lines, submit=_("Yes, approve"))  # fmt: skip

    def reject_view(self, request, object_id):
        return self._with_reason(
            request, object_id, form_class=ReasonForm,
            action=lambda claim, reason: claims.claim_reject(actor=request.user, claim_id=claim.pk, reason=reason),
            title=_("Reject the claim?"), done=_("Claim rejected."), submit=_("Reject"), danger=True,
        )  # fmt: skip


class ToFulfilFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("open", _("to fulfil"))]

    def queryset(self, request, queryset):
        return queryset.filter(status=OrderStatus.RESERVED) if self.value() == "open" else queryset


@admin.register(Order)
class OrderAdmin(_Decisions):
    permission = "advantage.fulfil_order"
    list_display = ["pk", "reward", "member", "points", "status", "created_at"]
    list_filter = [ToFulfilFilter, "status", "reward"]
    search_fields = ["member__user__email", "member__partner__legal_name"]
    change_form_template = "admin/advantage/order/change_form.html"
    readonly_fields = ["member", "reward", "points", "status", "note", "tracking_note", "created_at", "decided_at",
                       "decided_by"]  # fmt: skip

    def get_queryset(self, request):
        return selectors.orders_visible_to(request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/ship/", view(self.ship_view), name="advantage_order_ship"),
            path("<path:object_id>/cancel/", view(self.cancel_view), name="advantage_order_cancel"),
            *super().get_urls(),
        ]

    def ship_view(self, request, object_id):
        return self._with_reason(
            request, object_id, form_class=TrackingForm,
            action=lambda order, note: rewards.order_ship(actor=request.user, order_id=order.pk, tracking_note=note),
            title=_("Ship the order?"), done=_("Order shipped."), submit=_("Ship"),
        )  # fmt: skip

    def cancel_view(self, request, object_id):
        return self._with_reason(
            request, object_id, form_class=ReasonForm,
            action=lambda order, reason: rewards.order_cancel(actor=request.user, order_id=order.pk, reason=reason),
            title=_("Cancel the order and return the points?"), done=_("Order cancelled, points returned."),
            submit=_("Cancel the order"), danger=True,
        )  # fmt: skip


@admin.register(Reward)
class RewardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "points_cost", "stock", "is_active", "position"]
    list_editable = ["is_active", "position"]


@admin.register(Rules)
class RulesAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # a published version stays as accepted


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ["created_at", "kind", "points", "reason", "actor", "expires_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("advantage.view_member")


@admin.register(Member)
class MemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "role", "rules", "joined_at"]
    list_filter = ["role", "partner__region"]
    search_fields = ["user__email", "user__full_name", "partner__legal_name", "partner__dell_id"]
    readonly_fields = ["user", "partner", "role", "rules", "rules_accepted_at", "joined_at", "balance"]
    inlines = [EntryInline]
    change_form_template = "admin/advantage/member/change_form.html"

    def get_queryset(self, request):
        return selectors.members_visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("balance"))
    def balance(self, member):
        return selectors.balance(member)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/adjust/", view(self.adjust_view), name="advantage_member_adjust"),
            *super().get_urls(),
        ]

    def adjust_view(self, request, object_id):
        member = self.get_object(request, object_id)
        if member is None:
            raise Http404
        if not request.user.has_perm("advantage.add_entry"):
            raise PermissionDenied
        form = AdjustmentForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                ledger.adjust(actor=request.user, member_id=member.pk, **form.cleaned_data)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Adjustment recorded."))
            return HttpResponseRedirect(reverse("admin:advantage_member_change", args=[member.pk]))
        return confirmation(self, request, member, title=_("Adjust the points of %(member)s") % {"member": member},
                            lines=[_("Balance now: %(points)s.") % {"points": selectors.balance(member)}],
                            form=form, submit=_("Record the adjustment"))  # fmt: skip


@admin.register(Entry)
class EntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "member", "kind", "points", "reason", "actor"]
    list_filter = ["kind"]
    search_fields = ["member__user__email", "reason"]

    def get_queryset(self, request):
        return selectors.entries_visible_to(request.user)

    def has_add_permission(self, request):
        return False  # adjustments go through the member's page, with a reason and under the member's lock

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
