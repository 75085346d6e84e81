"""The everyday commands of the first hour: `teal proposal list --state`, `teal account show`
(its figures checked against the chain's views), `teal post` (a thread and a reply accepted by
a real API server and read back), `teal task list --claimant` with paid tasks, and `review`
naming each recipient's share of a split reward."""

from __future__ import annotations

import httpx
from brownie import BlacklistToken, chain
from helpers import DOCUMENT
from work_fixtures import DELIVERABLE, REASON, REWARD, UNIT, guardrails, terms

from scripts.deploy import TOKEN_UNIT
from scripts.governance import mine_until_active, propose


def _propose(governor, token, holder, title):
    return propose(governor, [(token, "transfer", [holder, 1])], document=DOCUMENT, proposer=holder, title=title)


def test_proposal_list_filters_by_state_and_one_shows_by_id(cli_teal, cli_holder, token, governor):
    token.delegate(cli_holder, {"from": cli_holder})
    chain.mine()
    active = _propose(governor, token, cli_holder, "Grant A")
    mine_until_active(active)
    pending = _propose(governor, token, cli_holder, "Grant B")

    everything = cli_teal.json("proposal", "list")
    only_active = cli_teal.json("proposal", "list", "--state", "active")
    only_pending = cli_teal.json("proposal", "list", "--state", "Pending")
    shown = cli_teal.json("proposal", "show", str(active.proposal_id))
    bare = cli_teal.json("proposal", str(active.proposal_id))
    listed = cli_teal("proposal", "list", "--state", "active").stdout

    assert [p["proposal_id"] for p in everything[:2]] == [str(pending.proposal_id), str(active.proposal_id)]
    assert [(p["proposal_id"], p["state"], p["title"]) for p in only_active] == [
        (str(active.proposal_id), "Active", "Grant A")
    ]
    assert [p["proposal_id"] for p in only_pending] == [str(pending.proposal_id)]
    assert only_active[0]["deadline"] == governor.proposalDeadline(active.proposal_id)
    assert only_active[0]["proposer"] == cli_holder.address
    assert shown["state"] == bare["state"] == "Active" and shown["proposal_id"] == str(active.proposal_id)
    assert "Grant A" in listed and "Grant B" not in listed


def test_proposal_list_refuses_an_unknown_state_in_one_line(cli_teal):
    message = cli_teal.error("proposal", "list", "--state", "won")

    assert message == (
        "unknown state 'won'; one of pending, active, canceled, defeated, succeeded, queued, expired, executed"
    )


