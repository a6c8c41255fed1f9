"""Fetching the inputs of a payout run: rate tables, net units by partner × distributor × program ×
group (one aggregate query over the quarter's sales lines), accepted plans, and met gates."""

from contextlib import contextmanager
from datetime import timedelta

from django.db import connection
from django.db.models import Q, Sum

from catalog.models import FiscalQuarter, Product
from distributors.models import Authorization, SalesLine
from rebates.calculation import ProgramTerms, RateTable
from rebates.classification import ProductFacts, RuleFacts, classify, split_list
from rebates.models import ClassificationRule, Enrollment, EnrollmentStatus, Program, TrainingGate
from rebates.training_gates import gate_is_met
from toolkit.bulk_copy import insert_rows
from training.models import Completion, CompletionStatus


def rate_table(program: Program) -> RateTable:
    units = {t.pk: t.units for t in program.tiers.all()}
    tiers = tuple(units.values())
    rates = {(g.code, units[r.tier_id]): r.amount for g in program.groups.all() for r in g.rates.all()}
    return RateTable(tiers=tiers, rates=rates, policy=program.tier_policy)


def program_rules(program: Program) -> list[RuleFacts]:
    return quarter_rules(program.quarter_id, program_id=program.pk).get(program.pk, [])


def quarter_rules(quarter_id: int, *, program_id: int | None = None) -> dict[int, list[RuleFacts]]:
    """{program: its classification rules as plain data}, for a quarter's programs in two queries."""
    rules = ClassificationRule.objects.filter(group__program__quarter_id=quarter_id)
    if program_id is not None:
        rules = rules.filter(group__program_id=program_id)
    found: dict[int, list[RuleFacts]] = {}
    for r in rules.select_related("group").prefetch_related("lines").order_by("pk"):
        found.setdefault(r.group.program_id, []).append(
            RuleFacts(
                group=r.group.code,
                lines=frozenset(line.code for line in r.lines.all()),
                series=split_list(r.series),
                form_factors=split_list(r.form_factors),
                diagonal_min=r.diagonal_min,
                diagonal_below=r.diagonal_below,
                priority=r.priority,
                order=r.pk,
            )
        )
    return found


def product_facts(product: Product) -> ProductFacts:
    return ProductFacts(
        line=product.line.code, series=product.series, form_factor=product.form_factor, diagonal=product.diagonal
    )


def program_terms(quarter: FiscalQuarter, *, programs=None) -> dict[int, ProgramTerms]:
    """The quarter's programs as the calculation reads them. `programs`: the quarter's programs
    already loaded with their tiers, groups (rates, gates) and gates, as a page has them."""
    terms = {}
    if programs is None:
        programs = Program.objects.filter(quarter=quarter).prefetch_related(
            "tiers", "groups__rates", "groups__gates", "gates"
        )
    for program in programs:
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
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {name}")  # a temporary table has no statistics: the planner would guess


def authorized_periods(quarter: FiscalQuarter) -> list[tuple]:
    """(distributor, segment, from, until) inside the quarter, overlapping authorizations merged so
    that a sales line matches at most one period (a join on overlapping ones would count it twice)."""
    periods: list[list] = []
    for auth in Authorization.objects.order_by("distributor_id", "segment", "valid_from"):
        start = max(auth.valid_from, quarter.start_date)
        until = min(auth.valid_until or quarter.end_date, quarter.end_date)
        if start > until:
            continue
        last = periods[-1] if periods else None
        if last and last[:2] == [auth.distributor_id, auth.segment] and start <= last[3] + timedelta(days=1):
            last[3] = max(last[3], until)
        else:
            periods.append([auth.distributor_id, auth.segment, start, until])
    return [tuple(p) for p in periods]


UNITS_CHUNK_ROWS = 20_000  # rows per fetch of the units (and per COPY of a run's lines)


