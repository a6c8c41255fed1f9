"""News items and webinar recordings staff publish for partners (issue 19, docs/tools.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or "ru").startswith("en")


class NewsItem(models.Model):
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ru = models.TextField(_("text (Russian)"))
    body_en = models.TextField(_("text (English)"))
    # Partners see an item from this moment: staff may prepare one ahead of an announcement.
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    link_url = models.URLField(
        _("link"), blank=True, help_text=_("Optional: the page of a program or a course the item is about.")
    )
    newsletter_issue = models.ForeignKey(
        "newsletter.Issue",
        verbose_name=_("newsletter draft"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self):
        return self.title()

    def title(self) -> str:
        return self.title_en if _english() else self.title_ru

    def body(self) -> str:
        return self.body_en if _english() else self.body_ru


class Webinar(models.Model):
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    held_on = models.DateField(_("held on"))
    product_lines = models.ManyToManyField(
        "catalog.ProductLine", verbose_name=_("product lines"), blank=True, related_name="+"
    )
    video_url = models.URLField(_("video link"), blank=True)
    file = models.FileField(_("recording file"), upload_to="webinars/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("webinar recording")
        verbose_name_plural = _("webinar recordings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(video_url="") | ~Q(file=""),
                name="webinar_has_a_recording",
                violation_error_message=_("Give the recording: a video link or a file."),
            ),
        ]

    def __str__(self):
        return self.title()

    def title(self) -> str:
        return self.title_en if _english() else self.title_ru
