"""Dell's fiscal calendar (pure functions, no database).

A fiscal year ends on the Friday nearest 31 January; its quarters are 13 weeks, and Q4 gets a 14th
week in a 53-week year. Fiscal year N (as the brochure names it: "1 квартал 2016") starts the day
after the Friday nearest 31 January N and ends on the Friday nearest 31 January N+1."""

from dataclasses import dataclass
from datetime import date, timedelta

FRIDAY = 4


def friday_nearest_january_31(year: int) -> date:
    jan31 = date(year, 1, 31)
    shift = (FRIDAY - jan31.weekday()) % 7  # days forward to the next Friday (0..6)
    return jan31 + timedelta(days=shift) if shift <= 3 else jan31 - timedelta(days=7 - shift)


@dataclass(frozen=True)
class QuarterDates:
    fiscal_year: int
    number: int
    start: date
    end: date

    @property
    def code(self) -> str:
        return f"{self.fiscal_year}-Q{self.number}"

    @property
    def weeks(self) -> int:
        return ((self.end - self.start).days + 1) // 7


def fiscal_year_weeks(fiscal_year: int) -> int:
    days = (friday_nearest_january_31(fiscal_year + 1) - friday_nearest_january_31(fiscal_year)).days
    return days // 7


def fiscal_quarters(fiscal_year: int) -> list[QuarterDates]:
    """The four quarters of a fiscal year, with inclusive start and end dates."""
    start = friday_nearest_january_31(fiscal_year) + timedelta(days=1)
    year_end = friday_nearest_january_31(fiscal_year + 1)
    quarters = []
    for number in range(1, 5):
        end = year_end if number == 4 else start + timedelta(weeks=13) - timedelta(days=1)
        quarters.append(QuarterDates(fiscal_year, number, start, end))
        start = end + timedelta(days=1)
    return quarters


def quarter_of(day: date) -> QuarterDates:
    """The fiscal quarter a calendar day belongs to."""
    fiscal_year = day.year if day > friday_nearest_january_31(day.year) else day.year - 1
    return next(q for q in fiscal_quarters(fiscal_year) if q.start <= day <= q.end)
