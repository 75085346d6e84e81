"""A holder governs with `teal`: delegates, proposes a treasury grant (its document published
and named by the description), votes with a reason, queues and executes it."""

from __future__ import annotations

import json

from brownie import chain
from helpers import DOCUMENT

from api.content import LocalStore
from scripts.deploy import TOKEN_UNIT
from scripts.governance import FOR, mine_until_active, propose


def test_holder_delegates_proposes_votes_queues_and_executes(
    cli_teal, cli_holder, cli_keystore, token, governor, alice, rando, data_dir
):
    assert token.getVotes(cli_holder) == 0

    delegated = cli_teal.json("delegate", "--from", "holder")
    chain.mine()
    proposed = cli_teal.json(
        "propose",
        "--title",
        "Grant to rando",
        "--summary",
        "Pays 1,000 TEAL for the docs.",
        "--transfer",
        f"{rando.address}=1000",
        "--from",
        "holder",
    )
    proposal_id = int(proposed["proposal_id"])
    chain.mine(governor.votingDelay() + 1)
    voted = cli_teal.json("vote", str(proposal_id), "for", "--reason", "Good docs matter", "--from", "holder")
    governor.castVote(proposal_id, FOR, {"from": alice})  # alice's million makes quorum
    chain.mine(governor.votingPeriod() + 1)
    queued = cli_teal.json("queue", str(proposal_id), "--from", "holder")
    early = cli_teal.error("execute", str(proposal_id), "--from", "holder")
    chain.sleep(queued["eta"] - chain.time() + 1)
    chain.mine()
    before = token.balanceOf(rando)
    executed = cli_teal.json("execute", str(proposal_id), "--from", "holder")

    assert int(delegated["votes"]) == 50_000 * TOKEN_UNIT == token.getVotes(cli_holder)
    assert proposed["description"].startswith(f"ipfs://{proposed['document_cid']}\n")
    document = json.loads(LocalStore(root=data_dir / "documents").get(proposed["document_cid"]))
    assert document["body"]["title"] == "Grant to rando"
    assert voted["weight"] == str(50_000 * TOKEN_UNIT)
    assert voted["votes"] == {"for": str(50_000 * TOKEN_UNIT), "against": "0", "abstain": "0"}  # before alice
    assert governor.proposalVotes(proposal_id)[1] == 1_050_000 * TOKEN_UNIT
    assert queued["state"] == "Queued"
    assert early.startswith(f"proposal {proposal_id} is queued; the timelock releases it at")
    assert executed["state"] == "Executed"
    assert token.balanceOf(rando) - before == 1_000 * TOKEN_UNIT


def test_vote_against_shows_in_the_tally(cli_teal, cli_holder, cli_keystore, token, governor):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    grant = propose(governor, [(token, "transfer", [cli_holder, 1])], document=DOCUMENT, proposer=cli_holder)
    mine_until_active(grant)

    against = cli_teal.json("vote", str(grant.proposal_id), "against", "--from", "holder")
    shown = cli_teal.json("proposal", str(grant.proposal_id))

    assert [int(v) for v in governor.proposalVotes(grant.proposal_id)] == [50_000 * TOKEN_UNIT, 0, 0]
    assert against["votes"] == {"for": "0", "against": str(50_000 * TOKEN_UNIT), "abstain": "0"}
    assert shown["state"] == "Active" and shown["votes"]["against"] == str(50_000 * TOKEN_UNIT)


def test_vote_through_the_relay_costs_the_voter_no_gas(cli_teal, cli_holder, cli_keystore, token, governor, cli_relay):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    grant = propose(governor, [(token, "transfer", [cli_holder, 1])], document=DOCUMENT, proposer=cli_holder)
    mine_until_active(grant)
    balance = cli_holder.balance()

    relayed = cli_teal.json("vote", str(grant.proposal_id), "abstain", "--relay", cli_relay, "--from", "holder")

    assert relayed["relay"]["status"] == "mined"
    assert relayed["votes"]["abstain"] == str(50_000 * TOKEN_UNIT)
    assert governor.hasVoted(grant.proposal_id, cli_holder)
    assert cli_holder.balance() == balance


def test_a_relayed_vote_carries_its_reason_on_chain(cli_teal, cli_holder, cli_keystore, token, governor, cli_relay):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    grant = propose(governor, [(token, "transfer", [cli_holder, 1])], document=DOCUMENT, proposer=cli_holder)
    mine_until_active(grant)
    balance = cli_holder.balance()

    relayed = cli_teal.json(
        "vote",
        str(grant.proposal_id),
        "for",
        "--reason",
        "the docs sprint pays for itself",
        "--relay",
        cli_relay,
        "--from",
        "holder",
    )

    assert relayed["relay"]["status"] == "mined"
    # Empty params: the Governor records it as a plain VoteCast, reason included.
    cast = governor.events.get_sequence(from_block=chain.height - 3, event_type="VoteCast")
    assert [(e.args.voter, e.args.reason) for e in cast] == [(cli_holder, "the docs sprint pays for itself")]
    assert cli_holder.balance() == balance


def test_propose_with_an_actions_file_encodes_calls_on_the_manifests_contracts(
    cli_teal, cli_holder, cli_keystore, token, governor, work, tmp_path
):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    actions = tmp_path / "actions.json"
    actions.write_text(json.dumps([{"contract": "Workstreams", "function": "fund", "args": [1, 40_000 * TOKEN_UNIT]}]))

    proposed = cli_teal.json(
        "propose",
        "--title",
        "Fund team 1",
        "--summary",
        "40k for team 1",
        "--actions",
        str(actions),
        "--from",
        "holder",
    )

    expected = work.workstreams.fund.encode_input(1, 40_000 * TOKEN_UNIT)
    targets, values, calldatas = [work.workstreams.address], [0], [expected]
    assert int(proposed["proposal_id"]) == governor.hashProposal(
        targets, values, calldatas, chain_keccak(proposed["description"])
    )


def test_propose_without_actions_is_refused_before_signing(cli_teal, cli_keystore):
    message = cli_teal.error("propose", "--title", "Nothing", "--summary", "no actions", "--from", "holder")

    assert message.startswith("a proposal needs at least one action")


def chain_keccak(text: str) -> bytes:
    from brownie import web3

    return web3.keccak(text=text)
