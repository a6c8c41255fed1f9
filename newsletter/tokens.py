"""Signed links: the confirmation of a subscription (expires) and the unsubscribe link (does not:
a List-Unsubscribe link in an old message must keep working). Each is signed over the user's id and
the topics, with its own salt, so a link of one kind or for one user cannot be made into another."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
ALL_TOPICS = "all"


class BadToken(Exception):
    pass


def confirmation_token(user_id: int, topics: list[str]) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"u": user_id, "t": sorted(topics)})


def read_confirmation_token(token: str) -> tuple[int, list[str]]:
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            token, max_age=settings.NEWSLETTER_CONFIRM_DAYS * 86400
        )
        return int(data["u"]), [str(topic) for topic in data["t"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken from error


def unsubscribe_token(user_id: int, topic: str) -> str:
    """`topic` is a topic's code or ALL_TOPICS."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user_id, "t": topic})


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
        return int(data["u"]), str(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadToken from error
