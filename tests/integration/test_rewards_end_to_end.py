"""A peer-allocation epoch end to end: five members give GIVE (signed off chain; here the
allocations as the documents carry them), the epoch closes, the distribution is computed
with api/rewards and its root posted by the team's threshold, everyone claims (some through
a third party submitting for them), and the leftovers return to the budget after the deadline.
Then a stipend stream runs beside it from the same budget."""

from brownie import chain
from rewards_fixtures import DAY, EPOCH_CID, RESULT_CID, STREAM_CID, UNIT, identity_holds
from work_fixtures import advance_past, budget_of, guardrails

from api.rewards import Allocation, compute_distribution

POT = 5_000 * UNIT
CAP = 1_500 * UNIT
ALLOWANCE = 100


def test_five_members_give_claim_and_the_rest_returns(
    distributor, stipends, workstreams, budget_token, make_workstream, alice, bob, carol, dave, worker, relayer
):
    members = [alice, bob, carol, dave, worker]
    ws = make_workstream(members=members, rails=guardrails(approvals=3), funding=20_000 * UNIT)
    approvers = [alice, bob, carol]
    start = chain.time()
    end, deadline = start + 14 * DAY, start + 44 * DAY
    for member in approvers:
        tx = distributor.openEpoch(ws, POT, start, end, deadline, EPOCH_CID, {"from": member})
    epoch_id = tx.events["EpochOpened"]["epochId"]
    assert budget_token.balanceOf(distributor) == POT

    # Each member splits its 100 GIVE among the others (never itself).
    gives = {
        alice: {bob: 40, carol: 30, dave: 30},
        bob: {alice: 50, carol: 25, worker: 25},
        carol: {alice: 60, bob: 20, worker: 20},
        dave: {alice: 70, carol: 30},
        worker: {bob: 33, carol: 33, dave: 33},
    }
    allocations = [
        Allocation(giver=str(g), receiver=str(r), give=n) for g, row in gives.items() for r, n in row.items()
    ]
    result = compute_distribution(
        allocations,
        pot=POT,
        cap=CAP,
        allowance=ALLOWANCE,
        givers=[str(m) for m in members],
        receivers=[str(m) for m in members],
    )
    tree = result.tree()
    assert {p.account for p in result.payouts} == {str(m) for m in members}
    assert result.total <= POT

    advance_past(end)
    for member in approvers:
        tx = distributor.postRoot(epoch_id, tree.root, result.total, RESULT_CID, {"from": member})
    assert tx.events["RootPosted"]["returned"] == POT - result.total
    assert budget_token.balanceOf(distributor) == result.total

    # Four claim: two themselves, two through a relayer submitting for them; dave never claims.
    before = {p.account: budget_token.balanceOf(p.account) for p in result.payouts}
    unclaimed = 0
    for position, payout in enumerate(result.payouts):
        if payout.account == dave:
            unclaimed = payout.amount
            continue
        sender = relayer if payout.account in (str(bob), str(worker)) else payout.account
        distributor.claim(epoch_id, payout.index, payout.account, payout.amount, tree.proof(position), {"from": sender})
        assert budget_token.balanceOf(payout.account) == before[payout.account] + payout.amount
    assert budget_token.balanceOf(distributor) == unclaimed
    assert identity_holds(workstreams, ws)

    # A stipend from the same budget runs meanwhile.
    now = chain.time()
    for member in approvers:
        tx = stipends.startStream(ws, carol, 900 * UNIT, now, now + 10 * DAY, STREAM_CID, {"from": member})
    stream_id = tx.events["StreamStarted"]["streamId"]

    advance_past(deadline)
    reclaimed = distributor.reclaim(epoch_id, {"from": relayer})

    assert reclaimed.events["Reclaimed"]["returned"] == unclaimed
    assert reclaimed.events["Reclaimed"]["paid"] == result.total - unclaimed
    assert budget_token.balanceOf(distributor) == 0
    carol_before = budget_token.balanceOf(carol)
    stipends.withdraw(stream_id, {"from": relayer})
    assert budget_token.balanceOf(carol) == carol_before + 900 * UNIT
    budget = budget_of(workstreams, ws)
    assert budget["paid"] == result.total - unclaimed + 900 * UNIT
    assert budget["reserved"] == 0 and budget["available"] == 20_000 * UNIT - budget["paid"]
    assert identity_holds(workstreams, ws)
