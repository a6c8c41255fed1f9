"""Joining PartnerAdvantage. Points are changed in advantage/ledger.py, claims in advantage/claims.py,
training points in advantage/training.py, orders in advantage/rewards.py."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advantage import selectors
from advantage.models import Member, MemberRole, Rules
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