@contextmanager
def units_chunks(quarter: FiscalQuarter, *, chunk_rows: int = UNITS_CHUNK_ROWS):
    """Net units of the quarter's sales lines by partner (or unmatched Dell ID), distributor,
    program, group and authorization, as UnitsRow-shaped tuples in lists of at most `chunk_rows`,
    sorted by program, Dell ID, distributor, group (Python's order of str), authorized first, then
    partner: the order PayoutStream needs, and a canonical form of the inputs. On PostgreSQL the rows
    come from a server-side cursor (Django's chunked cursor: DECLARE … CURSOR with
    psycopg 3), so the process holds one chunk, not the quarter; on SQLite, fetchmany.

    Products are put into groups by the catalog as it is now, so a catalog fix applies on the next
    run; a line's distributor must be authorized for the product's segment on the invoice date.
    Use inside a transaction (a server-side cursor lives in one)."""
    product_groups = []
    products = list(Product.objects.select_related("line"))
    for program_id, rules in quarter_rules(quarter.pk).items():
        for product in products:
            group = classify(product_facts(product), rules)
            if group:
                product_groups.append((product.pk, program_id, group, product.line.segment))
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        _temp_table(
            cursor,
            "tmp_product_groups",
            "product_id bigint, program_id bigint, group_code varchar(40), segment varchar(20)",
            product_groups,
        )
        _temp_table(
            cursor,
            "tmp_authorized_periods",
            "distributor_id bigint, segment varchar(20), valid_from date, valid_until date",
            authorized_periods(quarter),
        )
        if postgresql and not connection.get_autocommit():  # SET LOCAL outside a transaction only warns
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")  # every row is fetched: plan for all, not the first
    # COLLATE "C" (Python's order of str) in the grouping too, so that one sort serves both.
    collate = ' COLLATE "C"' if postgresql else ""
    rows = connection.chunked_cursor()
    try:
        rows.execute(
            f"""
            SELECT l.partner_ref{collate}, l.partner_id, l.distributor_id, m.program_id, m.group_code{collate},
                   SUM(l.quantity), (a.distributor_id IS NOT NULL) AS authorized
            FROM distributors_salesline l
            JOIN tmp_product_groups m ON m.product_id = l.product_id
            LEFT JOIN tmp_authorized_periods a
              ON a.distributor_id = l.distributor_id AND a.segment = m.segment
             AND l.invoice_date BETWEEN a.valid_from AND a.valid_until
            WHERE l.quarter_id = %s
            GROUP BY m.program_id, l.partner_ref{collate}, l.distributor_id, m.group_code{collate}, authorized,
                     l.partner_id
            ORDER BY m.program_id, l.partner_ref{collate}, l.distributor_id, m.group_code{collate}, authorized DESC,
                     l.partner_id
            """,
            [quarter.pk],
        )
        yield iter(lambda: rows.fetchmany(chunk_rows), [])
    except BaseException:
        # Leave the database alone: a failed statement (a COPY whose rows raised) aborts PostgreSQL's
        # transaction, and rolling it back (or back to the caller's savepoint) drops the tables and
        # closes the cursor; a statement sent now would fail and hide the error.
        raise
    else:
        rows.close()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS tmp_product_groups")
            cursor.execute("DROP TABLE IF EXISTS tmp_authorized_periods")


def units_rows(quarter: FiscalQuarter) -> list[tuple]:
    """units_chunks as one list (tests compare the one-partner path below with it)."""
    with units_chunks(quarter) as chunks:
        return [row for chunk in chunks for row in chunk]


def partner_units_rows(quarter: FiscalQuarter, partner_id: int, *, rules=None, periods=None) -> list[tuple]:
    """units_chunks' rows of one partner, in the same order, without its temporary tables (a page
    asks for one partner: creating, filling and analysing two tables would cost more than its
    lines). The partner's lines summed by distributor, product and invoice date, with the product's
    facts — one query, a few rows even for a busy quarter — then classified and matched to the authorizations here, by the
    same rules as the SQL. `rules` (quarter_rules) and `periods` (authorized_periods) may come from
    a cache."""
    product = ("product__line__code", "product__series", "product__form_factor", "product__diagonal")
    sums = list(
        SalesLine.objects.filter(quarter=quarter, partner_id=partner_id, product__isnull=False)
        .values_list("partner_ref", "distributor_id", "product_id", "invoice_date", "product__line__segment", *product)
        .annotate(units=Sum("quantity"))
        .order_by()
    )
    if not sums:
        return []
    rules = quarter_rules(quarter.pk) if rules is None else rules
    periods = authorized_periods(quarter) if periods is None else periods
    groups = {}  # product → [(program, group)]
    segments = {}
    for _ref, _distributor, product_id, _day, segment, *facts, _units in sums:
        if product_id not in groups:
            segments[product_id] = segment
            groups[product_id] = [
                (program_id, group)
                for program_id, found in rules.items()
                if (group := classify(ProductFacts(*facts), found))
            ]
    totals: dict[tuple, int] = {}
    for partner_ref, distributor_id, product_id, day, _segment, *_facts, units in sums:
        authorized = any(
            d == distributor_id and s == segments[product_id] and start <= day <= until
            for d, s, start, until in periods
        )
        for program_id, group in groups[product_id]:
            key = (program_id, partner_ref, distributor_id, group, authorized)
            totals[key] = totals.get(key, 0) + units
    rows = [
        (ref, partner_id, dist, program, group, units, auth)
        for (program, ref, dist, group, auth), units in totals.items()
    ]
    return sorted(rows, key=lambda r: (r[3], r[0], r[2], r[4], not r[6]))


