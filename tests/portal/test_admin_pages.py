"""Every admin list costs a fixed number of queries whatever the data, and every admin list and
object page reads in Russian: no English words or raw codes (issue 14)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import admin_names
from tests.admin_pages import change_urls, changelist_urls, grow
from tests.rebates.conftest import finance, quarter_with_sales  # noqa: F401

MAX_QUERIES = 15


@pytest.fixture
def admin_data(quarter_with_sales, superuser, finance):  # noqa: F811
    grow(2, staff=superuser, finance=finance)
    return superuser, finance


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_changelist_costs_the_same_few_queries_with_more_data(client, admin_data):
    superuser, finance_user = admin_data
    client.force_login(superuser)
    urls = dict(changelist_urls())
    for url in urls.values():
        client.get(url)  # warm: content types, permissions, the session
    little = {label: _count(client, url) for label, url in urls.items()}
    grow(4, staff=superuser, finance=finance_user)
    more = {label: _count(client, url) for label, url in urls.items()}

    counts = {label: (little[label], more[label]) for label in urls}
    wrong = {label: n for label, n in counts.items() if n[1] > n[0] or n[1] > MAX_QUERIES}
    assert not wrong, f"lists whose queries (little data, more data) grow or exceed {MAX_QUERIES}: {wrong}"
    assert len(counts) >= 24  # every registered model admin was loaded


def test_every_registered_model_has_its_russian_declension():
    missing = {label for label, _url in changelist_urls()} - set(admin_names.RUSSIAN)
    assert not missing, f"add the declined forms to portal/admin_names.py: {missing}"


def test_russian_counts_and_cases():
    from django.utils import translation

    from portal.models import PartnerApplication
    from rebates.models import PayoutRun

    with translation.override("ru"):
        applications, runs = PartnerApplication._meta, PayoutRun._meta
        assert admin_names.counted(5, applications) == "5\xa0заявок партнеров"
        assert admin_names.counted(21, applications) == "21\xa0заявка партнера"
        assert admin_names.counted(3, runs) == "3\xa0расчета выплат"
        assert admin_names.counted(0, runs) == "0\xa0расчетов выплат"
        assert admin_names.counted(12, runs) == "12\xa0расчетов выплат"
        assert admin_names.title("Изменить заявка партнера", applications) == "Изменить заявку партнера"
    with translation.override("en"):
        assert admin_names.counted(5, PartnerApplication._meta) == "5 partner applications"


# What a Russian reader must never see: Django's wrongly declined sentences, English left over,
# codes shown instead of their names.
NOT_RUSSIAN = [
    # Django's declension of the nominative verbose name
    "Выберите заявка",
    "Изменить заявка",
    "Добавить группа",
    "Добавить роль партнер",
    "заявки партнеров для",
    "Паджинация",
    "Filter by",
    "Select an option",
    # English
    "Authenticator",
    "Account managers",
    "Program administrators",
    ">Finance<",
    "Finance\n",
    ">Run<",
    ">Partner<",
    "Select all",
    "Pagination",
    "Add ",
    "Change ",
    # raw codes where a label belongs
    ": admin<",
    ">admin<",
    ">ru<",
    ">en<",
    "not_accepted",
    "unmatched_partner",
    "plan_not_reached",
    ">paid<",
    ">client<",
    ">client ",
    " client:",
    "· client",
    ">monitors<",
    ">enterprise<",
    ">consumer<",
    ">commercial<",
    ">received<",
    ">approved<",
]
# Column headers Django upper-cases with CSS: the words as written in the markup.
ENGLISH_HEADER = re.compile(r'<th scope="col"[^>]*>\s*(?:<div[^>]*>\s*)*(?:<a[^>]*>\s*)?([A-Za-z][A-Za-z ]*?)\s*<')
NAMES = {"ID", "Dell ID"}
# Pages whose English is in code another change owns (distributors' models and admin): reported.
# The distributors' models have fields without Russian names; that code is being changed elsewhere
# (reported there). Only these exact findings are let through on those pages.
WORDING_FIXED_ELSEWHERE: dict[str, set[str]] = {}  # every admin page reads in Russian now


def _visible(html: str) -> str:
    """The page without scripts, styles and attributes' JSON (where codes are fine)."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return re.sub(r'="[^"]*"', '=""', html)  # attributes: links' query strings, inputs' values


def _offences(html: str) -> list[str]:
    page = _visible(html)
    found = [text for text in NOT_RUSSIAN if text in page]
    found += [f"header {header!r}" for header in ENGLISH_HEADER.findall(html) if header not in NAMES]
    return found


def test_every_admin_page_reads_in_russian(client, admin_data, brochure):
    superuser, _finance = admin_data
    client.force_login(superuser)
    client.cookies["django_language"] = "ru"
    problems = {}
    for label, url in [*changelist_urls(), *change_urls()]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200, url
        found = set(_offences(response.content.decode())) - WORDING_FIXED_ELSEWHERE.get(label, set())
        if found:
            problems[url] = sorted(found)
    unexpected = problems
    assert not unexpected, f"English or raw codes on Russian admin pages: {unexpected}"
