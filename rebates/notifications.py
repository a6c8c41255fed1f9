"""E-mails about programs: ACCEPT confirmations and deadline reminders."""

from django.conf import settings
from django.urls import reverse

from portal.notifications import _send
from rebates.models import Enrollment, Program
from rebates.services import format_deadline


def enrollment_changed(enrollment_id: int, action: str) -> None:
    enrollment = Enrollment.objects.select_related("program__quarter", "tier", "partner", "accepted_by").get(
        pk=enrollment_id
    )
    recipients = {enrollment.accepted_by.email} | {
        u.email for u in enrollment.partner.users.filter(is_active=True, is_partner_admin=True)
    }
    for email in sorted(recipients):
        _send(
            template="enrollment_changed",
            to=email,
            language=settings.LANGUAGE_CODE,
            context={
                "enrollment": enrollment,
                "action": action,
                "deadline": format_deadline(enrollment.program),
                "programs_url": settings.PORTAL_BASE_URL + reverse("rebates:programs"),
            },
        )


def deadline_reminder(partner_id: int, program_id: int, days_before: int) -> None:
    from portal.models import Partner

    partner = Partner.objects.get(pk=partner_id)
    program = Program.objects.select_related("quarter").get(pk=program_id)
    for user in partner.users.filter(is_active=True).order_by("email"):
        _send(
            template="deadline_reminder",
            to=user.email,
            language=settings.LANGUAGE_CODE,
            context={
                "partner": partner,
                "program": program,
                "days_before": days_before,
                "deadline": format_deadline(program),
                "programs_url": settings.PORTAL_BASE_URL + reverse("rebates:programs"),
            },
        )
