from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The partner newsletter: topics and frequencies with double opt-in, issues written by staff,
    sent once per recipient by Celery (docs/benefits.md, "The newsletter")."""

    name = "newsletter"
    verbose_name = _("Newsletter")
