"""Missing-ID claims in the admin (docs/claims.md): the staff-review queue (lines another partner
already has), every claim of the staff's districts, the line's audit trail, and the buttons —
approve or reject a claim under review, reverse a confirmed one — each with a confirmation page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from distributors import claims, selectors
from distributors.models import LineAttribution, MissingIdClaim
from portal.admin import ScopedAdminMixin, confirmation, date_column
from toolkit.errors import PortalError


class NoteForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OptionalNoteForm(forms.Form):
    reason = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class AttributionInline(admin.TabularInline):
    model = LineAttribution
    fields = ["at", "action", "from_partner", "to_partner", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("distributors.view_missingidclaim")  # part of the claim

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MissingIdClaim)
class MissingIdClaimAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "partner", "distributor", "status", "claimed", "line_partner"]
    list_filter = ["status", "distributor", "partner__region"]
    list_select_related = ["partner", "distributor", "line__partner"]
    search_fields = ["invoice_number", "sku", "partner__legal_name", "partner__dell_id"]
    inlines = [AttributionInline]
    change_form_template = "admin/distributors/missingidclaim/change_form.html"
    fields = ["partner", "created_by", "distributor", "invoice_number", "invoice_date", "sku", "quantity",
              "status", "line_shown", "line_partner", "decision_note", "decided_by", "decided"]  # fmt: skip
    readonly_fields = fields

    claimed = date_column("created_at", _("claimed at"), with_time=True)
    decided = date_column("decided_at", _("decided at"), with_time=True)

    def get_queryset(self, request):
        return selectors.claims_visible_to(request.user).select_related("line__partner", "created_by", "decided_by")

    def has_add_permission(self, request):
        return False  # partners claim on the portal

    def has_change_permission(self, request, obj=None):
        return False  # decided through the buttons, each with its service

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail must survive

    @admin.display(description=_("sales line"))
    def line_shown(self, claim):
        line = claim.line
        if line is None:
            return "—"
        return (
            f"#{line.report_id}/{line.row_number}: {line.invoice_number} {line.invoice_date:%d.%m.%Y} "
            f"{line.sku} × {line.quantity}, Dell ID «{line.partner_ref}»"
        )

    @admin.display(description=_("line's partner now"))
    def line_partner(self, claim):
        return claim.line.partner if claim.line and claim.line.partner_id else "—"

    # --- Buttons -----------------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        names = ["approve", "reject", "reverse"]
        return [
            *(
                path(
                    f"<path:object_id>/{n}/", view(getattr(self, f"{n}_view")), name=f"distributors_missingidclaim_{n}"
                )
                for n in names
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_decide"] = request.user.has_perm(claims.DECIDE_PERMISSION)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _open(self, request, object_id) -> MissingIdClaim:
        claim = self.get_object(request, object_id)
        if claim is None:
            raise Http404
        if not request.user.has_perm(claims.DECIDE_PERMISSION):
            raise PermissionDenied
        return claim

    def _step(self, request, object_id, *, form_class, action, title, lines, submit, done, danger=False):
        claim = self._open(request, object_id)
        form = form_class(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                action(claim, form.cleaned_data["reason"])
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, done)
            return HttpResponseRedirect(reverse("admin:distributors_missingidclaim_change", args=[claim.pk]))
        return confirmation(self, request, claim, title=title, lines=lines, form=form, submit=submit, danger=danger)

    def approve_view(self, request, object_id):
        claim = self._open(request, object_id)
        holder = claim.line.partner if claim.line and claim.line.partner_id else "—"
        return self._step(
            request, object_id, form_class=OptionalNoteForm,
            action=lambda c, note: claims.claim_review_approve(actor=request.user, claim_id=c.pk, note=note),
            title=_("Give the line to %(partner)s?") % {"partner": claim.partner},
            lines=[_("The line is now counted for %(holder)s; it will be counted for %(partner)s, and the next "
                     "payout run adjusts both.") % {"holder": holder, "partner": claim.partner}],
            submit=_("Yes, give it"), done=_("The line is attributed to %(partner)s.") % {"partner": claim.partner},
        )  # fmt: skip

    def reject_view(self, request, object_id):
        return self._step(
            request, object_id, form_class=NoteForm,
            action=lambda c, reason: claims.claim_review_reject(actor=request.user, claim_id=c.pk, reason=reason),
            title=_("Reject the claim?"), lines=[_("The partner reads this text.")], submit=_("Reject"),
            done=_("The claim is rejected."), danger=True,
        )  # fmt: skip

    def reverse_view(self, request, object_id):
        claim = self._open(request, object_id)
        return self._step(
            request, object_id, form_class=NoteForm,
            action=lambda c, reason: claims.claim_reverse(actor=request.user, claim_id=c.pk, reason=reason),
            title=_("Reverse the attribution to %(partner)s?") % {"partner": claim.partner},
            lines=[_("The line goes back to whom it had before; the next payout run takes the money back as an "
                     "adjustment. The partner reads this text.")],
            submit=_("Reverse"), done=_("The attribution is reversed."), danger=True,
        )  # fmt: skip
