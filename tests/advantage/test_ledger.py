"""The ledger's invariants (docs/advantage.md, "Points"): under any sequence of earns, orders,
cancellations, expiries, reversals and adjustments the balance is the sum of the rows and never
negative; expiry is first in, first out."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advantage import ledger, rewards, selectors
from advantage.models import Entry, Order, OrderStatus, Reward
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db

operations = st.lists(
    st.one_of(
        st.tuples(st.just("earn"), st.integers(1, 500), st.integers(0, 40)),  # points, months ago
        st.tuples(st.just("order"), st.integers(1, 700), st.just(0)),
        st.tuples(st.just("cancel"), st.just(0), st.just(0)),
        st.tuples(st.just("expire"), st.just(0), st.integers(0, 60)),  # months from the start
        st.tuples(st.just("reverse"), st.integers(1, 600), st.just(0)),
        st.tuples(st.just("adjust"), st.integers(-400, 400), st.just(0)),
    ),
    max_size=25,
)


def _months_after(day: date, months: int) -> date:
    months += day.month - 1
    return date(day.year + months // 12, months % 12 + 1, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_balance_is_the_sum_of_the_rows_and_never_negative(member, program_admin, partner_user, steps):
    start = date(2016, 1, 1)
    try:
        with transaction.atomic():
            for kind, amount, months in steps:
                try:
                    with transaction.atomic():
                        _apply(kind, amount, months, member, program_admin, partner_user, start)
                except PortalError:
                    pass  # refused: not enough points, or nothing to cancel
                total = sum(Entry.objects.filter(member=member).values_list("points", flat=True))
                assert selectors.balance(member) == total >= 0
            raise _Rollback
    except _Rollback:
        pass


class _Rollback(Exception):
    pass


def _apply(kind, amount, months, member, staff, user, start):
    if kind == "earn":
        with transaction.atomic():
            ledger.earn(ledger.lock_member(member.pk), amount, reason="test", today=_months_after(start, -months + 40))
    elif kind == "order":
        reward = Reward.objects.create(name_ru="x", name_en="x", points_cost=amount)
        rewards.order_place(actor=user, reward_id=reward.pk, note="Москва, ул. Тверская, 1")
    elif kind == "cancel":
        order = Order.objects.filter(member=member, status=OrderStatus.RESERVED).first()
        if order:
            rewards.order_cancel(actor=staff, order_id=order.pk, reason="test")
    elif kind == "expire":
        ledger.expire(member.pk, today=_months_after(start, months + 40))
    elif kind == "reverse":
        with transaction.atomic():
            ledger.reverse(ledger.lock_member(member.pk), amount, reason="return")
    elif kind == "adjust" and amount:
        ledger.adjust(actor=staff, member_id=member.pk, points=amount, reason="correction")


def test_expiry_takes_the_oldest_points_first(member, settings):
    settings.ADVANTAGE_POINTS_EXPIRE_MONTHS = 24
    locked = ledger.lock_member(member.pk)
    ledger.earn(locked, 100, reason="old", today=date(2016, 1, 10))
    ledger.earn(locked, 50, reason="new", today=date(2017, 1, 10))
    ledger._add(locked, "adjust", -30, reason="spent")  # spending takes the old points first
    assert ledger.expire(member.pk, today=date(2018, 1, 10)).points == -70
    assert ledger.expire(member.pk, today=date(2018, 1, 10)) is None  # nothing more on a second run
    assert selectors.balance(member) == 50
    assert ledger.expire(member.pk, today=date(2019, 1, 10)).points == -50
    assert selectors.balance(member) == 0


def test_a_manual_adjustment_needs_a_reason_and_records_who(member, program_admin):
    with pytest.raises(PortalError):
        ledger.adjust(actor=program_admin, member_id=member.pk, points=10, reason=" ")
    entry = ledger.adjust(actor=program_admin, member_id=member.pk, points=10, reason="Бонус за выставку")
    assert entry.actor == program_admin and entry.kind == "adjust"
    with pytest.raises(PortalError):
        ledger.adjust(actor=program_admin, member_id=member.pk, points=-11, reason="too much")
