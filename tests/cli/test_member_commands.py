"""Every action from the command line (issue 16): a team's members change their membership by
majority (`teal member propose|approve|withdraw|pending`, each also `--relay URL`), a holder
delegates by signature (`teal delegate --by-sig`, printed or `--relay`), and a proposer cancels
a pending proposal (`teal proposal cancel`). Each refusal is one line naming the problem."""

from __future__ import annotations

import httpx
from brownie import chain, web3

from api.chain.errors import short

DAY = 86_400


def _member_change(cli_teal, *args: str) -> dict:
    return cli_teal.json("member", "propose", *args)


def test_members_add_a_member_by_majority(cli_teal, cli_keystore, cli_team, cli_people, workstreams):
    member1, nobody, holder = cli_people["member1"], cli_people["nobody"], cli_people["holder"]

    proposed = _member_change(cli_teal, "add", str(cli_team), "nobody", "--from", "member1")
    change = str(proposed["change_id"])
    listed = cli_teal.json("member", "pending", "--workstream", str(cli_team))
    shown = cli_teal("member", "pending", "--workstream", str(cli_team)).stdout
    twice = cli_teal.error("member", "approve", change, "--from", "member1")
    outsider = cli_teal.error("member", "approve", change, "--from", "holder")
    approved = cli_teal.json("member", "approve", change, "--from", "member2")
    after = cli_teal.json("member", "pending", "--workstream", str(cli_team))

    assert (proposed["approvals"], proposed["member_count"], proposed["needed"]) == (1, 3, 2)
    assert proposed["executed"] is False and proposed["account"] == nobody.address
    assert [(c["change_id"], c["state"], c["approvers"]) for c in listed] == [
        (int(change), "pending", [member1.address])
    ]
    assert f"add {short(nobody.address)}" in shown and "1 of 2" in shown
    assert twice == f"{short(member1.address)} already approved membership change {change}"
    assert outsider.startswith(f"{short(holder.address)} is not a member of workstream {cli_team}")
    assert approved["executed"] is True and approved["approvals"] == 2
    assert workstreams.isMember(cli_team, nobody)
    assert after == []


def test_only_the_proposer_withdraws_and_a_withdrawn_change_cannot_be_approved(
    cli_teal, cli_keystore, cli_team, cli_people, alice, workstreams
):
    member1 = cli_people["member1"]
    change = str(_member_change(cli_teal, "remove", str(cli_team), alice.address, "--from", "member1")["change_id"])

    wrong_signer = cli_teal.error("member", "withdraw", change, "--from", "member2")
    withdrawn = cli_teal.json("member", "withdraw", change, "--from", "member1")
    late = cli_teal.error("member", "approve", change, "--from", "member2")
    everything = cli_teal.json("member", "pending", "--all", "--workstream", str(cli_team))

    assert wrong_signer == f"only {short(member1.address)}, who proposed membership change {change}, can withdraw it"
    assert withdrawn["withdrawn"] is True and withdrawn["action"] == "remove"
    assert late == f"membership change {change} was withdrawn by its proposer"
    assert workstreams.isMember(cli_team, alice)
    assert {c["change_id"]: c["state"] for c in everything}[int(change)] == "withdrawn"


def test_an_expired_change_cannot_be_approved(cli_teal, cli_keystore, cli_team, cli_people, workstreams):
    proposed = _member_change(cli_teal, "add", str(cli_team), "holder", "--from", "member1")
    chain.sleep(14 * DAY + 1)
    chain.mine()

    expired = cli_teal.error("member", "approve", str(proposed["change_id"]), "--from", "member2")
    pending = cli_teal.json("member", "pending", "--workstream", str(cli_team))

    assert expired.startswith(f"membership change {proposed['change_id']} expired at ")
    assert expired.endswith(": propose it again")
    assert pending == [] and not workstreams.isMember(cli_team, cli_people["holder"])


def test_member_changes_are_relayed_without_the_members_paying_gas(
    cli_teal, cli_keystore, cli_relay, cli_team, cli_people, alice, workstreams
):
    member1, member2 = cli_people["member1"], cli_people["member2"]
    before = (web3.eth.get_balance(member1.address), web3.eth.get_balance(member2.address))
    relay = ("--relay", cli_relay)

    proposed = _member_change(cli_teal, "remove", str(cli_team), alice.address, "--from", "member1", *relay)
    approved = cli_teal.json("member", "approve", str(proposed["change_id"]), "--from", "member2", *relay)
    refused = cli_teal.error("member", "approve", str(proposed["change_id"]), "--from", "member1", *relay)

    assert proposed["executed"] is False and approved["executed"] is True
    assert not workstreams.isMember(cli_team, alice)
    assert (web3.eth.get_balance(member1.address), web3.eth.get_balance(member2.address)) == before
    assert refused == f"membership change {proposed['change_id']} has already been carried out"


