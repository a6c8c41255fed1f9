"""The streaming form of the calculation (docs/architecture.md, "Payout runs"): the same lines as the
list form, fed in batches cut at a program × Dell ID; a partner's units under two Dell IDs are
caught before a wrong line is yielded; the fingerprint does not depend on where chunks are cut."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rebates.calculation import PayoutStream, SplitPartnerUnits, compute_payouts
from rebates.payouts import _batches_by_dell_id, _Fingerprint
from tests.rebates.test_payout_calculation import ALPHA, BETA, CLIENT, programs, row
from tests.rebates.test_payout_properties import quarters


def sort_key(unit):
    return (unit[3], unit[0], unit[2], unit[4], not unit[6], unit[1] is None, unit[1] or 0)


@settings(deadline=None)
@given(quarter=quarters(), data=st.data())
def test_streamed_in_batches_equals_the_list_form(quarter, data):
    units = sorted(quarter["units"], key=sort_key)  # the database's order
    size = data.draw(st.integers(1, 7))
    chunks = [units[i : i + size] for i in range(0, len(units), size)]
    stream = PayoutStream(
        programs=quarter["programs"], enrollments=quarter["enrollments"], gates_met=quarter["gates_met"]
    )
    streamed = [line for batch in _batches_by_dell_id(chunks) for line in stream.lines(batch)]
    assert streamed == compute_payouts(
        programs=quarter["programs"],
        units=quarter["units"],
        enrollments=quarter["enrollments"],
        gates_met=quarter["gates_met"],
    )


def test_a_partner_under_two_dell_ids_is_caught_and_the_list_form_counts_both():
    units = [row(1, ALPHA, CLIENT, "vostro-3xxx", 100, ref="111"), row(1, BETA, CLIENT, "vostro-3xxx", 60, ref="222")]
    stream = PayoutStream(programs=programs(), enrollments={(1, CLIENT): 150}, gates_met=set())
    with pytest.raises(SplitPartnerUnits):
        list(stream.lines(units))
    lines = compute_payouts(programs=programs(), units=units, enrollments={(1, CLIENT): 150}, gates_met=set())
    assert [(x.partner_ref, x.tier_units, x.reason) for x in lines] == [("111", 150, "paid"), ("222", 150, "paid")]


def test_unsorted_units_are_refused():
    units = [row(2, ALPHA, CLIENT, "vostro-3xxx", 5), row(1, ALPHA, CLIENT, "vostro-3xxx", 5)]
    with pytest.raises(ValueError, match="not sorted"):
        list(PayoutStream(programs=programs(), enrollments={}, gates_met=set()).lines(units))


def test_the_fingerprint_does_not_depend_on_the_chunks():
    units = [tuple(row(n, ALPHA, CLIENT, "vostro-3xxx", n)) for n in range(1, 30)]  # as the database gives them

    def fingerprint(size):
        digest = _Fingerprint(terms=programs(), plans={(1, CLIENT): 50}, requested=frozenset())
        for i in range(0, len(units), size):
            digest.add(units[i : i + size])
        return digest.finish({(1, CLIENT, None)})

    assert fingerprint(1) == fingerprint(7) == fingerprint(100)
    assert fingerprint(7) != _Fingerprint(terms=programs(), plans={}, requested=frozenset()).finish(set())
