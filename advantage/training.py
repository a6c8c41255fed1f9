"""Points for courses: a confirmed completion earns the course's points in a running training
campaign, once per member and course (a unique constraint, and a check under the member's lock)."""

from django.db import transaction
from django.utils.translation import gettext as _

from advantage import ledger, selectors
from advantage.models import Campaign, CampaignKind, Member, TrainingAward
from training.models import Completion, CompletionStatus


def _best_course_campaign(member: Member, completion: Completion):
    best = None
    for campaign in selectors.campaigns_open(completion.completed_on, member.role, CampaignKind.TRAINING):
        item = campaign.courses.filter(course_id=completion.course_id).first()
        if item and (best is None or item.points > best[1]):
            best = (campaign, item.points)
    return best


def training_award(completion_id: int) -> TrainingAward | None:
    """Idempotent: nothing for an unconfirmed completion, a non-member, a course no campaign pays for,
    or a course the member was already paid for."""
    completion = Completion.objects.select_related("course").filter(pk=completion_id).first()
    if completion is None or completion.status != CompletionStatus.CONFIRMED:
        return None
    member = Member.objects.filter(user_id=completion.user_id).first()
    if member is None or TrainingAward.objects.filter(member=member, course_id=completion.course_id).exists():
        return None
    found = _best_course_campaign(member, completion)
    if found is None:
        return None
    campaign, points = found
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        member = ledger.lock_member(member.pk)
        if TrainingAward.objects.filter(member=member, course_id=completion.course_id).exists():
            return None
        if campaign.member_cap is not None:
            points = min(points, max(0, campaign.member_cap - selectors.campaign_points(campaign, member=member)))
        if campaign.campaign_cap is not None:
            points = min(points, max(0, campaign.campaign_cap - selectors.campaign_points(campaign)))
        award = TrainingAward.objects.create(
            member=member, course_id=completion.course_id, completion=completion, campaign=campaign, points=points
        )
        if points:
            ledger.earn(
                member,
                points,
                completion=completion,
                reason=_("Course %(code)s completed") % {"code": completion.course.code},
            )
    return award


def trainings_catch_up() -> int:
    """Beat: confirmed completions of members not yet paid (a receiver missed, a campaign added later)."""
    members = Member.objects.values_list("user_id", flat=True)
    completions = Completion.objects.filter(status=CompletionStatus.CONFIRMED, user_id__in=members).values_list(
        "pk", flat=True
    )
    return sum(1 for pk in completions if training_award(pk))
