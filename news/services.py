"""What changes news: staff save items and recordings in the admin; a news item becomes a draft of
the "program news" newsletter, once (docs/tools.md)."""

from django.db import transaction

from news.models import NewsItem
from newsletter.models import Topic
from newsletter.services import issue_draft_create


def _with_link(body: str, link: str) -> str:
    return f"{body}\n\n{link}" if link else body


@transaction.atomic
def news_item_to_newsletter(*, actor, item_id: int) -> tuple[object, bool]:
    """(the draft issue, whether it was made now). An item sent before keeps its draft, so a second
    click does not make a second issue; a draft deleted in the newsletter admin can be made again."""
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    if item.newsletter_issue_id:
        return item.newsletter_issue, False
    item.newsletter_issue = issue_draft_create(
        actor=actor,
        topic=Topic.PROGRAM_NEWS,
        subject_ru=item.title_ru,
        subject_en=item.title_en,
        body_ru=_with_link(item.body_ru, item.link_url),
        body_en=_with_link(item.body_en, item.link_url),
    )
    item.save(update_fields=["newsletter_issue"])
    return item.newsletter_issue, True
