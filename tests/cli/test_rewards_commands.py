"""`teal rewards`: a member lists the team's epochs, claims its leaf with the proof built from
the distribution document in the store, submits a teammate's leaf with --for, is refused a
second claim in one line; anyone triggers a stipend withdrawal to its recipient, and settles
a stream that stopped by itself when its recipient left."""

from __future__ import annotations

import json

import pytest
from brownie import MerkleDistributor, StipendStreams, chain
from rewards_fixtures import DAY, STIPEND, distribution_of
from work_fixtures import advance_past

from api.content import LocalStore


@pytest.fixture(scope="module")
def posted(cli_team, cli_people, alice, open_epoch, distributor, team_act, data_dir, cli_keystore):
    """An ended epoch of the CLI team whose distribution document is in the store."""
    m1, m2 = cli_people["member1"], cli_people["member2"]
    approvers = [m1, alice]
    epoch = open_epoch(cli_team, approvers=approvers)
    advance_past(epoch.end)
    result = distribution_of([(m1, m2, 60), (m1, alice, 40), (m2, m1, 100), (alice, m1, 50), (alice, m2, 50)], 10**21)
    tree = result.tree()
    cid = LocalStore(root=data_dir / "documents").put(json.dumps(tree.dump()).encode())
    team_act(distributor.postRoot, epoch.epoch_id, tree.root, result.total, cid, approvers=approvers)
    return epoch.epoch_id, {p.account: p for p in result.payouts}


def test_members_claim_their_leaves_once(cli_teal, posted, cli_people, alice, budget_token, distributor, cli_team):
    epoch_id, payouts = posted
    m1 = cli_people["member1"]
    listed = cli_teal.json("rewards", "epochs", "--workstream", str(cli_team))
    assert [e["id"] for e in listed] == [epoch_id] and listed[0]["state"] == "claiming"

    before = budget_token.balanceOf(m1)
    done = cli_teal.json("rewards", "claim", str(epoch_id), "--from", "member1")
    assert done["amount"] == str(payouts[str(m1)].amount)
    assert budget_token.balanceOf(m1) - before == payouts[str(m1)].amount
    assert distributor.isClaimed(epoch_id, payouts[str(m1)].index)

    # member2 submits alice's leaf: alice is paid, member2 only sends the transaction.
    before_alice = budget_token.balanceOf(alice)
    cli_teal("rewards", "claim", str(epoch_id), "--for", str(alice), "--from", "member2")
    assert budget_token.balanceOf(alice) - before_alice == payouts[str(alice)].amount

    again = cli_teal.error("rewards", "claim", str(epoch_id), "--from", "member1")
    assert again == f"leaf {payouts[str(m1)].index} of epoch {epoch_id} ({m1}) was already claimed"
    nobody = cli_teal.error("rewards", "claim", str(epoch_id), "--from", "nobody")
    assert nobody.startswith(f"epoch {epoch_id}'s distribution pays nothing to 0x")
    unknown = cli_teal.error("rewards", "claim", "999", "--from", "member1")
    assert unknown.startswith("there is no epoch 999 (epochs run from 1 to ")


def test_anyone_withdraws_a_stipend_to_its_recipient(cli_teal, cli_team, cli_people, alice, start_stream, stipends,
                                                      budget_token, cli_keystore):  # fmt: skip
    m2 = cli_people["member2"]
    stream_id = start_stream(cli_team, recipient=m2, length=10 * DAY, approvers=[cli_people["member1"], alice])
    chain.sleep(2 * DAY)
    chain.mine()
    before = budget_token.balanceOf(m2)
    done = cli_teal.json("rewards", "stipend", "withdraw", str(stream_id), "--from", "member1")
    assert int(done["amount"]) > 0 and done["recipient"] == str(m2)
    assert budget_token.balanceOf(m2) - before == int(done["amount"]) == stipends.stream(stream_id)["withdrawn"]
    assert cli_teal.error("rewards", "stipend", "withdraw", "999", "--from", "member1").startswith(
        "there is no stream 999 (streams run from 1 to "
    )


def test_anyone_halts_the_stream_of_a_member_who_left(cli_teal, cli_team, cli_people, alice, start_stream, stipends,
                                                       workstreams, dao, cli_keystore):  # fmt: skip
    m2 = cli_people["member2"]
    stream_id = start_stream(cli_team, recipient=m2, length=10 * DAY, approvers=[cli_people["member1"], alice])
    assert cli_teal.error("rewards", "stipend", "halt", str(stream_id), "--from", "member1").startswith(
        f"stream {stream_id} still accrues"
    )
    chain.sleep(DAY)
    workstreams.removeMemberByGovernance(cli_team, m2, {"from": dao})
    chain.sleep(DAY)
    chain.mine()
    accrued = stipends.stream(stream_id)["accrued"]

    done = cli_teal.json("rewards", "stipend", "halt", str(stream_id), "--from", "member1")

    assert (int(done["accrued"]), int(done["released"])) == (accrued, STIPEND - accrued)
    assert stipends.stream(stream_id)["stopped"]
    assert cli_teal.error("rewards", "stipend", "halt", str(stream_id), "--from", "member1").startswith(
        f"stream {stream_id} is stopped or has ended"
    )


def test_every_reward_contract_error_has_a_one_line_explanation():
    from api.chain.errors import _EXPLAINERS

    names = {item["name"] for c in (MerkleDistributor, StipendStreams) for item in c.abi if item["type"] == "error"}
    ours = {name for name in names if name.startswith(("Distributor", "Stipend"))}
    assert len(ours) > 20 and sorted(ours - set(_EXPLAINERS)) == []
