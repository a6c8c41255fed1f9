"""What a partner still has to do this quarter, for the top of its dashboard: programs to ACCEPT
before their deadline, requests awaiting vendor staff, trainings missing for the programs it
accepted, reported courses awaiting confirmation, invited colleagues who have not signed in yet."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rebates import selectors
from rebates.models import EnrollmentStatus
from rebates.services import format_deadline
from training.models import Completion, CompletionStatus


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    urgent: bool = False  # a deadline is involved


def next_steps(
    partner, *, quarter=None, enrollments=None, colleagues=None, pending_courses=None, now=None
) -> list[NextStep]:
    """`quarter` (the current one), `enrollments` (the partner's in it, with programs), `colleagues`
    (the partner's users) and `pending_courses` (its reported courses awaiting confirmation): what
    the dashboard has loaded already, read here otherwise."""
    now = now or timezone.now()
    quarter = quarter or selectors.quarter_now()
    steps: list[NextStep] = []
    if quarter is not None:
        if enrollments is None:
            enrollments = selectors.enrollments_in(partner, quarter)
        enrolled = {e.program_id: e for e in enrollments}
        programs_url = reverse("rebates:programs")
        open_programs = [p for p in selectors.quarter_programs(quarter) if p.accept_deadline > now]
        for program in sorted(open_programs, key=lambda p: p.accept_deadline):
            if program.pk not in enrolled:
                steps.append(
                    NextStep(
                        _("Press ACCEPT for %(program)s: open until %(deadline)s")
                        % {"program": program, "deadline": format_deadline(program)},
                        f"{programs_url}#program-{program.pk}",
                        urgent=True,
                    )
                )
        trainings_url = reverse("rebates:trainings")
        for item in selectors.partner_gated_items(partner, quarter):
            owner = item["owner"]
            program_id = owner.pk if item["is_program"] else owner.program_id
            if program_id in enrolled and not item["met"]:
                missing = sum(status.missing for status in item["statuses"])
                steps.append(
                    NextStep(
                        ngettext(
                            "%(owner)s counts once your staff complete %(n)d more course.",
                            "%(owner)s counts once your staff complete %(n)d more courses.",
                            missing,
                        )
                        % {"owner": owner, "n": missing},
                        trainings_url,
                    )
                )
        for enrollment in enrolled.values():
            if enrollment.status == EnrollmentStatus.REQUESTED:
                steps.append(
                    NextStep(
                        _("Your ACCEPT of %(program)s awaits confirmation by vendor staff.")
                        % {"program": enrollment.program},
                        programs_url,
                    )
                )
    if pending_courses is None:
        pending_courses = Completion.objects.filter(user__partner=partner, status=CompletionStatus.PENDING).count()
    pending = pending_courses
    if pending:
        steps.append(
            NextStep(
                ngettext(
                    "%(n)d reported course awaits confirmation by vendor staff.",
                    "%(n)d reported courses await confirmation by vendor staff.",
                    pending,
                )
                % {"n": pending},
                reverse("rebates:trainings"),
            )
        )
    if colleagues is None:
        colleagues = partner.users.all()
    invited = sorted((c for c in colleagues if not c.has_usable_password()), key=lambda c: c.email)
    for colleague in invited:  # invited, no password set yet
        steps.append(
            NextStep(
                _("%(name)s was invited but has not set a password yet.")
                % {"name": colleague.full_name or colleague.email},
                reverse("rebates:dashboard") + "#colleagues",
            )
        )
    return steps
