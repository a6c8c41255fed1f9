"""The newsletter's e-mails, as a subscriber receives them: in their language, in the portal's look
(toolkit.mail), with RFC 8058 one-click unsubscribe headers and a Message-ID that is the same every
time the same message is sent to the same person (a resend after a crash is recognisably a copy)."""

import mimetypes
import re
from email.utils import parseaddr
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import urlparse

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from newsletter import tokens
from newsletter.models import Frequency, Issue, Topic
from toolkit.mail import render_email


@lru_cache(maxsize=4)
def _path(name: str, placeholder: str | None = None) -> str:
    """Resolved once per process: reverse() costs milliseconds, and a send makes thousands of links."""
    return reverse(f"newsletter:{name}", args=[placeholder] if placeholder else None)


def _url(name: str, placeholder: str | None = None) -> str:
    return settings.PORTAL_BASE_URL + _path(name, placeholder)


def unsubscribe_url(user_id: int, topic: str) -> str:
    return _url("unsubscribe", "TOKEN").replace("TOKEN", tokens.unsubscribe_token(user_id, topic))


def _domain() -> str:
    return urlparse(settings.PORTAL_BASE_URL).hostname or "partnerdirect.local"


def message_id(key: str, user_id: int) -> str:
    return f"<newsletter-{re.sub(r'[^A-Za-z0-9-]+', '-', key)}-{user_id}@{_domain()}>"


def list_headers(key: str, user_id: int, unsubscribe: str, topic: str) -> dict[str, str]:
    links = [f"<{unsubscribe}>"]
    if mailbox := parseaddr(settings.NEWSLETTER_UNSUBSCRIBE_MAILTO)[1]:
        links.append(f"<mailto:{mailbox}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(links),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<{topic.replace('_', '-')}.newsletter.{_domain()}>",
        "Message-ID": message_id(key, user_id),
        "Precedence": "bulk",
    }


def topic_name(topic: str, language: str) -> str:
    with translation.override(language):
        return str(Topic(topic).label)


@lru_cache(maxsize=8)
def _attachment(name: str) -> tuple[str, bytes, str]:
    """Read once per worker process, not once per recipient (the storage may be S3)."""
    with default_storage.open(name, "rb") as file:
        content = file.read()
    return PurePath(name).name, content, mimetypes.guess_type(name)[0] or "application/octet-stream"


# A message is rendered once per language with this in place of the subscriber's own unsubscribe
# link (`personalised` puts it in): rendering is most of the cost of a message, and a send of ten
# thousand would otherwise render the same templates ten thousand times.
PLACEHOLDER_URL = "https://unsubscribe.placeholder.invalid/"


def personalised(prototype: EmailMultiAlternatives, *, user, key: str, topic: str) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(user.pk, topic)
    message = EmailMultiAlternatives(
        subject=prototype.subject,
        body=prototype.body.replace(PLACEHOLDER_URL, unsubscribe),
        to=[user.email],
        headers=list_headers(key, user.pk, unsubscribe, topic),
    )
    for content, mimetype in prototype.alternatives:
        message.attach_alternative(content.replace(PLACEHOLDER_URL, unsubscribe), mimetype)
    message.attachments = list(prototype.attachments)
    return message


def issue_message(issue: Issue, *, user, language: str, key: str):
    return personalised(issue_prototype(issue, language=language), user=user, key=key, topic=issue.topic)


def issue_prototype(issue: Issue, *, language: str) -> EmailMultiAlternatives:
    unsubscribe = PLACEHOLDER_URL
    context = {
        "issue": issue,
        "subject": issue.subject(language),
        "body": issue.body(language),
        "topic": topic_name(issue.topic, language),
        "unsubscribe_url": unsubscribe,
        "preferences_url": _url("preferences"),
    }
    message = render_email("newsletter/emails/issue", context, language=language, to="")
    if issue.attachment:
        message.attach(*_attachment(issue.attachment.name))
    return message


def digest_prototype(issues, *, language: str, topic: str, frequency: str, start, end) -> EmailMultiAlternatives:
    unsubscribe = PLACEHOLDER_URL
    context = {
        "issues": [
            {"subject": i.subject(language), "body": i.body(language), "published_at": i.published_at} for i in issues
        ],
        "topic": topic_name(topic, language),
        "weekly": frequency == Frequency.WEEKLY,
        "start": start,
        "end": end,
        "unsubscribe_url": unsubscribe,
        "preferences_url": _url("preferences"),
    }
    return render_email("newsletter/emails/digest", context, language=language, to="")


def confirmation_message(*, user, topics: list[str], language: str):
    token = tokens.confirmation_token(user.pk, topics)
    context = {
        "topics": [topic_name(t, language) for t in topics],
        "confirm_url": settings.PORTAL_BASE_URL + reverse("newsletter:confirm", args=[token]),
        "days": settings.NEWSLETTER_CONFIRM_DAYS,
    }
    return render_email("newsletter/emails/confirm", context, language=language, to=user.email)
