"""Staff write an issue, preview it as subscribers will see it (Russian and English), send a test to
themselves, then publish (program administrators: `newsletter.publish_issue`); the list and the form
show the send's progress. Subscriptions are a read-only record of consent."""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from newsletter import mailing, selectors, services
from newsletter.models import Issue, IssueStatus, Subscription
from portal.admin import confirmation, date_column
from toolkit.errors import PortalError

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject_ru", "topic", "status", "published", "pending", "sent", "failed", "unsubscribed"]
    list_filter = ["topic", "status"]
    search_fields = ["subject_ru", "subject_en"]
    fields = ["topic", "subject_ru", "body_ru", "subject_en", "body_en", "attachment"]
    change_form_template = "admin/newsletter/issue/change_form.html"
    published = date_column("published_at", _("published at"), with_time=True)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**selectors.count_annotations())

    def _count(name, label):  # noqa: N805 — a column factory used in the class body
        @admin.display(description=label, ordering=f"{name}_count")
        def column(self, issue):
            return getattr(issue, f"{name}_count", 0)

        return column

    pending = _count("pending", _("waiting"))
    sent = _count("sent", _("sent"))
    failed = _count("failed", _("failed"))
    unsubscribed = _count("unsubscribed", _("skipped: unsubscribed before sending"))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != IssueStatus.DRAFT:
            return False  # what was sent stays as it was sent
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != IssueStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                counts=self.get_queryset(request)
                .filter(pk=obj.pk)
                .values(*(f"{n}_count" for n in selectors.COUNTED))
                .first(),
                may_publish=request.user.has_perm("newsletter.publish_issue") and obj.status == IssueStatus.DRAFT,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Preview, test, publish -------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/", view(self.preview_view), name="newsletter_issue_preview"),
            path("<path:object_id>/send-test/", view(self.send_test_view), name="newsletter_issue_send_test"),
            path("<path:object_id>/publish/", view(self.publish_view), name="newsletter_issue_publish"),
            *super().get_urls(),
        ]

    def _open(self, request, object_id, permission: str) -> Issue:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404
        return issue

    def _back(self, issue):
        return HttpResponseRedirect(reverse("admin:newsletter_issue_change", args=[issue.pk]))

    def preview_view(self, request, object_id):
        issue = self._open(request, object_id, "newsletter.view_issue")
        previews = []
        for language, label in (("ru", _("Russian")), ("en", _("English"))):
            message = mailing.issue_message(issue, user=request.user, language=language, key=f"preview:{issue.pk}")
            html = message.alternatives[0].content
            found = BODY.search(html)
            previews.append({"label": label, "subject": message.subject, "text": message.body,
                             "html": found.group(1) if found else html, "list_unsubscribe": message.extra_headers["List-Unsubscribe"]})  # fmt: skip
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview: %(subject)s") % {"subject": issue.subject_ru},
            "opts": self.model._meta,
            "original": issue,
            "previews": previews,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/newsletter/issue/preview.html", context)

    def send_test_view(self, request, object_id):
        issue = self._open(request, object_id, "newsletter.change_issue")
        if request.method == "POST":
            try:
                services.issue_send_test(actor=request.user, issue_id=issue.pk)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("A test in Russian and in English was sent to %(email)s.") % {"email": request.user.email},
                )
            return self._back(issue)
        return confirmation(self, request, issue, title=_("Send a test to me?"),
                            lines=[_("The issue in Russian and in English goes to %(email)s only.") % {"email": request.user.email}],
                            submit=_("Send a test to me"))  # fmt: skip

    def publish_view(self, request, object_id):
        issue = self._open(request, object_id, "newsletter.publish_issue")
        if issue.status != IssueStatus.DRAFT:
            self.message_user(request, _("This issue is already published."), messages.WARNING)
            return self._back(issue)
        if request.method == "POST":
            try:
                count = services.issue_publish(actor=request.user, issue_id=issue.pk)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Published: sending to %(count)s subscribers.") % {"count": count})
            return self._back(issue)
        return confirmation(self, request, issue, title=_("Publish this issue?"),
                            lines=[_("Subscribers of \"%(topic)s\" who chose \"as published\" receive it now; digest subscribers with their next digest. A published issue cannot be changed.") % {"topic": issue.get_topic_display()}],
                            submit=_("Publish"))  # fmt: skip


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "frequency", "language", "subscribed", "confirmed", "consent_ip", "consent_email"]
    list_filter = ["topic", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "consent_email"]
    list_select_related = ["user"]
    subscribed = date_column("created_at", _("subscribed at"), with_time=True)
    confirmed = date_column("confirmed_at", _("consent confirmed at"), with_time=True)

    def has_add_permission(self, request):
        return False  # users subscribe themselves, with their consent

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
