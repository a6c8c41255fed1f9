"""Demo news and a webinar for `make run` (seed_news, run by seed_tools)."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import ProductLine
from news.models import NewsItem, Webinar

DEMO_NEWS = [
    ("Старт программы вознаграждений на новый квартал", "The rebate programs of the new quarter have started",
     "Примите программы квартала до крайнего срока и выберите план.", "Accept the quarter's programs before the deadline and choose your plan.", 3),
    ("Новые курсы по линейке Latitude", "New Latitude courses",
     "В учебном центре появились два курса по линейке Latitude.", "Two Latitude courses are now in the training center.", 2),
    ("Обновлена библиотека материалов", "The document library is updated",
     "Новые макеты баннеров XPS для онлайн-кампаний.", "New XPS banner layouts for online campaigns.", 1),
]  # fmt: skip


def create_demo_news(*, staff) -> int:
    """Idempotent: an item or a webinar whose Russian title exists is left alone. Returns how many were made."""
    made = 0
    now = timezone.now()
    for title_ru, title_en, body_ru, body_en, days_ago in DEMO_NEWS:
        if NewsItem.objects.filter(title_ru=title_ru).exists():
            continue
        NewsItem.objects.create(
            title_ru=title_ru, title_en=title_en, body_ru=body_ru, body_en=body_en,
            published_at=now - timedelta(days=days_ago), created_by=staff,
        )  # fmt: skip
        made += 1
    title = "Вебинар: новые ноутбуки Latitude"
    if not Webinar.objects.filter(title_ru=title).exists():
        webinar = Webinar.objects.create(
            title_ru=title, title_en="Webinar: the new Latitude notebooks", held_on=now.date() - timedelta(days=7),
            video_url="https://www.youtube.com/watch?v=dell-latitude", created_by=staff,
        )  # fmt: skip
        webinar.product_lines.set(ProductLine.objects.filter(code="latitude"))
        made += 1
    return made
