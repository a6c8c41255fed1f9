"""How the portal sends e-mail: every message in two parts (plain text and HTML in the portal's
look), in the recipient's language.

Also the development console mail backend, readable: Django's console backend prints the MIME message
as sent, with Cyrillic bodies base64-encoded (unreadable in a terminal). This one prints the
headers a person reads and the decoded text, so a newcomer can follow the activation link."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

log = logging.getLogger(__name__)


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        text = message.body
        for alternative in getattr(message, "alternatives", []) or []:
            if getattr(alternative, "mimetype", "") == "text/plain":
                text = alternative.content
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            text.rstrip("\n"),
        ]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")


def render_email(
    template: str, context: dict, *, language: str, to: str, headers: dict | None = None
) -> EmailMultiAlternatives:
    """One portal e-mail, in `language`: `<template>_subject.txt`, `<template>.txt` and an HTML part.

    The HTML part is `<template>.html` when a message has its own; otherwise the plain text is set in
    the portal's e-mail layout (`emails/layout.html`: header band, paragraphs, links made clickable),
    so every e-mail the portal sends has both parts and the same look without a second copy of its
    wording to keep in step."""
    with translation.override(language):
        context = {"base_url": settings.PORTAL_BASE_URL, "language": language, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", {**context, "subject": subject})
        except TemplateDoesNotExist:
            html = render_to_string("emails/layout.html", {**context, "subject": subject, "text": text})
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def send_email(template: str, context: dict, *, language: str, to: str) -> None:
    render_email(template, context, language=language, to=to).send()
    log.info("e-mail %s sent", template.removeprefix("emails/"))  # the address stays out of the logs
