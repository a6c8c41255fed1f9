"""LMS export (xlsx/csv: email, course_code, completed_on) → confirmed completions, row by row."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from portal.models import User
from toolkit.errors import PortalError
from toolkit.spreadsheets import cell_text, read_rows
from training.models import CompletionSource, Course
from training.services import completions_record

COLUMNS = {
    "email": {"e_mail", "user_email", "почта", "электронная_почта"},
    "course_code": {"course", "код_курса", "курс"},
    "completed_on": {"completion_date", "date", "дата", "дата_завершения"},
}


@dataclass
class LmsImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise PortalError(_("Date “%(value)s” is neither YYYY-MM-DD nor DD.MM.YYYY.") % {"value": text})


def import_completions(raw: bytes, filename: str, *, actor) -> LmsImportResult:
    users = {u.email.lower(): u for u in User.objects.filter(partner__isnull=False)}
    courses = {c.code.upper(): c for c in Course.objects.all()}
    result, rows = LmsImportResult(), []
    for number, values in read_rows(raw, filename, columns=COLUMNS, required=set(COLUMNS)):
        try:
            user = users.get(cell_text(values["email"]).lower())
            if user is None:
                raise PortalError(_("No partner user with e-mail “%(v)s”.") % {"v": cell_text(values["email"])})
            course = courses.get(cell_text(values["course_code"]).upper())
            if course is None:
                raise PortalError(_("Unknown course code “%(v)s”.") % {"v": cell_text(values["course_code"])})
            rows.append({"user": user, "course": course, "completed_on": parse_date(values["completed_on"])})
        except PortalError as error:
            result.errors.append((number, str(error.message)))
    result.created, result.updated = completions_record(rows=rows, source=CompletionSource.LMS, actor=actor)
    return result
