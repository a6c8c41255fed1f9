"""Reads of the newsletter: a user's subscriptions, who receives what, progress of a send."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from newsletter.models import Delivery, DeliveryStatus, Frequency, Issue, IssueStatus, Subscription


def subscriptions_of(user) -> dict[str, Subscription]:
    return {s.topic: s for s in Subscription.objects.filter(user=user)}


def is_subscribed(user_id: int, topic: str) -> bool:
    """`topic` a topic's code or "all" (any topic): what an unsubscribe link would still remove."""
    found = Subscription.objects.filter(user_id=user_id)
    return (found if topic == "all" else found.filter(topic=topic)).exists()


def subscribers(topic: str, frequency: str, *, confirmed_before: datetime | None = None):
    """Ids of active users with a confirmed subscription to `topic` at `frequency`."""
    found = Subscription.objects.filter(
        topic=topic, frequency=frequency, confirmed_at__isnull=False, user__is_active=True
    )
    if confirmed_before is not None:
        found = found.filter(confirmed_at__lt=confirmed_before)
    return found.values_list("user_id", flat=True)


def subscriptions_for(user_ids: list[int], topic: str) -> dict[int, Subscription]:
    """The confirmed subscriptions that let a message go out, by user (absent: unsubscribed meanwhile)."""
    found = Subscription.objects.filter(user_id__in=user_ids, topic=topic, confirmed_at__isnull=False)
    return {s.user_id: s for s in found}


COUNTED = {
    "pending": (DeliveryStatus.PENDING, DeliveryStatus.SENDING),
    "sent": (DeliveryStatus.SENT,),
    "failed": (DeliveryStatus.FAILED,),
    "unsubscribed": (DeliveryStatus.UNSUBSCRIBED,),
}


def count_annotations(prefix: str = "deliveries__") -> dict:
    """Counts of an issue's deliveries by state, as annotations (the admin's list and form)."""
    return {
        f"{name}_count": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": states}))
        for name, states in COUNTED.items()
    }


def delivery_counts(key: str) -> dict[str, int]:
    return Delivery.objects.filter(key=key).aggregate(**count_annotations(prefix=""))


def keys_with_work() -> list[str]:
    """Messages with recipients not sent yet (waiting, or taken by a worker)."""
    states = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
    return list(Delivery.objects.filter(status__in=states).values_list("key", flat=True).distinct())


def issues_published_between(topic: str, start: datetime, end: datetime):
    return Issue.objects.filter(
        topic=topic,
        status__in=(IssueStatus.PUBLISHING, IssueStatus.PUBLISHED),
        published_at__gte=start,
        published_at__lt=end,
    ).order_by("published_at")


def period_just_ended(frequency: str, today: date) -> tuple[date, date]:
    """The last whole week (Monday to Monday) or calendar month before `today`, [start, end)."""
    if frequency == Frequency.WEEKLY:
        end = today - timedelta(days=today.weekday())
        return end - timedelta(days=7), end
    end = today.replace(day=1)
    return (end - timedelta(days=1)).replace(day=1), end


def period_bounds(frequency: str, start: date) -> tuple[datetime, datetime]:
    """A digest period as moments in the portal's time zone (Moscow)."""
    if frequency == Frequency.WEEKLY:
        end = start + timedelta(days=7)
    else:
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    zone = timezone.get_current_timezone()
    return datetime.combine(start, time(), zone), datetime.combine(end, time(), zone)
