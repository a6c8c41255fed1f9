from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from news.demo import create_demo_news
from news.models import NewsItem, Webinar
from news.services import news_item_to_newsletter
from newsletter.models import Issue, IssueStatus
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def news(title, *, days_ago=0, staff, **fields):
    return NewsItem.objects.create(
        title_ru=title, title_en=title, body_ru=f"Текст: {title}", body_en="Text",
        published_at=timezone.now() - timedelta(days=days_ago), created_by=staff, **fields,
    )  # fmt: skip


def test_the_dashboard_shows_the_latest_three_published_news(client, partner_user, program_admin):
    for number in range(1, 5):
        news(f"Новость {number}", days_ago=10 - number, staff=program_admin)
    news("Еще не вышла", days_ago=-1, staff=program_admin)
    client.force_login(partner_user)
    text = client.get(reverse("rebates:dashboard")).content.decode()
    assert "Новость 4" in text and "Новость 2" in text and "Новость 1" not in text
    assert "Еще не вышла" not in text
    assert client.get(reverse("news:item", args=[NewsItem.objects.get(title_ru="Еще не вышла").pk])).status_code == 404


def test_the_news_page_is_paginated(client, partner_user, program_admin):
    for number in range(12):
        news(f"Новость {number:02}", days_ago=number, staff=program_admin)
    client.force_login(partner_user)
    first = client.get(reverse("news:list")).content.decode()
    second = client.get(reverse("news:list"), {"page": 2}).content.decode()
    assert first.count("data-news=") == 10 and second.count("data-news=") == 2


def test_the_webinar_archive_filters_by_product_line(client, partner_user, program_admin, brochure):
    from catalog.models import ProductLine

    latitude, _ = ProductLine.objects.get_or_create(
        code="latitude", defaults={"name": "Latitude", "segment": "commercial"}
    )
    xps, _ = ProductLine.objects.get_or_create(code="xps", defaults={"name": "XPS", "segment": "consumer"})
    shown = Webinar.objects.create(title_ru="Вебинар Latitude", title_en="Latitude", held_on=timezone.localdate(),
                                   video_url="https://example.com/v", created_by=program_admin)  # fmt: skip
    shown.product_lines.set([latitude])
    other = Webinar(title_ru="Вебинар XPS", title_en="XPS", held_on=timezone.localdate(), created_by=program_admin)
    other.file.save("xps.mp4", ContentFile(b"video"), save=True)
    other.product_lines.set([xps])
    client.force_login(partner_user)
    text = client.get(reverse("news:webinars"), {"line": latitude.pk}).content.decode()
    assert "Вебинар Latitude" in text and "Вебинар XPS" not in text
    response = client.get(reverse("news:webinar_file", args=[other.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"video"


def test_a_news_item_becomes_one_draft_of_program_news(program_admin):
    item = news("Старт программы", staff=program_admin, link_url="https://partner.example.com/programs/")
    issue, made = news_item_to_newsletter(actor=program_admin, item_id=item.pk)
    assert made and issue.status == IssueStatus.DRAFT and issue.topic == "program_news"
    assert issue.subject_ru == "Старт программы" and issue.body_ru.endswith("https://partner.example.com/programs/")
    again, made = news_item_to_newsletter(actor=program_admin, item_id=item.pk)
    assert (again.pk, made) == (issue.pk, False) and Issue.objects.count() == 1


def test_staff_without_the_newsletter_permission_make_no_draft(account_manager, program_admin):
    item = news("Старт программы", staff=program_admin)
    with pytest.raises(PortalError):
        news_item_to_newsletter(actor=account_manager, item_id=item.pk)


def test_the_admin_action_makes_the_draft(admin_client, superuser):
    item = news("Новость для рассылки", staff=superuser)
    response = admin_client.post(
        reverse("admin:news_newsitem_changelist"),
        {"action": "send_as_newsletter", "_selected_action": [item.pk]},
        follow=True,
    )
    assert "Черновик создан" in response.content.decode()
    assert Issue.objects.get().subject_ru == "Новость для рассылки"


def test_the_demo_news_seed_once(superuser, brochure):
    assert create_demo_news(staff=superuser) == 4
    assert create_demo_news(staff=superuser) == 0
