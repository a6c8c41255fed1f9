"""Vendor staff roles as Django groups. `roles_ensure()` is idempotent: seed_program calls it,
and it is the one place that says which role may do what."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _noop

# The group names are keys (the code looks groups up by them), so they stay as they are in the
# database; people read them translated (`role_label`): "Финансы" in the Russian admin.
PROGRAM_ADMINISTRATORS = _noop("Program administrators")
ACCOUNT_MANAGERS = _noop("Account managers")
FINANCE = _noop("Finance")


def _crud(app: str, *models: str, actions=("view", "add", "change", "delete")) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


_ROLE_PERMISSIONS = {
    PROGRAM_ADMINISTRATORS: [
        "portal.view_all_regions",
        "rebates.start_payoutrun",
        *_crud("portal", "partnerapplication", "partner", actions=("view", "change")),
        *_crud("portal", "accountmanager", "coverage", "specialization"),
        *_crud("portal", "region", "user", actions=("view", "change")),
        *_crud("catalog", "fiscalquarter", "productline", "product"),
        *_crud("rebates", "program", "tier", "productgroup", "rate", "classificationrule"),
        *_crud("rebates", "enrollment", actions=("view", "change")),
        *_crud("rebates", "traininggate"),
        *_crud("training", "course", "completion"),
        *_crud("rebates", "payoutrun", "payoutline", "payoutpayment", actions=("view",)),
        *_crud("portal", "distributor"),
        *_crud("distributors", "authorization"),
        *_crud("distributors", "salesreport", "salesline", actions=("view",)),
        *_crud("distributors", "missingidclaim", actions=("view",)),
        "distributors.decide_missingidclaim",
        "deals.decide_deal",
        *_crud("deals", "deal", actions=("view", "change", "add")),
        *_crud("benefits", "certificate", "listingrequest", "listing", actions=("view",)),
        "benefits.decide_listing",
        "newsletter.publish_issue",
        *_crud("newsletter", "issue"),
        *_crud("newsletter", "subscription", "delivery", actions=("view",)),
        "advantage.decide_claim",
        "advantage.fulfil_order",
        *_crud("advantage", "campaign", "campaignproduct", "campaigncourse", "reward", "rules"),
        *_crud("advantage", "claim", "order", "member", actions=("view", "change")),
        *_crud("advantage", "entry", actions=("view", "add")),
        "portal.decide_legaldatarequest",
        *_crud("portal", "legaldatarequest", actions=("view",)),
        *_crud("library", "asset"),
        *_crud("library", "download", actions=("view",)),
        "discounts.approve_discountrun",
        *_crud("discounts", "discountterms", "discountlevel", "attachlevel", "growthtarget"),
        *_crud("discounts", "discountrun", "discountline", actions=("view",)),
        *_crud("service_locator", "servicecenter"),
        *_crud("news", "newsitem", "webinar"),
        *_crud("leads", "lead"),
        *_crud("leads", "offer", "note", actions=("view",)),
    ],
    FINANCE: [
        "rebates.approve_payoutrun",
        "rebates.start_payoutrun",
        *_crud("catalog", "fiscalquarter", actions=("view",)),
        *_crud("rebates", "payoutrun", "payoutline", "payoutpayment", "program", actions=("view",)),
        *_crud("portal", "distributor", actions=("view",)),
        *_crud("distributors", "salesreport", "salesline", "missingidclaim", actions=("view",)),
        "discounts.approve_discountrun",
        *_crud("discounts", "discountterms", "discountrun", "discountline", actions=("view",)),
    ],
    ACCOUNT_MANAGERS: [
        *_crud("portal", "partnerapplication", "partner", actions=("view", "change")),
        *_crud("portal", "accountmanager", "coverage", "region", "specialization", actions=("view",)),
        *_crud("catalog", "fiscalquarter", "product", actions=("view",)),
        *_crud("rebates", "program", "productgroup", actions=("view",)),
        *_crud("rebates", "enrollment", actions=("view", "change")),
        *_crud("rebates", "traininggate", actions=("view",)),
        *_crud("training", "course", actions=("view",)),
        *_crud("training", "completion", actions=("view", "change")),
        "deals.decide_deal",
        *_crud("deals", "deal", actions=("view", "change")),
        *_crud("distributors", "salesline", "missingidclaim", actions=("view",)),
        "distributors.decide_missingidclaim",
        *_crud("benefits", "certificate", "listingrequest", "listing", actions=("view",)),
        "benefits.decide_listing",
        *_crud("advantage", "campaign", "reward", "rules", "claim", "order", "member", "entry", actions=("view",)),
        "portal.decide_legaldatarequest",
        *_crud("portal", "legaldatarequest", actions=("view",)),
        *_crud("library", "asset", "download", actions=("view",)),
        *_crud("discounts", "discountterms", "discountline", actions=("view",)),
        *_crud("discounts", "growthtarget"),
        *_crud("service_locator", "servicecenter", actions=("view",)),
        *_crud("news", "newsitem", "webinar", actions=("view",)),
        *_crud("leads", "lead", "offer", "note", actions=("view",)),
    ],
}


ROLE_NAMES = frozenset(_ROLE_PERMISSIONS)


def role_label(name: str) -> str:
    """A group's name as people read it: the roles above translated, any other group as named."""
    return gettext(name) if name in ROLE_NAMES else name


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def roles_ensure() -> dict[str, Group]:
    """Create or update the staff groups with exactly their permissions."""
    groups = {}
    for name, permissions in _ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in permissions])
        groups[name] = group
    return groups