def test_account_show_matches_the_chains_views(
    cli_teal,
    cli_contributor,
    cli_team,
    cli_people,
    make_workstream,
    make_task,
    board,
    budget_token,
    token,
    workstreams,
    gov,
    dao,
    alice,
    helper,
):
    member1, member2 = cli_people["member1"], cli_people["member2"]
    # a task paid in BUD with a quarter to a helper
    split_task = make_task(cli_team)
    board.claim(split_task, *terms(board, split_task), {"from": cli_contributor})
    split = ([cli_contributor, helper], [7_500, 2_500])
    board.submit(split_task, DELIVERABLE, *split, {"from": cli_contributor})
    for member in (member1, member2):
        board.approve(split_task, REASON, *split, {"from": member})
    # a task paid in a token that refuses the contributor: the payment is owed instead
    blk = BlacklistToken.deploy({"from": gov})
    blk.mint(dao, 10_000 * UNIT, {"from": gov})
    blk.approve(workstreams, 2**256 - 1, {"from": dao})
    blk_team = make_workstream(token=blk, members=[alice], rails=guardrails(approvals=1), name="BLK team")
    owed_task = make_task(blk_team)
    board.claim(owed_task, *terms(board, owed_task), {"from": cli_contributor})
    board.submit(owed_task, DELIVERABLE, [], [], {"from": cli_contributor})
    blk.setBlacklisted(cli_contributor, True, {"from": gov})
    board.approve(owed_task, REASON, [], [], {"from": alice})
    # a task in hand, some TEAL delegated to themself
    held_task = make_task(cli_team)
    board.claim(held_task, *terms(board, held_task), {"from": cli_contributor})
    token.transfer(cli_contributor, 123 * TOKEN_UNIT, {"from": gov})
    token.delegate(cli_contributor, {"from": cli_contributor})

    shown = cli_teal.json("account", "show", "contributor")
    helper_shown = cli_teal.json("account", "show", helper.address)
    text = " ".join(cli_teal("account", "show", "contributor").stdout.split())

    balances = {b["symbol"]: b for b in shown["tokens"]}
    assert shown["address"] == cli_contributor.address and shown["name"] == "contributor"
    assert int(shown["eth"]) == cli_contributor.balance()
    assert int(balances["TEAL"]["balance"]) == token.balanceOf(cli_contributor) == 123 * TOKEN_UNIT
    assert int(shown["votes"]) == token.getVotes(cli_contributor) == 123 * TOKEN_UNIT
    assert shown["delegate"] == token.delegates(cli_contributor) == cli_contributor.address
    assert int(balances["BUD"]["balance"]) == budget_token.balanceOf(cli_contributor) == REWARD * 3 // 4
    assert int(balances["BUD"]["owed"]) == workstreams.owed(budget_token, cli_contributor) == 0
    assert int(balances["BLK"]["owed"]) == workstreams.owed(blk, cli_contributor) == REWARD
    assert int(balances["BLK"]["balance"]) == blk.balanceOf(cli_contributor) == 0
    assert [t["task_id"] for t in shown["tasks"]["claimed"]] == [held_task]
    assert shown["tasks"]["submitted"] == []
    assert [(p["task_id"], int(p["amount"]), p["deferred"]) for p in shown["tasks"]["paid"]] == [
        (split_task, REWARD * 3 // 4, False),
        (owed_task, REWARD, True),
    ]
    assert [(p["task_id"], int(p["amount"])) for p in helper_shown["tasks"]["paid"]] == [(split_task, REWARD // 4)]
    assert int({b["symbol"]: b for b in helper_shown["tokens"]}["BUD"]["balance"]) == budget_token.balanceOf(helper)
    assert "owed 100 BLK by the Workstreams escrow" in text
    assert "voting power 123 TEAL" in text and "delegate yourself" in text


def test_account_show_of_an_unknown_name_is_one_line(cli_teal, cli_keystore):
    message = cli_teal.error("account", "show", "mallory")

    assert message == "account 'mallory' is neither an address nor an account in the keystore"


def test_post_starts_a_thread_and_replies_readable_through_the_api(
    cli_teal, cli_contributor, cli_people, cli_keystore, cli_relay, cli_team
):
    thread = cli_teal.json(
        "post",
        "--title",
        "CI is flaky",
        "--text",
        "The e2e job fails 1 in 5 runs.",
        "--category",
        "problem",
        "--workstream",
        str(cli_team),
        "--tag",
        "ci",
        "--api",
        cli_relay,
        "--from",
        "contributor",
    )
    reply = cli_teal.json(
        "post",
        "--reply-to",
        thread["cid"],
        "--text",
        "It is the port race; fixed in #12.",
        "--from",
        "member1",
        env={"TEAL_API_URL": cli_relay},
    )

    read = httpx.get(f"{cli_relay}/posts/{thread['cid']}", timeout=10).json()
    assert thread["created"] is True and reply["created"] is True
    assert read["root"]["cid"] == thread["cid"]
    assert read["root"]["title"] == "CI is flaky" and read["root"]["category"] == "problem"
    assert read["root"]["tags"] == ["ci", f"workstream:{cli_team}"]
    assert read["root"]["author"] == cli_contributor.address
    assert [(r["cid"], r["reply_to"], r["category"], r["author"]) for r in read["replies"]] == [
        (reply["cid"], thread["cid"], "answer", cli_people["member1"].address)
    ]


def test_post_errors_are_one_line(cli_teal, cli_keystore, cli_relay):
    no_title = cli_teal.error("post", "--text", "hello", "--api", cli_relay, "--from", "member1")
    no_parent = cli_teal.error(
        "post",
        "--reply-to",
        "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
        "--text",
        "hi",
        "--api",
        cli_relay,
        "--from",
        "member1",
    )
    too_long = cli_teal.error("post", "--title", "x" * 201, "--text", "t", "--api", cli_relay, "--from", "member1")
    json_error = cli_teal(
        "post", "--title", "t", "--text", "t", "--api", "http://127.0.0.1:9", "--from", "member1", "--json", ok=False
    )

    assert no_title == "a new thread needs --title (or answer a post with --reply-to CID)"
    assert no_parent == (
        f"the API at {cli_relay} has no post bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy to reply to"
    )
    assert too_long.startswith("invalid document: body.title:")
    assert json_error.returncode == 1
    assert '"code": "api_unavailable"' in json_error.stdout


def test_claimant_list_includes_paid_tasks_and_review_names_each_share(
    cli_teal, cli_contributor, cli_team, make_task, board, helper, cli_keystore
):
    paid_task = make_task(cli_team)
    held_task = make_task(cli_team)
    board.claim(paid_task, *terms(board, paid_task), {"from": cli_contributor})
    board.claim(held_task, *terms(board, held_task), {"from": cli_contributor})
    cli_teal(
        "task",
        "submit",
        str(paid_task),
        "--summary",
        "done with help",
        "--deliverable",
        "pr=https://example.org/pr/3",
        "--split",
        "contributor=6000",
        "--split",
        f"{helper.address}=4000",
        "--from",
        "contributor",
    )
    cli_teal("task", "review", str(paid_task), "approve", "--reason", "good", "--from", "member1")

    last = cli_teal("task", "review", str(paid_task), "approve", "--reason", "good", "--from", "member2").stdout
    status = board.task(paid_task)["status"]
    listed = cli_teal.json("task", "list", "--claimant", "contributor")

    assert status == 4  # paid
    assert f"paid 100 BUD: 60 BUD to {cli_contributor.address}, 40 BUD to {helper.address}" in " ".join(last.split())
    assert [(t["id"], t["status"]) for t in listed] == [(held_task, "claimed"), (paid_task, "paid")]
    assert listed[1]["claimant"] == cli_contributor.address and listed[1]["claim_expiry"] is None


def test_a_group_without_a_command_shows_its_help_and_no_empty_error(cli_teal):
    result = cli_teal("proposal", ok=False)

    assert result.returncode == 2
    assert "list" in result.stdout and "show" in result.stdout
    assert "error" not in result.stderr
