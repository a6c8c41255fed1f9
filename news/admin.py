"""News items and webinar recordings in the admin; "Send as newsletter" makes a draft issue."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from news import services
from news.models import NewsItem, Webinar
from portal.admin import date_column
from toolkit.errors import PortalError


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title_ru", "published", "newsletter_issue"]
    search_fields = ["title_ru", "title_en"]
    fields = ["title_ru", "body_ru", "title_en", "body_en", "published_at", "link_url", "newsletter_issue"]
    readonly_fields = ["newsletter_issue"]
    actions = ["send_as_newsletter"]
    published = date_column("published_at", _("published at"), with_time=True)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send as newsletter (a draft of “Program news”)"), permissions=["add_issue"])
    def send_as_newsletter(self, request, queryset):
        for item in queryset:
            try:
                issue, made = services.news_item_to_newsletter(actor=request.user, item_id=item.pk)
            except PortalError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            link = reverse("admin:newsletter_issue_change", args=[issue.pk])
            text = _("Draft made: preview and publish it") if made else _("Already sent as a draft")
            self.message_user(request, format_html('{}: <a href="{}">{}</a>', text, link, issue.subject_ru))

    def has_add_issue_permission(self, request):
        return request.user.has_perm("newsletter.add_issue")


@admin.register(Webinar)
class WebinarAdmin(admin.ModelAdmin):
    list_display = ["title_ru", "held", "video_url", "file"]
    list_filter = ["product_lines"]
    search_fields = ["title_ru", "title_en"]
    filter_horizontal = ["product_lines"]
    fields = ["title_ru", "title_en", "held_on", "product_lines", "video_url", "file"]
    held = date_column("held_on", _("held on"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
