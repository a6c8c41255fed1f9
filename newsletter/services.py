"""Every change of the newsletter: preferences and their double opt-in, unsubscribing, publishing an
issue, sending (one recipient at a time, each recorded), digests and the sweep after a crash.

Sending is claim → send → mark, each step committed on its own (docs/benefits.md, "The newsletter"):
a worker killed mid-send leaves at most the one message it held in `sending`; that row is sent again
after NEWSLETTER_CLAIM_TIMEOUT_SECONDS with the same Message-ID (it may have gone out just before
the kill), and every other recipient gets exactly one copy."""

import ipaddress
import logging
import math
import smtplib
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter import mailing, selectors, tasks, tokens
from newsletter.models import Delivery, DeliveryStatus, Frequency, Issue, IssueStatus, Subscription, Topic
from portal.models import User
from portal.outbox import enqueue
from toolkit.errors import PortalError

log = logging.getLogger(__name__)


# --- Preferences and consent --------------------------------------------------------------------
def preferences_save(*, user, choices: dict[str, str | None], language: str) -> list[str]:
    """`choices`: topic → frequency, or None to stop receiving it. A new topic waits for the user's
    confirmation by e-mail (one link for all of them); returns the new topics."""
    added = []
    with transaction.atomic():
        current = {s.topic: s for s in Subscription.objects.select_for_update().filter(user=user)}
        for topic in Topic.values:
            frequency, found = choices.get(topic), current.get(topic)
            if frequency and frequency not in Frequency.values:
                raise PortalError(_("Choose how often you want this topic."))
            if not frequency:
                if found:
                    found.delete()
            elif found is None:
                Subscription.objects.create(user=user, topic=topic, frequency=frequency, language=language)
                added.append(topic)
            elif (found.frequency, found.language) != (frequency, language):
                found.frequency, found.language = frequency, language
                found.save(update_fields=["frequency", "language"])
        if added:
            enqueue(tasks.send_newsletter_confirmation_email, user.pk)
    return added


def confirmation_send(user_id: int) -> bool:
    """The double opt-in e-mail: one link for every topic still awaiting confirmation."""
    waiting = list(Subscription.objects.select_related("user").filter(user_id=user_id, confirmed_at=None))
    if not waiting:
        return False  # confirmed (or withdrawn) before the task ran
    user = waiting[0].user
    mailing.confirmation_message(user=user, topics=[s.topic for s in waiting], language=waiting[-1].language).send()
    return True


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def subscriptions_confirm(*, token: str, address: str) -> list[Subscription]:
    """Records the consent: when, from which address, and the e-mail the link was sent to."""
    try:
        user_id, topics = tokens.read_confirmation_token(token)
    except tokens.BadToken:
        raise PortalError(
            _("This confirmation link is not valid or has expired. Save your choice again to get a new one.")
        ) from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise PortalError(
            _("This confirmation link is not valid or has expired. Save your choice again to get a new one.")
        )
    with transaction.atomic():
        Subscription.objects.filter(user=user, topic__in=topics, confirmed_at=None).update(
            confirmed_at=timezone.now(), consent_ip=_address(address), consent_email=user.email
        )
    return list(Subscription.objects.filter(user=user, topic__in=topics, confirmed_at__isnull=False))


def unsubscribe(*, token: str) -> tuple[User, str, int]:
    """One click from a message: that user, that topic (or all). Returns (user, topic, removed)."""
    try:
        user_id, topic = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        raise PortalError(_("This unsubscribe link is not valid.")) from None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise PortalError(_("This unsubscribe link is not valid."))
    found = Subscription.objects.filter(user=user)
    if topic != tokens.ALL_TOPICS:
        found = found.filter(topic=topic)
    removed, _by_model = found.delete()
    return user, topic, removed


# --- Publishing ---------------------------------------------------------------------------------
def issue_key(issue_id: int) -> str:
    return f"issue:{issue_id}"


def digest_key(frequency: str, start: date, topic: str) -> str:
    return f"digest:{frequency}:{start.isoformat()}:{topic}"


def _enqueue_batches(key: str, recipients: int) -> None:
    for _batch in range(math.ceil(recipients / settings.NEWSLETTER_BATCH_SIZE)):
        enqueue(tasks.send_newsletter_email, key)


