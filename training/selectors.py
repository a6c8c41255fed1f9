"""Which training gates a partner meets (only confirmed completions count)."""

from dataclasses import dataclass, field
from datetime import date

from training.models import Completion, CompletionStatus, Course, TrainingGate


def gate_is_met(*, completed_course_ids: set[int], gate_course_ids: set[int], min_courses: int) -> bool:
    """ "At least N of this set": pure, so the rebate run can use it on plain data."""
    return bool(gate_course_ids) and len(completed_course_ids & gate_course_ids) >= min_courses


def confirmed_course_ids(partner, *, as_of: date | None = None) -> set[int]:
    completions = Completion.objects.filter(user__partner=partner, status=CompletionStatus.CONFIRMED)
    if as_of is not None:
        completions = completions.filter(completed_on__lte=as_of)
    return set(completions.values_list("course_id", flat=True))


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


def completions_of(partner):
    return Completion.objects.filter(user__partner=partner).select_related("course", "user").order_by("-completed_on")
