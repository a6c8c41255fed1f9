"""Joining PartnerAdvantage. Points are changed in advantage/ledger.py, claims in advantage/claims.py,
training points in advantage/training.py, orders in advantage/rewards.py."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advantage import selectors
from advantage.models import Campaign, Member, MemberRole, Rules
from catalog.models import FiscalQuarter
from toolkit.errors import PortalError


def member_join(*, actor, role: str, rules_version: str, accepted: bool) -> Member:
    """A partner's user joins with a role, accepting the rules version they were shown. Joining twice
    is refused (one member per user), and so is a version that is no longer the current one."""
    if not actor.partner_id:
        raise PortalError(_("Only partners' people take part in PartnerAdvantage."))
    if role not in MemberRole.values:
        raise PortalError(_("Choose your role."), field="role")
    if not accepted:
        raise PortalError(_("Accept the rules to join."), field="accept")
    rules = selectors.current_rules()
    if rules is None or rules.version != rules_version:
        raise PortalError(_("The rules have changed since the page was opened: read them again."), field="accept")
    try:
        with transaction.atomic():
            return Member.objects.create(
                user=actor, partner_id=actor.partner_id, role=role, rules=rules, rules_accepted_at=timezone.now()
            )
    except IntegrityError:
        raise PortalError(_("You are already a member.")) from None


@transaction.atomic
def member_accept_rules(*, actor, rules_version: str) -> Member:
    """A member accepts a newer version of the rules (the acceptance is recorded with its moment)."""
    member = selectors.member_of(actor)
    rules = Rules.objects.filter(version=rules_version).first()
    if member is None or rules is None:
        raise PortalError(_("Join PartnerAdvantage first."))
    member.rules, member.rules_accepted_at = rules, timezone.now()
    member.save(update_fields=["rules", "rules_accepted_at"])
    return member


@transaction.atomic
def campaign_clone(*, campaign_id: int) -> Campaign:
    """The campaign's copy for the fiscal quarter after it: same rules, products and courses; its
    name names the new quarter; inactive until staff check it. Cloning into a quarter twice is
    refused (the copy exists)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    following = FiscalQuarter.objects.filter(start_date__gt=campaign.ends_on).order_by("start_date").first()
    if following is None:
        raise PortalError(_("No next quarter in the calendar."))
    source = FiscalQuarter.objects.filter(start_date__lte=campaign.starts_on, end_date__gte=campaign.starts_on).first()

    def renamed(name: str) -> str:
        if source is not None and source.code in name:
            return name.replace(source.code, following.code)
        return f"{name} ({following.code})"

    name_ru = renamed(campaign.name_ru)
    if Campaign.objects.filter(name_ru=name_ru, starts_on=following.start_date).exists():
        raise PortalError(_("“%(name)s” already exists.") % {"name": name_ru})
    copy = Campaign.objects.create(
        name_ru=name_ru,
        name_en=renamed(campaign.name_en),
        kind=campaign.kind,
        starts_on=following.start_date,
        ends_on=following.end_date,
        roles=campaign.roles,
        member_cap=campaign.member_cap,
        campaign_cap=campaign.campaign_cap,
        is_active=False,
    )
    for item in campaign.products.all():
        item.pk, item.campaign = None, copy
        item.save()
    for item in campaign.courses.all():
        item.pk, item.campaign = None, copy
        item.save()
    return copy
