"""Rewards end to end: an epoch (opened, root posted, two claims, reclaimed) and stipend streams
(one started, withdrawn and stopped; one running; one whose recipient governance removed, which
stopped accruing by itself) on a real chain, indexed into SQLite, served by uvicorn; every row
and answer equals the contracts' views."""

from __future__ import annotations

import pytest
from brownie import chain
from http_errors import assert_error
from rewards_fixtures import DAY, EPOCH_CID, RESULT_CID, STREAM_CID
from sqlalchemy import select
from work_fixtures import advance_past, budget_of

from api.db import models
from api.db.session import make_engine, make_sessionmaker


@pytest.fixture(scope="module")
def scenario(work, gov, dao, relayer_address, make_workstream, posted_epoch, start_stream, team_act, stipends,
             distributor, workstreams, alice, bob, carol, relayer):  # fmt: skip
    """A stopped stream (carol: withdrawn once, then stopped), an epoch through its whole life
    (two claims, one by a relayer, then reclaimed), a stream to bob still running, and one to
    carol whose membership governance ended (nobody halts it)."""
    gov.transfer(relayer_address, "10 ether")
    ws = make_workstream(name="Rewards")
    stopped = start_stream(ws, length=30 * DAY)
    chain.sleep(5 * DAY)
    chain.mine()
    stipends.withdraw(stopped, {"from": relayer})
    chain.sleep(DAY)
    chain.mine()
    team_act(stipends.stopStream, stopped)

    epoch = posted_epoch(ws)
    claims = []
    for position, sender in ((0, None), (1, relayer)):
        args = epoch.claim_args(position)
        distributor.claim(*args, {"from": sender or args[2]})
        claims.append(args)
    advance_past(epoch.deadline)
    distributor.reclaim(epoch.epoch_id, {"from": relayer})

    running = start_stream(ws, recipient=bob, length=20 * DAY)
    left = start_stream(ws, recipient=carol, length=20 * DAY)
    chain.sleep(3 * DAY)
    chain.mine()
    stipends.withdraw(running, {"from": bob})
    removal = workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    chain.sleep(DAY)
    chain.mine()
    return {"ws": ws, "epoch": epoch, "claims": claims, "stopped": stopped, "running": running, "left": left,
            "removed_at": removal.timestamp}  # fmt: skip


@pytest.fixture(scope="module")
def sessions(server_env, database_url):
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _epoch_view(distributor, epoch_id):
    ws, token, pot, held, total, root, start, end, deadline, reclaimed = distributor.epoch(epoch_id)
    return {
        "workstream_id": int(ws),
        "token": str(token),
        "pot": int(pot),
        "held": int(held),
        "total": int(total),
        "root": "0x" + bytes(root).hex(),
        "start": int(start),
        "end": int(end),
        "claim_deadline": int(deadline),
        "reclaimed": bool(reclaimed),
    }


def _stream_view(stipends, stream_id):
    ws, recipient, start, end, base, amount, withdrawn, _accrued, _withdrawable, version, stopped, _until = (
        stipends.stream(stream_id)
    )
    return {
        "workstream_id": int(ws),
        "recipient": str(recipient),
        "start": int(start),
        "end": int(end),
        "base": int(base),
        "amount": int(amount),
        "withdrawn": int(withdrawn),
        "version": int(version),
        "stopped": bool(stopped),
    }


def test_indexed_epoch_and_claims_equal_the_distributor(scenario, sessions, distributor):
    epoch = scenario["epoch"]
    view = _epoch_view(distributor, epoch.epoch_id)
    assert view["reclaimed"] and view["held"] == 0
    with sessions() as session:
        row = session.get(models.RewardEpoch, epoch.epoch_id)
        assert {k: getattr(row, k) for k in view} == view
        assert row.epoch_cid == EPOCH_CID and row.distribution_cid == RESULT_CID
        claims = session.scalars(select(models.RewardClaim).where(models.RewardClaim.epoch_id == row.id)).all()
    paid = [(c.leaf_index, c.account, c.amount) for c in claims]
    assert paid == [(index, str(account), amount) for _, index, account, amount, _ in scenario["claims"]]
    assert row.claimed_count == 2 and row.claimed_amount == sum(c.amount for c in claims)
    assert row.returned == view["pot"] - row.claimed_amount  # dust at the root, the rest at the reclaim
    for _, index, *_ in scenario["claims"]:
        assert distributor.isClaimed(epoch.epoch_id, index)


