"""Recording course completions (staff entries, LMS imports, partner reports and their review), and
the courses other apps set up: rebates creates its programs' courses through here."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toolkit.errors import PortalError
from training.models import Completion, CompletionSource, CompletionStatus, Course


@transaction.atomic
def completion_report(*, user, course, completed_on, certificate=None, note="") -> Completion:
    """A partner user reports a finished course with its certificate; vendor staff confirm it.
    A confirmed record is not replaced by a new report."""
    if user.partner_id is None:
        raise PortalError(_("Only partner users report their trainings."))
    if completed_on > timezone.localdate():
        raise PortalError(_("The completion date cannot be in the future."), field="completed_on")
    existing = Completion.objects.select_for_update().filter(user=user, course=course).first()
    if existing and existing.status == CompletionStatus.CONFIRMED:
        raise PortalError(_("This course is already confirmed for you."), field="course")
    completion = existing or Completion(user=user, course=course)
    completion.completed_on = completed_on
    completion.source = CompletionSource.PARTNER
    completion.status = CompletionStatus.PENDING
    completion.note = note
    if certificate is not None:
        completion.certificate = certificate
    completion.reviewed_by = None
    completion.reviewed_at = None
    completion.save()
    return completion


@transaction.atomic
def completion_review(*, completion_id: int, actor, confirm: bool) -> Completion:
    completion = Completion.objects.select_for_update().get(pk=completion_id)
    completion.status = CompletionStatus.CONFIRMED if confirm else CompletionStatus.REJECTED
    completion.reviewed_by = actor
    completion.reviewed_at = timezone.now()
    completion.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return completion


@transaction.atomic
def completions_record(*, rows, source: str, actor) -> tuple[int, int]:
    """Store confirmed completions entered by staff or imported from the LMS (rows of user, course,
    completed_on). Idempotent: the same row twice changes nothing. Returns (created, updated)."""
    created = updated = 0
    for row in rows:
        completion, was_created = Completion.objects.get_or_create(
            user=row["user"],
            course=row["course"],
            defaults={
                "completed_on": row["completed_on"],
                "source": source,
                "status": CompletionStatus.CONFIRMED,
                "reviewed_by": actor,
                "reviewed_at": timezone.now(),
            },
        )
        if was_created:
            created += 1
        elif completion.status != CompletionStatus.CONFIRMED or completion.completed_on != row["completed_on"]:
            completion.completed_on = row["completed_on"]
            completion.status = CompletionStatus.CONFIRMED
            completion.source = source
            completion.reviewed_by = actor
            completion.reviewed_at = timezone.now()
            completion.save()
            updated += 1
    return created, updated


def course_ensure(*, code: str, title: str, kind: str, link: str = "") -> Course:
    """The course with this code, created with these details if it is new (an existing course is
    left as vendor staff may have edited it)."""
    course, _created = Course.objects.get_or_create(code=code, defaults={"title": title, "kind": kind, "link": link})
    return course