def test_bad_member_change_input_is_one_line(cli_teal, cli_keystore, cli_team, workstreams):
    count = workstreams.memberChangeCount()

    verb = cli_teal.error("member", "propose", "join", str(cli_team), "nobody", "--from", "member1")
    who = cli_teal.error("member", "propose", "add", str(cli_team), "0x1234", "--from", "member1")
    member = cli_teal.error("member", "propose", "add", str(cli_team), "member2", "--from", "member1")
    unknown = cli_teal.error("member", "approve", "999", "--from", "member1")
    team = cli_teal.error("member", "pending", "--workstream", "999")

    assert verb == "'join': propose to add or remove a member"
    assert who.startswith("member '0x1234' is not an address")
    assert member.endswith(f"already is a member of workstream {cli_team}")
    assert unknown == f"there is no membership change 999 (there are {count})"
    assert team.startswith("there is no workstream 999")


def test_holder_delegates_by_signature_printed_or_relayed(cli_teal, cli_keystore, cli_relay, cli_holder, token):
    signed = cli_teal.json("delegate", "--by-sig", "--from", "holder")
    posted = httpx.post(f"{cli_relay}/relay/delegations", json=signed, timeout=60)
    replayed = httpx.post(f"{cli_relay}/relay/delegations", json=signed, timeout=60)
    eth = web3.eth.get_balance(cli_holder.address)
    relayed = cli_teal.json("delegate", "member1", "--relay", cli_relay, "--from", "holder")
    nothing = cli_teal.error("delegate", "--by-sig", "--from", "nobody")

    assert set(signed) == {"delegator", "delegatee", "nonce", "expiry", "signature"}
    assert signed["delegator"] == signed["delegatee"] == cli_holder.address and signed["nonce"] == "0"
    assert posted.status_code == 200 and posted.json()["status"] == "mined"
    assert replayed.status_code == 409 and replayed.json()["error"]["code"] == "nonce_used"
    assert relayed["nonce"] == "1" and relayed["relay"]["status"] == "mined"
    assert token.delegates(cli_holder) == relayed["delegatee"] and web3.eth.get_balance(cli_holder.address) == eth
    assert nothing.endswith("holds no TEAL: its delegation would move no votes")


def test_proposer_cancels_a_pending_proposal(cli_teal, cli_keystore, cli_holder, cli_people, token, governor):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    proposed = cli_teal.json(
        "propose", "--title", "Oops", "--summary", "Sent too early.", "--transfer", "member1=1", "--from", "holder"
    )
    proposal = proposed["proposal_id"]

    stranger = cli_teal.error("proposal", "cancel", proposal, "--from", "member1")
    cancelled = cli_teal.json("proposal", "cancel", proposal, "--from", "holder")
    again = cli_teal.error("proposal", "cancel", proposal, "--from", "holder")

    assert (
        stranger
        == f"only {cli_holder.address}, who proposed {proposal}, can cancel it ({cli_people['member1'].address} cannot)"
    )
    assert cancelled["state"] == "Canceled" and governor.state(int(proposal)) == 2
    assert (
        again
        == f"proposal {proposal} is Canceled: its proposer can cancel it only while it is pending, before voting opens"
    )


def test_every_signature_error_a_user_can_hit_has_a_one_line_explanation():
    from brownie import TealForwarder, TealGovernor, TealToken

    from api.chain.errors import _EXPLAINERS

    abis = (TealGovernor, TealToken, TealForwarder)
    names = {item["name"] for contract in abis for item in contract.abi if item["type"] == "error"}
    reachable = {
        "GovernorOnlyProposer",
        "GovernorUnexpectedProposalState",
        "GovernorInvalidSignature",
        "VotesExpiredSignature",
        "InvalidAccountNonce",
        "ERC2771ForwarderExpiredRequest",
        "ERC2771ForwarderInvalidSigner",
        "ERC2771UntrustfulTarget",
        "ERC2771ForwarderMismatchedValue",
        "ERC2612ExpiredSignature",
        "ERC2612InvalidSigner",
    }
    assert reachable <= names and sorted(reachable - set(_EXPLAINERS)) == []


def test_signature_errors_are_told_with_their_values():
    from api.chain.errors import DecodedRevert, explain

    holder = "0x66aB6D9362d4F35596279692F0251Db635165871"
    other = "0x09DB0a93B389bEF724429898f539AEB7ac2Dd55f"

    def told(name: str, **args) -> str:
        return explain(DecodedRevert(name, args), chain=None)

    assert told("InvalidAccountNonce", account=holder, currentNonce=3) == (
        "the signature was made with a used nonce; 0x66aB..5871's next nonce is 3: sign it again"
    )
    assert told("GovernorOnlyProposer", account=other) == (
        "0x09DB..d55f did not make this proposal: only its proposer can cancel it"
    )
    assert told("ERC2771ForwarderInvalidSigner", signer=other, **{"from": holder}).startswith(
        "the request names 0x66aB..5871 but was signed by 0x09DB..d55f"
    )
    assert told("VotesExpiredSignature", expiry=1_800_000_000).startswith("the delegation signature expired at 2027-")
    assert told("ERC2771UntrustfulTarget", target=holder, forwarder=other) == (
        "0x66aB..5871 does not trust the forwarder 0x09DB..d55f: send the call yourself"
    )
