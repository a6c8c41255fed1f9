"""The fiscal calendar rule reproduces the brochure's grid and gives 53-week years."""

from datetime import date, timedelta

import pytest

from catalog.calendar import fiscal_quarters, fiscal_year_weeks, friday_nearest_january_31, quarter_of
from catalog.models import FiscalQuarter


def test_the_rule_reproduces_the_brochure_grid_for_2016():
    grid = [(q.code, q.start, q.end) for q in fiscal_quarters(2016)]
    assert grid == [
        ("2016-Q1", date(2016, 1, 30), date(2016, 4, 29)),
        ("2016-Q2", date(2016, 4, 30), date(2016, 7, 29)),
        ("2016-Q3", date(2016, 7, 30), date(2016, 10, 28)),
        ("2016-Q4", date(2016, 10, 29), date(2017, 2, 3)),
    ]


@pytest.mark.parametrize(
    "year, weeks", [(2011, 53), (2015, 52), (2016, 53), (2017, 52), (2021, 52), (2022, 53), (2028, 53)]
)
def test_53_week_years_get_a_14_week_q4(year, weeks):
    quarters = fiscal_quarters(year)
    assert fiscal_year_weeks(year) == weeks
    assert [q.weeks for q in quarters] == [13, 13, 13, weeks - 39]


@pytest.mark.parametrize("year", range(2010, 2035))
def test_years_end_on_the_friday_nearest_31_january_and_quarters_touch(year):
    end = friday_nearest_january_31(year)
    assert end.weekday() == 4 and abs((end - date(year, 1, 31)).days) <= 3
    quarters = fiscal_quarters(year) + fiscal_quarters(year + 1)
    for before, after in zip(quarters, quarters[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)


def test_quarter_of_a_day_at_the_edges():
    assert quarter_of(date(2016, 4, 29)).code == "2016-Q1"
    assert quarter_of(date(2016, 4, 30)).code == "2016-Q2"
    assert quarter_of(date(2017, 2, 3)).code == "2016-Q4"
    assert quarter_of(date(2017, 2, 4)).code == "2017-Q1"
    assert quarter_of(date(2016, 1, 29)).code == "2015-Q4"


def test_seed_program_stores_the_calendar_and_staff_may_edit_it(brochure):
    q1 = FiscalQuarter.objects.get(code="2016-Q1")
    assert (q1.start_date, q1.end_date) == (date(2016, 1, 30), date(2016, 4, 29))
    q1.end_date = date(2016, 4, 30)
    q1.save()
    from django.core.management import call_command

    call_command("seed_program", verbosity=0)
    assert FiscalQuarter.objects.get(code="2016-Q1").end_date == date(2016, 4, 30)  # the edit survives a re-seed
