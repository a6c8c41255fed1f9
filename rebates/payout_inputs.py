"""Fetching the inputs of a payout run: rate tables, net units by partner × distributor × program ×
group (one aggregate query over the quarter's sales lines), accepted plans, and met gates."""

from datetime import timedelta

from django.db import connection

from distributors.models import Authorization
from portal.bulk_copy import insert_rows
from rebates.calculation import ProgramTerms, UnitsRow
from rebates.classification import classify
from rebates.models import Enrollment, EnrollmentStatus, FiscalQuarter, Product, Program
from rebates.selectors import product_facts, program_rules, rate_table
from training.models import Completion, CompletionStatus, TrainingGate
from training.selectors import gate_is_met


def program_terms(quarter: FiscalQuarter) -> dict[int, ProgramTerms]:
    terms = {}
    for program in Program.objects.filter(quarter=quarter).prefetch_related(
        "tiers", "groups__rates__tier", "groups__gates", "gates"
    ):
        terms[program.pk] = ProgramTerms(
            program_id=program.pk,
            table=rate_table(program),
            gated_groups=frozenset(g.code for g in program.groups.all() if g.gates.all()),
            program_gated=bool(program.gates.all()),
        )
    return terms


def _temp_table(cursor, name: str, columns: str, rows: list[tuple]) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
    insert_rows(name, tuple(c.split()[0] for c in columns.split(", ")), rows)


def units_rows(quarter: FiscalQuarter, *, partner_id: int | None = None) -> list[UnitsRow]:
    """Net units of the quarter's sales lines by partner (or unmatched Dell ID), distributor,
    program, group and authorization. Products are put into groups by the catalog as it is now, so a
    catalog fix applies on the next run; a line's distributor must be authorized for the product's
    segment on the invoice date."""
    programs = list(Program.objects.filter(quarter=quarter))
    product_groups = []
    products = list(Product.objects.select_related("line"))
    for program in programs:
        rules = program_rules(program)
        for product in products:
            group = classify(product_facts(product), rules)
            if group:
                product_groups.append((product.pk, program.pk, group, product.line.segment))
    authorized = []
    days = [quarter.start_date + timedelta(days=n) for n in range((quarter.end_date - quarter.start_date).days + 1)]
    for auth in Authorization.objects.all():
        for day in days:
            if auth.valid_from <= day and (auth.valid_until is None or day <= auth.valid_until):
                authorized.append((auth.distributor_id, auth.segment, day))
    with connection.cursor() as cursor:
        _temp_table(
            cursor,
            "tmp_product_groups",
            "product_id bigint, program_id bigint, group_code varchar(40), segment varchar(20)",
            product_groups,
        )
        _temp_table(
            cursor, "tmp_authorized_days", "distributor_id bigint, segment varchar(20), day date", list(set(authorized))
        )
        cursor.execute(
            """
            SELECT l.partner_ref, l.partner_id, l.distributor_id, m.program_id, m.group_code,
                   (a.distributor_id IS NOT NULL) AS authorized, SUM(l.quantity)
            FROM distributors_salesline l
            JOIN tmp_product_groups m ON m.product_id = l.product_id
            LEFT JOIN tmp_authorized_days a
              ON a.distributor_id = l.distributor_id AND a.segment = m.segment AND a.day = l.invoice_date
            WHERE l.quarter_id = %s AND (%s IS NULL OR l.partner_id = %s)
            GROUP BY l.partner_ref, l.partner_id, l.distributor_id, m.program_id, m.group_code, (a.distributor_id IS NOT NULL)
            """,
            [quarter.pk, partner_id, partner_id],
        )
        rows = [
            UnitsRow(ref, pid, did, prog, group, int(units), bool(auth))
            for ref, pid, did, prog, group, auth, units in cursor.fetchall()
        ]
        cursor.execute("DROP TABLE IF EXISTS tmp_product_groups")
        cursor.execute("DROP TABLE IF EXISTS tmp_authorized_days")
    return rows


def accepted_plans(quarter: FiscalQuarter) -> dict[tuple[int, int], int]:
    return {
        (partner_id, program_id): units
        for partner_id, program_id, units in Enrollment.objects.filter(
            program__quarter=quarter, status=EnrollmentStatus.ACCEPTED
        ).values_list("partner_id", "program_id", "tier__units")
    }


def gates_met(quarter: FiscalQuarter, partner_ids) -> set[tuple]:
    """{(partner, program, group)} for met group gates and {(partner, program, None)} for programs
    all of whose gates are met, counting completions confirmed and dated by the quarter's last day."""
    done: dict[int, set[int]] = {}
    for partner_id, course_id in Completion.objects.filter(
        user__partner_id__in=partner_ids, status=CompletionStatus.CONFIRMED, completed_on__lte=quarter.end_date
    ).values_list("user__partner_id", "course_id"):
        done.setdefault(partner_id, set()).add(course_id)
    gates = list(
        TrainingGate.objects.filter(program__quarter=quarter).prefetch_related("courses")
        | TrainingGate.objects.filter(group__program__quarter=quarter)
        .select_related("group")
        .prefetch_related("courses")
    )
    met = set()
    for partner_id in partner_ids:
        courses = done.get(partner_id, set())
        program_ok: dict[int, bool] = {}
        group_ok: dict[tuple[int, str], bool] = {}
        for gate in gates:
            ok = gate_is_met(
                completed_course_ids=courses,
                gate_course_ids={c.pk for c in gate.courses.all()},
                min_courses=gate.min_courses,
            )
            if gate.program_id:
                program_ok[gate.program_id] = program_ok.get(gate.program_id, True) and ok
            else:
                key = (gate.group.program_id, gate.group.code)
                group_ok[key] = group_ok.get(key, True) and ok
        met |= {(partner_id, program_id, None) for program_id, ok in program_ok.items() if ok}
        met |= {(partner_id, program_id, code) for (program_id, code), ok in group_ok.items() if ok}
    return met
