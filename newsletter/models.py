"""Subscriptions (with the consent that made them), issues written by staff, and one delivery record
per recipient and message, which is what makes a send survive a killed worker (docs/benefits.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    PROGRAM_NEWS = "program_news", _("Program news")
    NEW_PRODUCTS = "new_products", _("New products")
    DISTRIBUTOR_STOCK = "distributor_stock", _("Distributor stock")
    TRAININGS_EVENTS = "trainings_events", _("Trainings and events")


class Frequency(models.TextChoices):
    AS_PUBLISHED = "as_published", _("As published")
    WEEKLY = "weekly", _("Weekly digest")
    MONTHLY = "monthly", _("Monthly digest")


class Subscription(models.Model):
    """One topic for one user. Mail goes only to confirmed ones: `confirmed_at` and the address and
    e-mail the confirmation came from are the record of consent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    # The language of the page the user subscribed on: the language they read the portal in.
    language = models.CharField(_("language"), max_length=8, default="ru")
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("consent confirmed at"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("consent given from address"), null=True, blank=True)
    consent_email = models.EmailField(_("consent given by e-mail"), blank=True)

    class Meta:
        ordering = ["user_id", "topic"]
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="one_subscription_per_topic")]
        indexes = [models.Index(fields=["topic", "frequency"], name="subscription_topic_frequency")]

    def __str__(self):
        return f"{self.user} · {self.get_topic_display()}"


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHING = "publishing", _("Being sent")
    PUBLISHED = "published", _("Published")


class Issue(models.Model):
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    subject_ru = models.CharField(_("subject (Russian)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_ru = models.TextField(_("text (Russian)"))
    body_en = models.TextField(_("text (English)"))
    attachment = models.FileField(_("attachment"), upload_to="newsletter/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        permissions = [("publish_issue", _("Can publish a newsletter issue"))]

    def __str__(self):
        return self.subject_ru

    def subject(self, language: str) -> str:
        return self.subject_en if language == "en" else self.subject_ru

    def body(self, language: str) -> str:
        return self.body_en if language == "en" else self.body_ru


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    UNSUBSCRIBED = "skipped_unsubscribed", _("Unsubscribed before sending")


class Delivery(models.Model):
    """One message to one user: an issue ("issue:<id>") or a digest
    ("digest:<frequency>:<period>:<topic>"). The unique key is what keeps a second publish, a second
    beat run or a redelivered task from writing to anyone twice."""

    key = models.CharField(_("message"), max_length=80)
    issue = models.ForeignKey(
        Issue, verbose_name=_("newsletter issue"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="deliveries",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    claimed_at = models.DateTimeField(_("taken by a worker at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="one_delivery_per_message_and_user")]
        indexes = [models.Index(fields=["key", "status", "id"], name="delivery_next_to_send")]

    def __str__(self):
        return f"{self.key} → {self.user_id}"