def accepted_plans(quarter: FiscalQuarter) -> dict[tuple[int, int], int]:
    return {
        (partner_id, program_id): units
        for partner_id, program_id, units in Enrollment.objects.filter(
            program__quarter=quarter, status=EnrollmentStatus.ACCEPTED
        ).values_list("partner_id", "program_id", "tier__units")
    }


def unfinished_report_ids() -> list[int]:
    """Reports still waiting or being imported: a run computed now does not include their lines."""
    from distributors.models import ReportStatus, SalesReport

    return list(
        SalesReport.objects.filter(status__in=[ReportStatus.RECEIVED, ReportStatus.PROCESSING])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def unconfirmed_requests(quarter: FiscalQuarter) -> frozenset[tuple[int, int]]:
    """(partner, program) pairs whose ACCEPT is a request vendor staff have not confirmed."""
    return frozenset(
        Enrollment.objects.filter(program__quarter=quarter, status=EnrollmentStatus.REQUESTED).values_list(
            "partner_id", "program_id"
        )
    )


class GatesMet:
    """Which gates each partner has met, for any partner: `(partner, program, group) in gates` for a
    met group gate, `(partner, program, None) in gates` for a program all of whose gates are met,
    counting completions confirmed and dated by the quarter's last day. Loaded without knowing the
    partners of a run (a streaming run meets them as it goes): the completions of every partner
    (as many as the training records, not the sales lines), worked out once per set of courses."""

    def __init__(self, quarter: FiscalQuarter, partner_ids=None):
        completions = Completion.objects.filter(
            user__partner_id__isnull=False, status=CompletionStatus.CONFIRMED, completed_on__lte=quarter.end_date
        )
        if partner_ids is not None:
            completions = completions.filter(user__partner_id__in=partner_ids)
        done: dict[int, set[int]] = {}
        for partner_id, course_id in completions.values_list("user__partner_id", "course_id"):
            done.setdefault(partner_id, set()).add(course_id)
        self.done = {partner_id: frozenset(courses) for partner_id, courses in done.items()}
        gates = list(
            TrainingGate.objects.filter(Q(program__quarter=quarter) | Q(group__program__quarter=quarter))
            .select_related("group")
            .prefetch_related("courses")
        )
        # plain data, so that met() never queries (it runs while a run's COPY holds the connection)
        self.gate_courses = [
            (
                gate.program_id,
                None if gate.program_id else (gate.group.program_id, gate.group.code),
                frozenset(c.pk for c in gate.courses.all()),
                gate.min_courses,
            )
            for gate in gates
        ]
        self.met_by_courses: dict[frozenset, frozenset] = {}

    def met(self, partner_id) -> frozenset[tuple]:
        """(program, None) and (program, group) whose gates the partner's completed courses meet."""
        courses = self.done.get(partner_id, frozenset())  # most partners: none, worked out once
        met = self.met_by_courses.get(courses)
        if met is None:
            program_ok: dict[int, bool] = {}
            group_ok: dict[tuple[int, str], bool] = {}
            for program_id, group_key, course_ids, min_courses in self.gate_courses:
                ok = gate_is_met(completed_course_ids=courses, gate_course_ids=course_ids, min_courses=min_courses)
                if program_id:
                    program_ok[program_id] = program_ok.get(program_id, True) and ok
                else:
                    group_ok[group_key] = group_ok.get(group_key, True) and ok
            met = self.met_by_courses[courses] = frozenset(
                [(program_id, None) for program_id, ok in program_ok.items() if ok]
                + [key for key, ok in group_ok.items() if ok]
            )
        return met

    def __contains__(self, key) -> bool:
        partner_id, program_id, group = key
        return (program_id, group) in self.met(partner_id)

    def of(self, partner_ids) -> set[tuple]:
        """{(partner, program, group or None)} met by these partners (the set form)."""
        return {(partner_id, *gate) for partner_id in partner_ids for gate in self.met(partner_id)}


def gates_met(quarter: FiscalQuarter, partner_ids) -> set[tuple]:
    """{(partner, program, group)} for met group gates and {(partner, program, None)} for programs
    all of whose gates are met, counting completions confirmed and dated by the quarter's last day."""
    partner_ids = list(partner_ids)
    return GatesMet(quarter, partner_ids).of(partner_ids)
