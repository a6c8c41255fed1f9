"""Changes to programs and enrollments. ACCEPT is decided here, by the
server's clock against the program's deadline (an aware datetime), never by the browser."""

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from catalog import services as catalog_services
from catalog.models import FiscalQuarter
from portal.outbox import enqueue
from rebates import brochure, training_gates
from rebates.models import (
    ClassificationRule,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    ProductGroup,
    Program,
    Rate,
    Tier,
)
from rebates.selectors import quarter_is_frozen
from toolkit.errors import PortalError
from toolkit.logs import current_client_address
from training import services as training_services

DEADLINE_PASSED = _("ACCEPT for this program was open until %(deadline)s: the plan can no longer be chosen or changed.")


def _create_rule(group, spec, lines_by_code):
    rule = ClassificationRule.objects.create(
        group=group,
        series=spec["series"],
        form_factors=spec["form_factors"],
        diagonal_min=spec["diagonal_min"],
        diagonal_below=spec["diagonal_below"],
        priority=spec["priority"],
    )
    rule.lines.set([lines_by_code[code] for code in spec["lines"]])


@transaction.atomic
def brochure_load() -> dict:
    """Load the brochure's product lines, Q1 2016 programs, courses and gates (idempotent: a program
    that already exists for its quarter and kind is left as vendor staff may have edited it)."""
    lines = {
        code: catalog_services.product_line_ensure(
            code=code, name=name, segment=segment, aliases=brochure.ALIASES.get(code, "")
        )
        for code, name, segment in brochure.LINES
    }
    courses = {
        code: training_services.course_ensure(
            code=code, title=title, kind=kind, link=f"https://www.dell.com/learn/{code}"
        )
        for code, title, kind in brochure.COURSES
    }
    quarter = FiscalQuarter.objects.get(code=brochure.QUARTER)
    created = []
    for spec in brochure.PROGRAMS:
        if Program.objects.filter(quarter=quarter, kind=spec["kind"]).exists():
            continue
        program = Program.objects.create(
            quarter=quarter,
            kind=spec["kind"],
            name_ru=spec["name_ru"],
            name_en=spec["name_en"],
            accept_deadline=brochure.ACCEPT_DEADLINE,
            requires_confirmation=spec["requires_confirmation"],
        )
        tiers = [Tier.objects.create(program=program, units=units) for units in spec["tiers"]]
        for position, (code, name_ru, name_en, amounts, rules) in enumerate(spec["groups"]):
            group = ProductGroup.objects.create(
                program=program, code=code, name_ru=name_ru, name_en=name_en, position=position
            )
            for tier, amount in zip(tiers, amounts, strict=True):
                Rate.objects.create(group=group, tier=tier, amount=amount)
            for rule_spec in rules:
                _create_rule(group, rule_spec, lines)
        for kind, group_code, name_ru, name_en, course_kind, minimum, codes in brochure.GATES:
            if kind != spec["kind"]:
                continue
            training_gates.gate_create(
                name_ru=name_ru,
                name_en=name_en,
                kind=course_kind,
                min_courses=minimum,
                courses=[courses[c] for c in codes],
                program=None if group_code else program,
                group=program.groups.get(code=group_code) if group_code else None,
            )
        created.append(program.kind)
    return {"programs_created": created, "lines": len(lines), "courses": len(courses)}


@transaction.atomic
def quarter_clone_programs(
    *, source: FiscalQuarter, target: FiscalQuarter, deadline: datetime | None = None
) -> list[Program]:
    """Copy a quarter's programs (tiers, groups, rates, rules, gates) into another quarter. The
    deadline keeps its distance from the quarter's start unless given. Programs the target already
    has are skipped. Vendor staff then edit rates and deadline in the admin."""
    cloned = []
    for program in source.programs.prefetch_related(
        "tiers", "groups__rates", "groups__rules__lines", "groups__gates__courses", "gates__courses"
    ):
        if target.programs.filter(kind=program.kind).exists():
            continue
        if deadline is None:
            source_start = timezone.make_aware(datetime.combine(source.start_date, time()), brochure.MOSCOW)
            target_start = timezone.make_aware(datetime.combine(target.start_date, time()), brochure.MOSCOW)
            new_deadline = target_start + (program.accept_deadline - source_start)
        else:
            new_deadline = deadline
        copy = Program.objects.create(
            quarter=target,
            kind=program.kind,
            name_ru=program.name_ru,
            name_en=program.name_en,
            accept_deadline=new_deadline,
            tier_policy=program.tier_policy,
            requires_confirmation=program.requires_confirmation,
        )
        tiers = {t.pk: Tier.objects.create(program=copy, units=t.units) for t in program.tiers.all()}
        for group in program.groups.all():
            new_group = ProductGroup.objects.create(
                program=copy, code=group.code, name_ru=group.name_ru, name_en=group.name_en, position=group.position
            )
            Rate.objects.bulk_create(
                Rate(group=new_group, tier=tiers[r.tier_id], amount=r.amount) for r in group.rates.all()
            )
            for r in group.rules.all():
                new_rule = ClassificationRule.objects.create(
                    group=new_group,
                    series=r.series,
                    form_factors=r.form_factors,
                    diagonal_min=r.diagonal_min,
                    diagonal_below=r.diagonal_below,
                    priority=r.priority,
                )
                new_rule.lines.set(r.lines.all())
            for gate in group.gates.all():
                training_gates.gate_copy(gate=gate, group=new_group)
        for gate in program.gates.all():
            training_gates.gate_copy(gate=gate, program=copy)
        cloned.append(copy)
    return cloned


