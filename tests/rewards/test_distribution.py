"""The epoch distribution rules of api/rewards (shares of GIVE, cap with redistribution,
rounding down, leaf order) and the refusals of bad allocations."""

from __future__ import annotations

import random

import pytest
from eth_utils import to_checksum_address

from api.rewards import MAX_POT, Allocation, DistributionError, compute_distribution

A, B, C, D = (to_checksum_address(f"0x{n:040x}") for n in (0xA1, 0xB2, 0xC3, 0xD4))


def give(giver, receiver, amount):
    return Allocation(giver=giver, receiver=receiver, give=amount)


def test_each_receiver_gets_its_share_of_all_give():
    allocations = [give(A, B, 60), give(A, C, 40), give(B, C, 100)]

    result = compute_distribution(allocations, pot=1_000)

    assert {p.account: p.amount for p in result.payouts} == {B: 300, C: 700}
    assert result.total == 1_000 and result.returned == 0 and result.total_give == 200


def test_rounding_is_down_and_the_dust_is_returned():
    allocations = [give(A, B, 1), give(A, C, 1), give(A, D, 1)]

    result = compute_distribution(allocations, pot=100)

    assert [p.amount for p in result.payouts] == [33, 33, 33]
    assert result.total == 99 and result.returned == 1


def test_cap_redistributes_the_excess_to_the_others():
    allocations = [give(A, B, 80), give(B, C, 10), give(C, D, 10)]

    result = compute_distribution(allocations, pot=1_000, cap=500)

    amounts = {p.account: p.amount for p in result.payouts}
    assert amounts == {B: 500, C: 250, D: 250}
    assert [p.capped for p in result.payouts] == [True, False, False]


def test_cap_that_binds_everybody_leaves_the_rest_in_the_pot():
    result = compute_distribution([give(A, B, 1), give(B, C, 1)], pot=1_000, cap=100)

    assert result.total == 200 and result.returned == 800


def test_leaves_are_ordered_by_address_and_zero_amounts_get_none():
    allocations = [give(A, D, 1), give(A, B, 10**9), give(B, C, 10**9)]

    result = compute_distribution(allocations, pot=10)

    assert [(p.index, p.account) for p in result.payouts] == [(0, B), (1, C)]
    assert [p.amount for p in result.payouts] == [4, 4] and result.returned == 2


def test_no_give_pays_nobody():
    result = compute_distribution([give(A, B, 0)], pot=10)

    assert result.payouts == () and result.returned == 10


def test_the_result_does_not_depend_on_the_order_of_allocations():
    rng = random.Random(7)
    people = [to_checksum_address(rng.randbytes(20)) for _ in range(30)]
    allocations = [give(g, r, rng.randrange(0, 20)) for g in people for r in rng.sample(people, 5) if g != r]
    shuffled = allocations[:]
    rng.shuffle(shuffled)

    first = compute_distribution(allocations, pot=10**21, cap=10**20)
    second = compute_distribution(shuffled, pot=10**21, cap=10**20)

    assert first == second
    assert first.total <= first.pot and all(p.amount <= 10**20 for p in first.payouts)
    assert first.tree().root == second.tree().root


@pytest.mark.parametrize(
    ("allocations", "kwargs", "message"),
    [
        ([give(A, A, 1)], {}, "gives to itself"),
        ([give(A, B, -1)], {}, "non-negative"),
        ([give(A, B, 60), give(A, C, 41)], {"allowance": 100}, "over the allowance of 100"),
        ([give(A, B, 1), give(A, B, 2)], {}, "twice"),
        ([give(A, B, 1)], {"givers": [C]}, "may not give"),
        ([give(A, B, 1)], {"receivers": [C]}, "may not receive"),
        ([give("0x12", B, 1)], {}, "not an address"),
        ([give(A, B, 1)], {"cap": 0}, "cap 0"),
    ],
)
def test_bad_allocations_are_refused(allocations, kwargs, message):
    with pytest.raises(DistributionError, match=message):
        compute_distribution(allocations, pot=100, **kwargs)


@pytest.mark.parametrize("pot", [0, MAX_POT + 1, -5])
def test_a_pot_outside_what_the_distributor_holds_is_refused(pot):
    with pytest.raises(DistributionError, match="pot"):
        compute_distribution([give(A, B, 1)], pot=pot)
