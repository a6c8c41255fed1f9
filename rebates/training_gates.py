"""Training gates: a rebate program (or one of its product groups) pays only when the partner's
users have completed enough of its courses. Setting gates up and telling which are met; the
courses and completions themselves are `training`'s, read through its selectors."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from rebates.models import TrainingGate
from training.models import Course
from training.selectors import confirmed_course_ids


@transaction.atomic
def gate_create(
    *, name_ru: str, name_en: str, kind: str, min_courses: int, courses, program=None, group=None
) -> TrainingGate:
    """A gate "at least `min_courses` of these courses" on a whole program or on one product group
    (exactly one of them; the database refuses both or neither)."""
    gate = TrainingGate.objects.create(
        name_ru=name_ru, name_en=name_en, kind=kind, min_courses=min_courses, program=program, group=group
    )
    gate.courses.set(courses)
    return gate


def gate_copy(*, gate: TrainingGate, program=None, group=None) -> TrainingGate:
    """The same requirement (names, kind, minimum, courses) on another program or product group."""
    return gate_create(
        name_ru=gate.name_ru,
        name_en=gate.name_en,
        kind=gate.kind,
        min_courses=gate.min_courses,
        courses=list(gate.courses.all()),
        program=program,
        group=group,
    )


def gate_is_met(*, completed_course_ids: set[int], gate_course_ids: set[int], min_courses: int) -> bool:
    """ "At least N of this set": pure, so the rebate run can use it on plain data."""
    return bool(gate_course_ids) and len(completed_course_ids & gate_course_ids) >= min_courses


@dataclass
class GateStatus:
    gate: TrainingGate
    met: bool
    done: list[Course] = field(default_factory=list)
    options: list[Course] = field(default_factory=list)
    missing: int = 0


def gate_statuses(partner, gates, *, as_of: date | None = None) -> list[GateStatus]:
    done_ids = confirmed_course_ids(partner, as_of=as_of)
    statuses = []
    for gate in gates:
        courses = [c for c in gate.courses.all() if c.is_active or c.pk in done_ids]
        course_ids = {c.pk for c in courses}
        met = gate_is_met(completed_course_ids=done_ids, gate_course_ids=course_ids, min_courses=gate.min_courses)
        done = [c for c in courses if c.pk in done_ids]
        statuses.append(
            GateStatus(gate=gate, met=met, done=done, options=courses, missing=max(gate.min_courses - len(done), 0))
        )
    return statuses


def program_gates_met(partner, program, *, as_of: date | None = None) -> bool:
    return all(s.met for s in gate_statuses(partner, program.gates.prefetch_related("courses"), as_of=as_of))


def gated_items(partner, quarter) -> list[dict]:
    """For the partner's training page: each gated program or group of the quarter with its gates."""
    gates = (
        (
            TrainingGate.objects.filter(program__quarter=quarter)
            | TrainingGate.objects.filter(group__program__quarter=quarter)
        )
        .select_related("program", "group__program")
        .prefetch_related("courses")
    )
    items: dict[tuple, dict] = {}
    for status in gate_statuses(partner, gates):
        gate = status.gate
        key = ("program", gate.program_id) if gate.program_id else ("group", gate.group_id)
        owner = gate.program if gate.program_id else gate.group
        item = items.setdefault(key, {"owner": owner, "is_program": bool(gate.program_id), "statuses": []})
        item["statuses"].append(status)
    for item in items.values():
        item["met"] = all(s.met for s in item["statuses"])
    return list(items.values())