def test_indexed_streams_and_budget_equal_the_contracts(scenario, sessions, stipends, workstreams):
    with sessions() as session:
        for stream_id in (scenario["stopped"], scenario["running"], scenario["left"]):
            view = _stream_view(stipends, stream_id)
            row = session.get(models.StipendStream, stream_id)
            assert {k: getattr(row, k) for k in view} == view
            assert row.cid == STREAM_CID
        assert session.get(models.StipendStream, scenario["stopped"]).stopped
        ws = session.get(models.Workstream, scenario["ws"])
        budget = (ws.funded, ws.reserved, ws.paid, ws.available, ws.clawed_back)
    view = budget_of(workstreams, scenario["ws"])
    assert budget == (view["funded"], view["reserved"], view["paid"], view["available"], view["clawedBack"])


def test_epochs_are_served_as_indexed(scenario, http, distributor):
    epoch = scenario["epoch"]
    listed = http.get("/rewards/epochs", params={"workstream": scenario["ws"]}).json()["items"]
    assert [e["id"] for e in listed] == [epoch.epoch_id]
    assert http.get("/rewards/epochs", params={"workstream": 999_999}).json()["items"] == []
    body = http.get(f"/rewards/epochs/{epoch.epoch_id}").json()
    view = _epoch_view(distributor, epoch.epoch_id)
    assert body["pot"] == str(view["pot"]) and body["total"] == str(view["total"]) and body["root"] == view["root"]
    assert body["claim_deadline"] == view["claim_deadline"] and body["reclaimed"] is True
    assert body["claimed_count"] == 2 and body["distribution_cid"] == RESULT_CID
    assert [c["account"] for c in body["claims"]] == [str(a[2]) for a in scenario["claims"]]
    assert int(body["claimed_amount"]) == sum(a[3] for a in scenario["claims"])


def test_streams_accrue_by_the_contracts_formula(scenario, http, stipends):
    stopped = http.get(f"/rewards/streams/{scenario['stopped']}").json()
    view = stipends.stream(scenario["stopped"])
    assert stopped["stopped"] is True
    assert stopped["accrued"] == str(view[7]) and stopped["withdrawable"] == str(view[8])
    running = http.get(f"/rewards/streams/{scenario['running']}").json()
    v = _stream_view(stipends, scenario["running"])
    at = running["as_of"]
    assert v["start"] < at < v["end"]
    expected = v["base"] + v["amount"] * (at - v["start"]) // (v["end"] - v["start"])
    assert running["accrued"] == str(expected)
    assert running["withdrawable"] == str(expected - v["withdrawn"]) and v["withdrawn"] > 0
    assert running["accrues_until"] == v["end"] == stipends.stream(scenario["running"])["accruesUntil"]
    ids = [s["id"] for s in http.get("/rewards/streams", params={"workstream": scenario["ws"]}).json()["items"]]
    assert ids == [scenario["stopped"], scenario["running"], scenario["left"]]


def test_a_removed_members_stream_is_served_as_stopped_accruing_at_the_removal(scenario, http, stipends):
    body = http.get(f"/rewards/streams/{scenario['left']}").json()
    view = stipends.stream(scenario["left"])
    assert body["stopped"] is False and body["as_of"] > scenario["removed_at"]
    assert body["accrues_until"] == view["accruesUntil"] == scenario["removed_at"]
    assert body["accrued"] == str(view["accrued"]) and body["withdrawable"] == str(view["withdrawable"])
    assert 0 < view["accrued"] < view["amount"]


def test_earnings_add_up_epochs_and_stipends(scenario, http, stipends, budget_token):
    bob = _stream_view(stipends, scenario["running"])["recipient"]
    body = http.get(f"/contributors/{bob}/earnings").json()
    (row,) = [e for e in body["earnings"] if e["token"] == str(budget_token)]
    claimed = sum(a[3] for a in scenario["claims"] if str(a[2]) == bob)
    assert row["epochs"] == str(claimed)
    assert row["stipends"] == str(_stream_view(stipends, scenario["running"])["withdrawn"])
    assert int(row["total"]) == int(row["bounties"]) + int(row["epochs"]) + int(row["stipends"])


@pytest.mark.parametrize(
    ("path", "status", "code", "field"),
    [
        ("/rewards/epochs/999999", 404, "epoch_not_found", None),
        ("/rewards/streams/999999", 404, "stream_not_found", None),
        ("/rewards/epochs/+1", 422, None, "path.epoch_id"),
        ("/rewards/epochs/9223372036854775808", 422, None, "path.epoch_id"),
        ("/rewards/streams/%D9%A3", 422, None, "path.stream_id"),
        ("/rewards/epochs?workstream=1.0", 422, None, "query.workstream"),
        ("/rewards/streams?recipient=0xnothing", 422, "invalid_address", "query.recipient"),
        ("/contributors/0x12/earnings", 422, "invalid_address", "path.address"),
    ],
)
def test_bad_input_gets_the_typed_error(scenario, http, path, status, code, field):
    assert_error(http.get(path), status, code, field)
