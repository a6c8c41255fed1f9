from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Program news and webinar recordings for partners; a news item can become a newsletter draft (issue 19)."""

    name = "news"
    verbose_name = _("News and webinars")
