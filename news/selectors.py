"""Reads of news and webinars: what partners see (published news, every recording)."""

from django.db.models import QuerySet
from django.utils import timezone

from news.models import NewsItem, Webinar

DASHBOARD_NEWS = 3


def news_published(*, now=None) -> QuerySet[NewsItem]:
    """Items whose publication moment has come, newest first."""
    return NewsItem.objects.filter(published_at__lte=now or timezone.now())


def latest_news(limit: int = DASHBOARD_NEWS) -> list[NewsItem]:
    return list(news_published()[:limit])


def webinars(*, line_id: int | None = None) -> QuerySet[Webinar]:
    found = Webinar.objects.all()
    if line_id:
        found = found.filter(product_lines__pk=line_id)
    return found.distinct().prefetch_related("product_lines")