def format_deadline(program: Program) -> str:
    """The last moment ACCEPT is open, as partners read a deadline: a deadline stored as 1 April 00:00
    is "23:59:59 Moscow time on 31 March" (a partner reading "1 April 0:00" thinks 1 April counts)."""
    last_open = timezone.localtime(program.accept_deadline, brochure.MOSCOW) - timedelta(seconds=1)
    return _("%(time)s Moscow time on %(date)s") % {
        "time": last_open.strftime("%H:%M:%S"),
        "date": date_format(last_open, "DATE_FORMAT"),
    }


def refuse_if_frozen(program: Program) -> None:
    """Approved payouts were computed from the quarter's enrollments: they stay as they were."""
    if quarter_is_frozen(program.quarter_id):
        raise PortalError(
            _(
                "The payouts of %(quarter)s are approved: its enrollments and plans are frozen and can no "
                "longer change. Write to your account manager if something is wrong."
            )
            % {"quarter": program.quarter.code},
            code="quarter_frozen",
        )


def enrollment_accept(*, partner, program: Program, tier: Tier, actor, now: datetime | None = None) -> Enrollment:
    """ACCEPT a program with a plan, or change the plan, before the deadline (to the second).

    Safe under double clicks and concurrent requests: one enrollment per partner and program; the
    last request's plan wins. Raises PortalError after the deadline or for a foreign plan. For a
    program that requires confirmation, the enrollment is a request vendor staff confirm."""
    now = now or timezone.now()
    if tier.program_id != program.pk:
        raise PortalError(_("Choose one of this program's plans."), field="tier")
    if now >= program.accept_deadline:
        raise PortalError(DEADLINE_PASSED % {"deadline": format_deadline(program)}, code="deadline_passed")
    refuse_if_frozen(program)
    try:
        with transaction.atomic():
            enrollment, action = _accept_locked(partner, program, tier, actor, now)
    except IntegrityError:
        # Another request created the enrollment between our look-up and insert: now it exists.
        with transaction.atomic():
            enrollment, action = _accept_locked(partner, program, tier, actor, now)
    if action is not None:
        from rebates.tasks import send_enrollment_email

        enqueue(send_enrollment_email, enrollment.pk, action)
    return enrollment


def _accept_locked(partner, program, tier, actor, now):
    enrollment = Enrollment.objects.select_for_update().filter(partner=partner, program=program).first()
    if enrollment is None:
        status = EnrollmentStatus.REQUESTED if program.requires_confirmation else EnrollmentStatus.ACCEPTED
        enrollment = Enrollment.objects.create(
            partner=partner,
            program=program,
            tier=tier,
            status=status,
            accepted_by=actor,
            accepted_at=now,
            changed_at=now,
        )
        action = EnrollmentEvent.Action.REQUESTED if program.requires_confirmation else EnrollmentEvent.Action.ACCEPTED
    elif enrollment.tier_id == tier.pk:
        return enrollment, None  # a double click: nothing changes, nothing is sent again
    else:
        enrollment.tier = tier
        enrollment.changed_at = now
        enrollment.save(update_fields=["tier", "changed_at"])
        action = EnrollmentEvent.Action.PLAN_CHANGED
    EnrollmentEvent.objects.create(
        enrollment=enrollment, action=action, tier=tier, actor=actor, client_address=current_client_address()
    )
    return enrollment, action


@transaction.atomic
def enrollment_confirm(*, enrollment_id: int, actor) -> Enrollment:
    """Vendor staff confirm a requested enrollment of a gated program once its gates are met."""
    enrollment = Enrollment.objects.select_for_update().select_related("program", "partner").get(pk=enrollment_id)
    if enrollment.status == EnrollmentStatus.ACCEPTED:
        return enrollment
    refuse_if_frozen(enrollment.program)
    if not training_gates.program_gates_met(enrollment.partner, enrollment.program):
        raise PortalError(
            _("%(partner)s has not met the training requirements of %(program)s yet.")
            % {"partner": enrollment.partner.legal_name, "program": enrollment.program}
        )
    enrollment.status = EnrollmentStatus.ACCEPTED
    enrollment.confirmed_by = actor
    enrollment.confirmed_at = timezone.now()
    enrollment.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    EnrollmentEvent.objects.create(
        enrollment=enrollment,
        action=EnrollmentEvent.Action.CONFIRMED,
        tier=enrollment.tier,
        actor=actor,
        client_address=current_client_address(),
    )
    from rebates.tasks import send_enrollment_email

    enqueue(send_enrollment_email, enrollment.pk, EnrollmentEvent.Action.CONFIRMED)
    return enrollment


REMINDER_DAYS = (7, 1)


def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail active partners that have not accepted an open program, 7 days and 1 day before its
    deadline, once each (a unique row per partner, program and reminder). Returns how many."""
    from portal.models import Partner
    from rebates.models import DeadlineReminder
    from rebates.tasks import send_deadline_reminder_email

    now = now or timezone.now()
    sent = 0
    for days in REMINDER_DAYS:
        window_end = now + timedelta(days=days)
        programs = Program.objects.filter(accept_deadline__gt=now, accept_deadline__lte=window_end)
        for program in programs:
            if days == 7 and program.accept_deadline <= now + timedelta(days=1):
                continue  # inside the last day only the 1-day reminder goes out
            partners = Partner.objects.filter(is_active=True).exclude(enrollments__program=program)
            for partner in partners.exclude(pk__in=program.reminders.filter(days_before=days).values("partner_id")):
                try:
                    with transaction.atomic():
                        DeadlineReminder.objects.create(partner=partner, program=program, days_before=days)
                        enqueue(send_deadline_reminder_email, partner.pk, program.pk, days)
                except IntegrityError:
                    continue  # another run sent it
                sent += 1
    return sent
