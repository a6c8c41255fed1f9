"""docs/reliability.md §6: every URL pattern × every role has an expected answer. A new URL without a row
fails `test_every_url_has_a_row`. Another tenant's object answers 404 (see test_admin.py for the
admin's object pages)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = [
    "anonymous",
    "partner_admin",
    "partner_user",
    "other_partner",
    "distributor",
    "account_manager",
    "program_admin",
    "deactivated_partner",
    "deactivated_distributor",
]
# A deactivated company's logins are refused everywhere but public pages (docs/reliability.md §31).
SUSPENDED = {"deactivated_partner": 403, "deactivated_distributor": 403}
# A partner's page: everyone else is sent where they belong (sign-in, admin, reports).
PARTNER_PAGE = {"anonymous": 302, "account_manager": 302, "program_admin": 302, "distributor": 302, **SUSPENDED}
# A partner's API endpoint (as `api:enrollments`): anonymous 401, other roles and suspended companies 403.
PARTNER_API = {"anonymous": 401, "account_manager": 403, "program_admin": 403, "distributor": 403, **SUSPENDED}
# The admin sends everyone who is not staff to its login.
NOT_STAFF = {role: 302 for role in ROLES if role not in ("account_manager", "program_admin")}

# name → (reverse kwargs, {role: status}); "*" is the status for every role not listed. Partner
# users in the admin are sent to its login, which refuses them (403) because they are not staff.
MATRIX = {
    "portal:home": ({}, {"*": 200}),
    "health-live": ({}, {"*": 200}),
    "favicon": ({}, {"*": 301}),
    "health-ready": ({}, {"*": 200}),
    "portal:register": ({}, {"*": 200}),
    "portal:register_done": ({}, {"*": 302}),  # nothing submitted in this session
    "portal:application_status": ({}, {"*": 200}),
    "rebates:dashboard": (
        {},
        {"anonymous": 302, "account_manager": 302, "program_admin": 302, "distributor": 302, **SUSPENDED, "*": 200},
    ),
    "portal:invite_colleague": (
        {},
        {
            "anonymous": 302,
            "partner_user": 403,
            "account_manager": 302,
            "program_admin": 302,
            "distributor": 302,
            **SUSPENDED,
            "*": 200,
        },
    ),
    "portal:activate": ({"uidb64": "MQ", "token": "bad-token"}, {"*": 400}),
    "signup_redirect": ({}, {"*": 302}),
    "api:me": ({}, {"anonymous": 401, **SUSPENDED, "*": 200}),
    "api:programs": ({}, {"anonymous": 401, **SUSPENDED, "*": 200}),
    "api:enrollments": (
        {},
        {"anonymous": 401, "account_manager": 403, "program_admin": 403, "distributor": 403, **SUSPENDED, "*": 200},
    ),
    "api:training-gates": (
        {},
        {"anonymous": 401, "account_manager": 403, "program_admin": 403, "distributor": 403, **SUSPENDED, "*": 200},
    ),
    "api:reports": (
        {},
        {"anonymous": 401, "distributor": 200, "*": 403},
    ),  # distributor users only
    "api:report": ({"pk": 999999}, {"anonymous": 401, "distributor": 404, "*": 403}),
    "api:report-errors": ({"pk": 999999}, {"anonymous": 401, "distributor": 404, "*": 403}),
    "api:sales-lines": ({}, {"anonymous": 401, **SUSPENDED, "*": 200}),
    "distributors:reports": (
        {},
        {"anonymous": 302, "account_manager": 302, "program_admin": 302, "distributor": 200, **SUSPENDED, "*": 302},
    ),
    "distributors:template": ({}, {"anonymous": 302, "*": 200}),
    "distributors:report": ({"report_id": 999999}, {"distributor": 404, **SUSPENDED, "*": 302}),
    "distributors:report_status": ({"report_id": 999999}, {"distributor": 404, **SUSPENDED, "*": 302}),
    "distributors:report_errors": ({"report_id": 999999}, {"distributor": 404, **SUSPENDED, "*": 302}),
    "distributors:report_original": ({"report_id": 999999}, {"distributor": 404, **SUSPENDED, "*": 302}),
    "distributors:tokens": ({}, {"distributor": 200, **SUSPENDED, "*": 302}),
    # The distributor's administrator invites colleagues; the matrix's distributor user is not one.
    "distributors:invite_colleague": ({}, {"distributor": 403, **SUSPENDED, "*": 302}),
    "distributors:token_revoke": ({"token_id": 999999}, {"anonymous": 302, "distributor": 405, **SUSPENDED, "*": 302}),
    # Missing-ID claims (docs/claims.md): the partner's page; the distributor's list and answers (POST);
    # another distributor's claim (or none) is 404; staff decide in the admin.
    "distributors:my_claims": ({}, {**PARTNER_PAGE, "*": 200}),
    "distributors:claims": ({}, {"distributor": 200, **SUSPENDED, "*": 302}),
    "distributors:claim_confirm": ({"claim_id": 999999}, {"distributor": 405, **SUSPENDED, "*": 302}),
    "distributors:claim_reject": ({"claim_id": 999999}, {"distributor": 405, **SUSPENDED, "*": 302}),
    "admin:distributors_missingidclaim_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:distributors_missingidclaim_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:distributors_missingidclaim_reject": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:distributors_missingidclaim_reverse": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "api:payout-lines": ({}, {"anonymous": 401, **SUSPENDED, "*": 200}),
    "api:progress": (
        {},
        {"anonymous": 401, "account_manager": 403, "program_admin": 403, "distributor": 403, **SUSPENDED, "*": 200},
    ),
    # Deal registration over the API: partner users only; another partner's deal (or none) is 404;
    # the actions are POST (a partner's GET is 405 once the permission check passed).
    "api:deals": ({}, {**PARTNER_API, "*": 200}),
    "api:deal": ({"pk": 999999}, {**PARTNER_API, "*": 404}),
    "api:deal-submit": ({"pk": 999999}, {**PARTNER_API, "*": 405}),
    "api:deal-withdraw": ({"pk": 999999}, {**PARTNER_API, "*": 405}),
    "api:deal-extension": ({"pk": 999999}, {**PARTNER_API, "*": 405}),
    "api:deal-outcome": ({"pk": 999999}, {**PARTNER_API, "*": 405}),
    "rebates:statements": ({}, {"anonymous": 302, "account_manager": 302, "program_admin": 302, **SUSPENDED, "*": 200}),
    "rebates:statement_download": ({"run_id": 999999}, {"anonymous": 302, **SUSPENDED, "*": 404}),
    "rebates:statement_pdf": ({"run_id": 999999}, {"anonymous": 302, **SUSPENDED, "*": 404}),
    "rebates:programs": (
        {},
        {"anonymous": 302, "account_manager": 302, "program_admin": 302, "distributor": 302, **SUSPENDED, "*": 200},
    ),
    # POST only; an anonymous visitor is sent to the login first.
    "rebates:accept": (
        {"program_id": 999999},
        {"anonymous": 302, "account_manager": 302, "program_admin": 302, "distributor": 302, **SUSPENDED, "*": 405},
    ),
    "rebates:trainings": (
        {},
        {"anonymous": 302, "account_manager": 302, "program_admin": 302, "distributor": 302, **SUSPENDED, "*": 200},
    ),
    "training:certificate": ({"completion_id": 999999}, {"anonymous": 302, **SUSPENDED, "*": 404}),
    # Deal registration: partners' pages; another partner's deal (or none) is 404; actions are POST.
    "deals:list": ({}, {**PARTNER_PAGE, "*": 200}),
    "deals:new": ({}, {**PARTNER_PAGE, "*": 200}),
    "deals:detail": ({"deal_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "deals:edit": ({"deal_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "deals:submit": ({"deal_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "deals:withdraw": ({"deal_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "deals:extension": ({"deal_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "deals:outcome": ({"deal_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "admin:deals_deal_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:deals_deal_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:deals_deal_reject": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:deals_deal_return": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:deals_deal_extend": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:deals_deal_confirm_win": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:deals_deal_presale": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:deals_deal_direct": ({}, {**NOT_STAFF, "account_manager": 403, "*": 200}),
    # The Dell Registered certificate: the partner's page and download; the check is public.
    # PartnerAdvantage: a partner's user who has not joined is sent to the join page (302), and the
    # API answers 403 until they join.
    "advantage:join": ({}, {**PARTNER_PAGE, "*": 200}),
    "advantage:overview": ({}, {**PARTNER_PAGE, "*": 302}),
    "advantage:claims": ({}, {**PARTNER_PAGE, "*": 302}),
    "advantage:rewards": ({}, {**PARTNER_PAGE, "*": 302}),
    "advantage:order": ({"reward_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "advantage:orders": ({}, {**PARTNER_PAGE, "*": 302}),
    "api:advantage-claims": ({}, {**PARTNER_API, "*": 403}),
    "api:advantage-balance": ({}, {**PARTNER_API, "*": 403}),
    "api:advantage-rewards": ({}, {**PARTNER_API, "*": 200}),
    "admin:advantage_campaign_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:advantage_claim_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:advantage_claim_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:advantage_claim_reject": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:advantage_order_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:advantage_order_ship": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:advantage_order_cancel": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:advantage_reward_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:advantage_member_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:advantage_member_adjust": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:advantage_entry_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:advantage_rules_changelist": ({}, {**NOT_STAFF, "*": 200}),
    # The discount program (docs/discounts.md): the partner's tool (accepting the terms is a POST),
    # the distributor's list of its partners' discounts and its xlsx, the same in the API.
    "discounts:tool": ({}, {**PARTNER_PAGE, "*": 200}),
    "discounts:accept": ({}, {**PARTNER_PAGE, "*": 405}),
    "discounts:distributor_list": ({}, {"distributor": 200, **SUSPENDED, "*": 302}),
    "discounts:distributor_xlsx": ({}, {"distributor": 200, **SUSPENDED, "*": 302}),
    "api:discount-tool": ({}, {**PARTNER_API, "*": 200}),
    "api:discounts": ({}, {"anonymous": 401, "distributor": 200, "*": 403}),
    "admin:discounts_discountline_changelist": ({}, {**NOT_STAFF, "*": 200}),
    # Runs are Finance's and the program administrators' (managers see their districts' discounts).
    "admin:discounts_discountrun_changelist": ({}, {**NOT_STAFF, "account_manager": 403, "*": 200}),
    "benefits:certificate": ({}, {**PARTNER_PAGE, "*": 200}),
    "benefits:certificate_download": ({"number": "RC-0000-000000"}, {**PARTNER_PAGE, "*": 404}),
    "benefits:verify": ({"number": "RC-0000-000000"}, {"*": 404}),
    "admin:benefits_certificate_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:benefits_certificate_eligibility": ({}, {**NOT_STAFF, "*": 200}),
    # "Где купить": the partner's entry (its administrator asks), the public directory and feed.
    "benefits:listing": ({}, {**PARTNER_PAGE, "*": 200}),
    "benefits:listing_withdraw": ({}, {**PARTNER_PAGE, "*": 405}),
    "benefits:directory": ({}, {"*": 200}),
    "benefits:directory_feed_json": ({}, {"*": 200}),
    "benefits:directory_feed_csv": ({}, {"*": 200}),
    "admin:benefits_listingrequest_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:benefits_listingrequest_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:benefits_listingrequest_reject": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:benefits_listing_changelist": ({}, {**NOT_STAFF, "*": 200}),
    # The newsletter: partners' and distributors' preferences; the e-mailed links work without a
    # login and refuse a bad token with 400; issues in the admin are the program administrators'.
    "newsletter:preferences": (
        {},
        {"anonymous": 302, "account_manager": 302, "program_admin": 302, **SUSPENDED, "*": 200},
    ),
    "newsletter:confirm": ({"token": "bad-token"}, {"*": 400}),
    "newsletter:unsubscribe": ({"token": "bad-token"}, {"*": 400}),
    "admin:newsletter_issue_changelist": ({}, {**NOT_STAFF, "account_manager": 403, "*": 200}),
    "admin:newsletter_issue_preview": ({"object_id": 999999}, {**NOT_STAFF, "account_manager": 403, "*": 404}),
    "admin:newsletter_issue_send_test": ({"object_id": 999999}, {**NOT_STAFF, "account_manager": 403, "*": 404}),
    "admin:newsletter_issue_publish": ({"object_id": 999999}, {**NOT_STAFF, "account_manager": 403, "*": 404}),
    # Company profile self-service (docs/tools.md): everyone of the partner sees it, its administrator
    # changes it; legal data waits for the district's manager (buttons in the admin). The user's own
    # settings: partners' and distributors' users.
    "portal:company": ({}, {**PARTNER_PAGE, "*": 200}),
    "portal:my_account": ({}, {"anonymous": 302, "account_manager": 302, "program_admin": 302, **SUSPENDED, "*": 200}),
    "admin:portal_legaldatarequest_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:portal_legaldatarequest_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:portal_legaldatarequest_reject": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    # The library (docs/tools.md): partners' pages; an asset not visible to the partner (or none) is 404.
    "library:library": ({}, {**PARTNER_PAGE, "*": 200}),
    "library:download": ({"asset_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "library:preview": ({"asset_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "admin:library_asset_changelist": ({}, {**NOT_STAFF, "*": 200}),
    # The service locator: public; staff read the centers, program administrators import them.
    "service_locator:centers": ({}, {"*": 200}),
    "admin:service_locator_servicecenter_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:service_locator_servicecenter_import": ({}, {**NOT_STAFF, "account_manager": 403, "*": 200}),
    # News and webinars: partners' pages; an unknown item or recording is 404.
    "news:list": ({}, {**PARTNER_PAGE, "*": 200}),
    "news:item": ({"item_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "news:webinars": ({}, {**PARTNER_PAGE, "*": 200}),
    "news:webinar_file": ({"webinar_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "admin:news_newsitem_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:news_webinar_changelist": ({}, {**NOT_STAFF, "*": 200}),
    # Leads: a partner's users see their company's leads only (another's or none: 404); staff pass
    # leads in the admin (program administrators; account managers read them and the rates).
    "leads:list": ({}, {**PARTNER_PAGE, "*": 200}),
    "leads:detail": ({"lead_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "leads:accept": ({"lead_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "leads:decline": ({"lead_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "leads:note": ({"lead_id": 999999}, {**PARTNER_PAGE, "*": 405}),
    "leads:deal": ({"lead_id": 999999}, {**PARTNER_PAGE, "*": 404}),
    "admin:leads_lead_changelist": ({}, {**NOT_STAFF, "*": 200}),
    "admin:leads_lead_rates": ({}, {**NOT_STAFF, "*": 200}),
    "admin:leads_lead_offer": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "schema": ({}, {"*": 200}),
    "swagger-ui": ({}, {"*": 200}),
    "admin:index": (
        {},
        {**NOT_STAFF, "*": 200},
    ),
    "admin:portal_partnerapplication_changelist": (
        {},
        {**NOT_STAFF, "*": 200},
    ),
    # Buttons on an object's page (admin confirmation pages): an unknown or out-of-district object
    # answers 404 to staff who may act; staff without the permission are refused.
    "admin:portal_partnerapplication_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:portal_partnerapplication_reject": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:rebates_payoutrun_approve": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:rebates_payoutrun_pay": ({"object_id": 999999}, {**NOT_STAFF, "*": 404}),
    "admin:portal_partner_changelist": (
        {},
        {**NOT_STAFF, "*": 200},
    ),
    # The catalog's pages (catalog app): every staff role reads the products; only program
    # administrators load a catalog file.
    "admin:catalog_product_changelist": (
        {},
        {**NOT_STAFF, "*": 200},
    ),
    "admin:catalog_product_import": (
        {},
        {**NOT_STAFF, "account_manager": 403, "*": 200},
    ),
    "admin:catalog_fiscalquarter_changelist": (
        {},
        {**NOT_STAFF, "*": 200},
    ),
}

# URLs owned by libraries, checked by their own test suites and by test_accounts.py: allauth's
# account and MFA pages, Django's language switch, and the admin's generated model pages (their
# scoping is in test_admin.py).
LIBRARY_PREFIXES = ("account_", "mfa_", "set_language", "admin:")


def all_url_names(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_row():
    missing = sorted(
        name for name in set(all_url_names()) if name not in MATRIX and not name.startswith(LIBRARY_PREFIXES)
    )
    assert missing == [], f"add these URLs to the matrix: {missing}"


def distributor_login(email, *, active=True):
    from conftest import make_user
    from portal.models import Distributor

    distributor = Distributor.objects.create(code=email.split("@")[0], name="Дистрибьютор", is_active=active)
    return make_user(email, distributor=distributor)


PERSONAS = {
    "anonymous": lambda request: None,
    "partner_admin": lambda request: request.getfixturevalue("partner_admin"),
    "partner_user": lambda request: request.getfixturevalue("partner_user"),
    "other_partner": lambda request: request.getfixturevalue("other_partner_user"),
    "distributor": lambda request: distributor_login("ops@alpha.example"),
    "account_manager": lambda request: request.getfixturevalue("account_manager"),
    "program_admin": lambda request: request.getfixturevalue("program_admin"),
    "deactivated_partner": lambda request: suspended_partner_admin(request),
    "deactivated_distributor": lambda request: distributor_login("ops@gone.example", active=False),
}


def suspended_partner_admin(request):
    user = request.getfixturevalue("partner_admin")
    user.partner.is_active = False
    user.partner.save(update_fields=["is_active"])
    return user


@pytest.fixture
def persona(request, db):
    """Only the persona under test is built (each costs queries)."""
    role = request.node.callspec.params["role"]
    return {role: PERSONAS[role](request)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_expected(client, persona, name, role):
    kwargs, expected = MATRIX[name]
    user = persona[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == expected.get(role, expected["*"]), f"{name} as {role}: {response.status_code}"
