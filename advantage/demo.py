"""PartnerAdvantage for `make run` (idempotent; `seed_demo` runs the `seed_advantage` command): a
sales campaign of the current quarter for the Vostro and Latitude lines, the demo partner's
administrator as a sales member with a welcome balance enough for the first reward."""

from advantage import ledger, selectors, services
from advantage.models import Campaign, CampaignKind, CampaignProduct, Member, MemberRole
from catalog.models import ProductLine
from catalog.selectors import current_quarter

WELCOME_POINTS = 12_000


def create_demo_advantage(*, staff, member_user) -> str:
    quarter = current_quarter()
    if quarter is not None and not Campaign.objects.filter(starts_on=quarter.start_date).exists():
        campaign = Campaign.objects.create(
            name_ru=f"Продажи ноутбуков, {quarter.code}",
            name_en=f"Notebook sales, {quarter.code}",
            kind=CampaignKind.SALES,
            starts_on=quarter.start_date,
            ends_on=quarter.end_date,
            roles=[MemberRole.DIRECTOR, MemberRole.SALES, MemberRole.TECHNICAL],
        )
        for code, points in (("vostro", 150), ("latitude", 400)):
            line = ProductLine.objects.filter(code=code).first()
            if line is not None:
                CampaignProduct.objects.create(campaign=campaign, product_line=line, points_per_unit=points)
    if Member.objects.filter(user=member_user).exists():
        return "already seeded"
    rules = selectors.current_rules()
    member = services.member_join(actor=member_user, role=MemberRole.SALES, rules_version=rules.version, accepted=True)
    ledger.adjust(actor=staff, member_id=member.pk, points=WELCOME_POINTS, reason="Приветственные баллы (демо)")
    return f"{member_user.email} is a member with {WELCOME_POINTS} points"
