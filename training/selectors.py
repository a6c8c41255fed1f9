"""Which courses a partner's users have completed (only confirmed completions count)."""

from datetime import date

from training.models import Completion, CompletionStatus


def confirmed_course_ids(partner, *, as_of: date | None = None) -> set[int]:
    completions = Completion.objects.filter(user__partner=partner, status=CompletionStatus.CONFIRMED)
    if as_of is not None:
        completions = completions.filter(completed_on__lte=as_of)
    return set(completions.values_list("course_id", flat=True))


def completions_of(partner):
    return Completion.objects.filter(user__partner=partner).select_related("course", "user").order_by("-completed_on")