def issue_publish(*, actor, issue_id: int) -> int:
    """Records a delivery for every confirmed "as published" subscriber (one INSERT) and queues the
    batches. Publishing an issue again does nothing. Returns the number of recipients recorded."""
    if not actor.has_perm("newsletter.publish_issue"):
        raise PortalError(_("You may not publish newsletter issues."))
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status != IssueStatus.DRAFT:
            return 0  # a second click, or a retried request: the first publish is the only one
        issue.status, issue.published_at = IssueStatus.PUBLISHING, timezone.now()
        issue.save(update_fields=["status", "published_at"])
        key = issue_key(issue.pk)
        users = list(selectors.subscribers(issue.topic, Frequency.AS_PUBLISHED))
        Delivery.objects.bulk_create(
            [Delivery(key=key, issue=issue, user_id=user_id) for user_id in users], ignore_conflicts=True
        )
        _enqueue_batches(key, len(users))
        if not users:
            _finish_issue(issue.pk)
    log.info("newsletter issue %s published to %s recipients", issue.pk, len(users))
    return len(users)


def issue_draft_create(*, actor, topic: str, subject_ru: str, subject_en: str, body_ru: str, body_en: str) -> Issue:
    """A draft issue written by another app (a news item): staff preview, test and publish it here."""
    if not actor.has_perm("newsletter.add_issue"):
        raise PortalError(_("You may not write newsletter issues."))
    return Issue.objects.create(
        topic=topic, subject_ru=subject_ru[:200], subject_en=subject_en[:200], body_ru=body_ru, body_en=body_en,
        created_by=actor,
    )  # fmt: skip


def issue_send_test(*, actor, issue_id: int) -> None:
    """The issue to the staff member themself, in Russian and in English, before publishing."""
    issue = Issue.objects.get(pk=issue_id)
    if not actor.email:
        raise PortalError(_("Your login has no e-mail address."))
    for language in ("ru", "en"):
        mailing.issue_message(issue, user=actor, language=language, key=f"test:{issue.pk}:{language}").send()


def _finish_issue(issue_id: int) -> bool:
    """Published once no recipient is waiting or held by a worker."""
    unsent = Delivery.objects.filter(
        key=issue_key(issue_id), status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING)
    ).exists()
    if unsent:
        return False
    Issue.objects.filter(pk=issue_id, status=IssueStatus.PUBLISHING).update(
        status=IssueStatus.PUBLISHED, finished_at=timezone.now()
    )
    return True


# --- Sending ------------------------------------------------------------------------------------
class _Pace:
    """At most NEWSLETTER_RATE_PER_MINUTE messages a minute from this process (a sleep before each)."""

    next_at = 0.0

    def wait(self) -> None:
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + 60 / max(1, settings.NEWSLETTER_RATE_PER_MINUTE)


_pace = _Pace()


def _claim(key: str, count: int) -> list[Delivery]:
    """Take the next `count` waiting recipients, committed before anything is sent: a second worker
    (or a redelivered batch) skips them. A worker that dies holding some leaves them to the sweep;
    only the one whose message was leaving at that moment may have it already (the crash window)."""
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(key=key, status=DeliveryStatus.PENDING)
            .order_by("key", "status", "pk")
            .values_list("pk", flat=True)[:count]
        )
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now())
    return list(Delivery.objects.filter(pk__in=ids).select_related("user").order_by("pk"))


def _mark(delivery: Delivery, status: str, error: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=status, error=error[:500], sent_at=timezone.now() if status == DeliveryStatus.SENT else None
    )


def _permanent(error: Exception) -> bool:
    """The server refused this recipient or this message (5xx): sending again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return not isinstance(error, OSError)  # OSError: the server is down or the connection broke


def _message_builder(key: str):
    """(topic, build(user, language)) for the message a key names: read and rendered once per
    batch and language, then personalised for each subscriber (newsletter.mailing)."""
    kind, *rest = key.split(":")
    if kind == "issue":
        issue = Issue.objects.get(pk=int(rest[0]))
        topic = issue.topic

        def prototype(language):
            return mailing.issue_prototype(issue, language=language)

    else:
        frequency, start, topic = rest
        start_at, end_at = selectors.period_bounds(frequency, date.fromisoformat(start))
        issues = list(selectors.issues_published_between(topic, start_at, end_at))
        end_day = (end_at - timedelta(days=1)).date()

        def prototype(language):
            return mailing.digest_prototype(
                issues, language=language, topic=topic, frequency=frequency, start=start_at.date(), end=end_day
            )

    prototypes = {}

    def build(user, language):
        if language not in prototypes:
            prototypes[language] = prototype(language)
        return mailing.personalised(prototypes[language], user=user, key=key, topic=topic)

    return topic, build


# Recipients claimed at once: one transaction for many. A killed worker's claimed-but-unsent ones wait
# for NEWSLETTER_CLAIM_TIMEOUT_SECONDS and are then sent (once: nothing had gone out to them).
CLAIM_CHUNK = 50


def deliveries_send(*, key: str, limit: int | None = None) -> dict[str, int]:
    """Sends up to `limit` (NEWSLETTER_BATCH_SIZE) waiting recipients of one message, one message at
    a time over one mail connection: claim (a chunk), send, mark each. Returns counts, "exhausted"
    (nobody left to claim) and "waiting" (recipients that workers, alive or dead, still hold)."""
    counts = {"sent": 0, "failed": 0, "unsubscribed": 0, "exhausted": False}
    topic = build = None
    left = limit or settings.NEWSLETTER_BATCH_SIZE
    with mailers.default as connection:
        while left > 0:
            chunk = _claim(key, min(left, CLAIM_CHUNK))
            if not chunk:
                counts["exhausted"] = True
                break
            left -= len(chunk)
            if build is None:
                topic, build = _message_builder(key)
            subscriptions = selectors.subscriptions_for([d.user_id for d in chunk], topic)
            for n, delivery in enumerate(chunk):
                try:
                    _send_one(delivery, subscriptions.get(delivery.user_id), build, connection, counts)
                except Exception:
                    # The server, not this recipient, failed: the rest of the chunk is given back
                    # and the task is retried later.
                    Delivery.objects.filter(pk__in=[d.pk for d in chunk[n:]]).update(
                        status=DeliveryStatus.PENDING, claimed_at=None
                    )
                    raise
    counts["waiting"] = Delivery.objects.filter(key=key, status=DeliveryStatus.SENDING).count()
    if key.startswith("issue:"):
        _finish_issue(int(key.split(":")[1]))
    return counts


def _send_one(delivery, subscription, build, connection, counts) -> None:
    user = delivery.user
    if subscription is None or not user.is_active:
        _mark(delivery, DeliveryStatus.UNSUBSCRIBED)
        counts["unsubscribed"] += 1
        return
    _pace.wait()
    try:
        connection.send_messages([build(user, subscription.language)])
    except Exception as error:
        if not _permanent(error):
            raise
        log.warning("newsletter %s to user %s failed: %s", delivery.key, delivery.user_id, error)
        _mark(delivery, DeliveryStatus.FAILED, str(error) or error.__class__.__name__)
        counts["failed"] += 1
        return
    _mark(delivery, DeliveryStatus.SENT)
    counts["sent"] += 1


# --- Digests and the sweep ----------------------------------------------------------------------
def digests_prepare(*, now=None) -> int:
    """Beat (hourly): for the week and the month just ended, one digest per topic that had issues to
    each confirmed weekly or monthly subscriber. Each is a delivery row, so a second run sends
    nothing again. Returns the number of new recipients."""
    today = timezone.localdate(now)
    added = 0
    for frequency in (Frequency.WEEKLY, Frequency.MONTHLY):
        start, _end = selectors.period_just_ended(frequency, today)
        start_at, end_at = selectors.period_bounds(frequency, start)
        for topic in Topic.values:
            if not selectors.issues_published_between(topic, start_at, end_at).exists():
                continue
            key = digest_key(frequency, start, topic)
            with transaction.atomic():
                before = Delivery.objects.filter(key=key).count()
                users = selectors.subscribers(topic, frequency, confirmed_before=end_at)
                Delivery.objects.bulk_create([Delivery(key=key, user_id=u) for u in users], ignore_conflicts=True)
                new = Delivery.objects.filter(key=key).count() - before
                _enqueue_batches(key, new)
            added += new
    return added


def deliveries_sweep(*, now=None, force: bool = False) -> int:
    """Beat (every minute) and each worker's start: a message held by a worker longer than
    NEWSLETTER_CLAIM_TIMEOUT_SECONDS goes back to waiting (its worker died), and a message with
    recipients waiting and no progress for that long gets its batches queued again (`force`: at
    once — a worker that starts may replace one that was killed). Returns batches queued."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS)
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff).update(
        status=DeliveryStatus.PENDING, claimed_at=None
    )
    queued = 0
    for key in selectors.keys_with_work():
        if not force and Delivery.objects.filter(key=key, claimed_at__gte=cutoff).exists():
            continue  # a worker is sending it
        waiting = Delivery.objects.filter(key=key, status=DeliveryStatus.PENDING).count()
        with transaction.atomic():
            _enqueue_batches(key, waiting)
        queued += math.ceil(waiting / settings.NEWSLETTER_BATCH_SIZE)
    for issue_id in Issue.objects.filter(status=IssueStatus.PUBLISHING).values_list("pk", flat=True):
        _finish_issue(issue_id)
    return queued
