"""Team rules, member-change withdrawal and rewards on the dashboard (issues 15, 17, 19), in a
real headless Chromium over the session's `teal up --fresh` devnet: no mock of the API, the
contracts or the chain.

Governance gives the Research team a claim cool-down, a review window and an escalation
threshold (a real proposal: proposed, voted, queued, executed with `teal`); a contributor
abandons a task (cool-down), another is rejected and escalates (review window, escalated); the
team opens a peer-allocation epoch, posts its merkle root and starts a stipend. The pages show
each as the JSON API has it, a receiver claims their epoch leaf from the page with the wallet,
a member withdraws their own member change (the relayer paying the gas), and every page passes
the axe checks with hostile titles shown as text.
"""

from __future__ import annotations

import json

import httpx
import pytest
import test_wallet_actions as wallet_actions  # the test wallet and its helpers
from dashboard_common import MEMBER, PROPOSER
from devnet import mine
from eth_account import Account
from indexing import wait_until_indexed

from api.chain.types import MemberChangeInfo, decode_view
from api.content import LocalStore
from api.http.dashboard.formatting import duration, short, tokens, when
from api.rewards import StandardMerkleTree

wallet = wallet_actions.wallet  # fixtures shared with the wallet-action tests
chain_facts = wallet_actions.chain_facts
settled, connect, act = wallet_actions.settled, wallet_actions.connect, wallet_actions.act

TEAM = "Research"
# Demo people (scripts/demo_dao_content.py PEOPLE) no other dashboard test acts as.
FARID, HIRO = ("farid", 6), ("hiro", 8)  # Research members
KEMAL, MATEO = ("kemal", 11), ("mateo", 13)  # contributors
HOSTILE = "Map </script><script>window.__pwned='rules'</script> the field"
COOLDOWN_H, REVIEW_H, ESCALATE_AFTER = 2, 24, 1


def rpc(devnet, method: str, params: list) -> object:
    reply = httpx.post(devnet.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).json()
    assert "error" not in reply, reply
    return reply["result"]


def address(devnet, person) -> str:
    return Account.from_key(devnet.key(person[1])).address


@pytest.fixture(scope="module")
def research(devnet, http, teal):
    """The Research team after governance set its rules, with the demo keys its story uses
    imported into the `teal` keystore."""
    for name, index in (FARID, HIRO, KEMAL, MATEO):
        teal("account", "import", name, stdin=devnet.key(index) + "\n")
    team = next(w for w in http.get("/workstreams").json()["items"] if w["name"] == TEAM)
    proposal = teal.json(
        "propose",
        "--title",
        "Research: cool-down, review window, escalation",
        "--summary",
        "Lazy consensus after a day; escalate after one rejection by the same member.",
        "--action",
        f"team-rules {team['id']} {COOLDOWN_H} {REVIEW_H} {ESCALATE_AFTER}",
        "--from",
        PROPOSER[0],
    )
    pid = proposal["proposal_id"]
    mine(devnet, 3)  # past the voting delay
    for voter in (PROPOSER[0], MEMBER[0]):  # ana's and dmitri's delegated votes: above the 1M quorum
        teal("vote", pid, "for", "--from", voter)
    mine(devnet, 41)  # past the voting period
    queued = teal.json("queue", pid, "--from", PROPOSER[0])
    rpc(
        devnet,
        "evm_increaseTime",
        [int(queued["eta"]) - int(rpc(devnet, "eth_getBlockByNumber", ["latest", False])["timestamp"], 16) + 1],
    )
    mine(devnet, 1)
    done = teal.json("execute", pid, "--from", PROPOSER[0])
    wait_until_indexed(http, done["block"], documents=[])  # (another test's spec may stay pending)
    detail = http.get(f"/workstreams/{team['id']}").json()
    assert detail["team_rules"] == {
        "claim_cooldown": COOLDOWN_H * 3600,
        "review_window": REVIEW_H * 3600,
        "escalate_after": ESCALATE_AFTER,
    }
    return detail


def _create(teal, team_id: int, title: str) -> int:
    return int(
        teal.json(
            "task", "create", "--workstream", str(team_id), "--reward", "4", "--title", title,
            "--description", "Survey the field.", "--criterion", "a member approves", "--from", FARID[0],
        )["task_id"]
    )  # fmt: skip


@pytest.fixture(scope="module")
def rule_tasks(research, teal, http, devnet):
    """A task kemal claimed and abandoned (cool-down running) and one mateo submitted, had
    rejected by hiro, resubmitted and escalated (the second escalated, the first in review)."""
    team_id = research["id"]
    abandoned = _create(teal, team_id, "Index the reading list")
    teal("task", "claim", str(abandoned), "--from", KEMAL[0])
    teal("task", "abandon", str(abandoned), "--from", KEMAL[0])

    reviewed = _create(teal, team_id, HOSTILE)
    teal("task", "claim", str(reviewed), "--from", MATEO[0])
    submit = [
        "task",
        "submit",
        str(reviewed),
        "--summary",
        "A first map.",
        "--deliverable",
        "map=https://example.org/map",
    ]
    teal(*submit, "--from", MATEO[0])
    in_review = _create(teal, team_id, "Summarise the interviews")
    teal("task", "claim", str(in_review), "--from", KEMAL[0])
    teal(
        "task",
        "submit",
        str(in_review),
        "--summary",
        "Summary.",
        "--deliverable",
        "doc=https://example.org/s",
        "--from",
        KEMAL[0],
    )
    teal("task", "review", str(reviewed), "reject", "--reason", "Missing the north.", "--from", HIRO[0])
    teal(*submit, "--from", MATEO[0])
    escalated = teal.json("task", "escalate", str(reviewed), "--from", MATEO[0])
    wait_until_indexed(http, escalated["block"], documents=[])
    return {"abandoned": abandoned, "escalated": reviewed, "in_review": in_review}


def test_the_task_page_shows_the_cooldown_review_window_and_escalation(page, http, rule_tasks, devnet, screenshot):
    kemal = address(devnet, KEMAL)

    # Abandoned: the claimant's cool-down, in the facts and the claims table.
    task = http.get(f"/tasks/{rule_tasks['abandoned']}").json()
    until = task["claims"][-1]["cooldown_until"]
    assert task["status"] == "open" and until
    page.goto(f"/dashboard/tasks/{rule_tasks['abandoned']}")
    screenshot(page, "15-task-cooldown")
    cooldown = page.locator(f"dd.cooldown[data-claimant='{kemal}']")
    assert cooldown.inner_text().endswith(f"may not claim this task again before {when(until)}")
    assert (
        page.locator("table", has_text="Cool-down until").locator("tbody tr").last.inner_text().count(when(until)) == 1
    )

    # In review: when the window ends and that anyone may finalize after it.
    task = http.get(f"/tasks/{rule_tasks['in_review']}").json()
    assert task["status"] == "submitted" and task["review_window_end"] and not task["escalated"]
    page.goto(f"/dashboard/tasks/{rule_tasks['in_review']}")
    screenshot(page, "15-task-review-window")
    assert page.locator("#review-window-end").inner_text() == when(task["review_window_end"])
    assert page.locator("#finalize-after").inner_text().startswith(when(task["review_window_end"]))
    assert "anyone may finalize it" in page.locator("#finalize-after").inner_text()
    assert page.locator("#escalated").count() == 0

    # Escalated: said so, and finalizing waits for governance; the hostile title is text.
    task = http.get(f"/tasks/{rule_tasks['escalated']}").json()
    assert task["escalated"] and task["status"] == "submitted"
    page.goto(f"/dashboard/tasks/{rule_tasks['escalated']}")
    screenshot(page, "15-task-escalated")
    assert "escalated to governance" in page.locator("#escalated").inner_text()
    assert page.locator("#finalize-after").inner_text().startswith("not while escalated")
    assert HOSTILE in page.locator("h1").inner_text()
    assert page.evaluate("window.__pwned ?? null") is None and page.dialogs == []


def test_the_workstream_page_shows_the_team_rules(page, http, research, screenshot):
    page.goto(f"/dashboard/workstreams/{research['id']}")
    screenshot(page, "15-workstream-rules")
    rules = research["team_rules"]
    for field in ("claim_cooldown", "review_window", "escalate_after"):
        assert page.locator(f"#team-rules dd[data-field='{field}']").get_attribute("data-value") == str(rules[field])
    text = lambda field: page.locator(f"#team-rules dd[data-field='{field}']").inner_text()  # noqa: E731
    assert text("claim_cooldown").startswith(duration(rules["claim_cooldown"]))
    assert text("review_window").startswith(duration(rules["review_window"]))
    assert text("escalate_after").startswith(f"{ESCALATE_AFTER} rejection(s) by the same member")
    forfeited = page.locator("#budget dd[data-field='bonds_forfeited'] data").get_attribute("value")
    assert forfeited == http.get(f"/workstreams/{research['id']}").json()["budget"]["bonds_forfeited"]


def test_a_proposer_withdraws_their_member_change_through_the_relayer(
    wallet, http, research, chain_facts, devnet, screenshot
):
    w3, team_id = chain_facts["w3"], research["id"]
    workstreams = chain_facts["contracts"]["Workstreams"]
    newcomer = Account.create().address
    proposer = wallet(HIRO)
    eth_before = w3.eth.get_balance(proposer.account)

    settled(proposer, f"/dashboard/workstreams/{team_id}")
    connect(proposer)
    proposer.fill("#member-account", newcomer)
    act(proposer, "#propose-member-button")  # the relayer pays by default
    change_id = workstreams.functions.memberChangeCount().call()
    listed = proposer.locator(f"#change-{change_id}")
    assert listed.get_attribute("data-state") == "pending" and "expires" in listed.inner_text()
    assert proposer.locator(f"#withdraw-change-{change_id}").is_visible()
    assert proposer.locator(f"#approve-change-{change_id}").is_hidden()  # proposing was the approval

    other = wallet(FARID)  # a member, not the proposer: may approve, may not withdraw
    settled(other, f"/dashboard/workstreams/{team_id}")
    connect(other)
    assert other.locator(f"#approve-change-{change_id}").is_visible()
    assert other.locator(f"#withdraw-change-{change_id}").is_hidden()

    screenshot(proposer, "17-member-withdraw-before")
    act(proposer, f"#withdraw-change-{change_id}-button")
    screenshot(proposer, "17-member-withdraw-after")
    assert "relayer paid the gas" in proposer.locator("[data-state=mined]").first.inner_text()
    assert w3.eth.get_balance(proposer.account) == eth_before  # gasless, both times
    on_chain = decode_view(
        MemberChangeInfo, workstreams.abi, "memberChange", workstreams.functions.memberChange(change_id).call()
    )
    assert on_chain.withdrawn and not on_chain.executed
    api_change = next(c for c in http.get(f"/workstreams/{team_id}").json()["member_changes"] if c["id"] == change_id)
    assert api_change["withdrawn"] and not api_change["executed"]
    # Listed among the past changes, marked withdrawn; nobody is offered to approve it.
    past = proposer.locator(f"#closed-changes #change-{change_id}")
    assert past.get_attribute("data-state") == "withdrawn" and "withdrawn" in past.text_content()  # closed <details>
    settled(other, f"/dashboard/workstreams/{team_id}")
    assert other.locator(f"#approve-change-{change_id}").count() == 0
    assert proposer.errors == [] and other.errors == []


@pytest.fixture(scope="module")
def rewards(research, devnet, http, chain_facts):
    """Research opens an epoch (pot from its budget), the epoch ends, the team posts the root
    of a distribution paying kemal and mateo, and starts a stipend for hiro; each action
    approved by as many members as the team requires."""
    w3 = chain_facts["w3"]
    contracts = chain_facts["contracts"]
    distributor, streams = contracts["MerkleDistributor"], contracts["StipendStreams"]
    team_id = research["id"]
    unit = 10**18
    members = [m["account"] for m in research["members"] if m["active"]]
    required = research["guardrails"]["approvals_required"]
    store = LocalStore(root=devnet.state_dir / "documents")

    def by_team(call) -> dict:
        receipt = None
        for member in members[:required]:
            receipt = w3.eth.wait_for_transaction_receipt(call.transact({"from": member}))
            assert receipt["status"] == 1
        return receipt

    def put(body: dict) -> str:
        return store.put(json.dumps(body, sort_keys=True).encode())

    now = w3.eth.get_block("latest")["timestamp"]
    epoch_cid = put({"kind": "epoch", "team": team_id, "givers": members, "allowance": 100})
    by_team(distributor.functions.openEpoch(team_id, 10 * unit, now, now + 60, now + 30 * 86400, epoch_cid))
    epoch_id = distributor.functions.epochCount().call()
    rpc(devnet, "evm_increaseTime", [61])
    mine(devnet, 1)
    leaves = [(0, address(devnet, KEMAL), 6 * unit), (1, address(devnet, MATEO), 3 * unit)]
    tree = StandardMerkleTree(leaves)
    cid = put({"leaves": [[i, a, str(v)] for i, a, v in leaves]})
    by_team(distributor.functions.postRoot(epoch_id, tree.root, 9 * unit, cid))

    now = w3.eth.get_block("latest")["timestamp"]
    hiro = address(devnet, HIRO)
    receipt = by_team(streams.functions.startStream(team_id, hiro, 36 * unit, now, now + 3600, put({"stipend": hiro})))
    mine(devnet, 1)
    wait_until_indexed(http, receipt["blockNumber"] + 1, documents=[])
    return {"epoch_id": epoch_id, "leaves": leaves, "team_id": team_id, "hiro": hiro}


def test_the_workstream_page_lists_epochs_and_streams_as_the_api_has_them(page, http, rewards, screenshot):
    team_id = rewards["team_id"]
    page.goto(f"/dashboard/workstreams/{team_id}")
    screenshot(page, "19-workstream-rewards")
    epochs = http.get("/rewards/epochs", params={"workstream": team_id}).json()["items"]
    assert [e["id"] for e in epochs] == [
        int(i)
        for i in page.locator("#epochs tbody tr[data-epoch-id]").evaluate_all("rs => rs.map(r => r.dataset.epochId)")
    ]
    row = page.locator(f"#epochs tr[data-epoch-id='{rewards['epoch_id']}']")
    epoch = next(e for e in epochs if e["id"] == rewards["epoch_id"])
    for field in ("pot", "total", "held", "claimed_amount"):
        assert row.locator(f"td[data-field='{field}'] data").get_attribute("value") == epoch[field]
    assert row.locator("td[data-field='state']").inner_text() == "claiming"
    assert row.locator("td[data-field='total']").inner_text() == tokens(9 * 10**18)
    stream = http.get("/rewards/streams", params={"workstream": team_id}).json()["items"][-1]
    srow = page.locator(f"#streams tr[data-stream-id='{stream['id']}']")
    for field in ("accrued", "withdrawn", "withdrawable"):
        assert srow.locator(f"td[data-field='{field}'] data").get_attribute("value") == stream[field]
    assert rewards["hiro"] in srow.locator("a.addr").get_attribute("title")
    assert srow.locator("td[data-field='state']").inner_text() == "streaming"


def test_a_receiver_claims_their_epoch_leaf_from_the_page_and_their_earnings_total_it(
    wallet, http, rewards, chain_facts, screenshot
):
    token = chain_facts["contracts"]["TealToken"]
    epoch_id, (index, account, amount) = rewards["epoch_id"], rewards["leaves"][0]
    tab = wallet(KEMAL)
    assert tab.account == account
    before = token.functions.balanceOf(account).call()

    settled(tab, f"/dashboard/workstreams/{rewards['team_id']}")
    connect(tab)
    form = tab.locator(f"#claim-epoch-{epoch_id}")
    form.wait_for(state="visible")
    assert tab.locator("#create-task-form").is_hidden()  # not a member: only the claim
    assert "pays you 6 TEAL" in form.inner_text()
    assert form.locator("input[name=gas][value=relay]").is_checked()  # the relayer pays by default
    screenshot(tab, "19-epoch-claim-before")
    act(tab, f"#claim-epoch-{epoch_id}-button")
    screenshot(tab, "19-epoch-claim-after")

    assert token.functions.balanceOf(account).call() - before == amount
    claims = http.get(f"/rewards/epochs/{epoch_id}").json()["claims"]
    assert [(int(c["index"]), c["account"], int(c["amount"])) for c in claims] == [(index, account, amount)]
    assert claims[0]["sender"] == chain_facts["config"]["relayer"]  # kemal paid no gas
    assert tab.locator(f"#claim-epoch-{epoch_id}").is_hidden()  # claimed: no second button
    row = tab.locator(f"#epochs tr[data-epoch-id='{epoch_id}']")
    assert row.locator("td[data-field='claimed_amount'] data").get_attribute("value") == str(amount)

    # The contributor page totals bounties, epochs and stipends, as /contributors/{a}/earnings.
    settled(tab, f"/dashboard/contributors/{account}")
    screenshot(tab, "19-contributor-earnings")
    earned = http.get(f"/contributors/{account}/earnings").json()["earnings"]
    by_token = {e["token"]: e for e in earned}
    assert int(by_token[token.address]["epochs"]) == amount
    for e in earned:
        row = tab.locator(f"#earnings tr[data-token='{e['token']}']")
        for field in ("bounties", "epochs", "stipends", "total"):
            assert row.locator(f"td[data-field='{field}'] data").get_attribute("value") == e[field]
    totals = tab.locator("#figures dd[data-field='total_earnings'] data").evaluate_all("ds => ds.map(d => d.value)")
    assert totals == [e["total"] for e in earned]

    # Mateo's leaf is his alone: another account is never offered it, and the API gives no leaf.
    assert (
        http.get(
            "/dashboard/wallet/epoch-leaf", params={"epoch": epoch_id, "account": Account.create().address}
        ).json()["leaf"]
        is None
    )
    assert tab.errors == []

    # Mateo sends his own claim (he pays the gas).
    other_index, other_account, other_amount = rewards["leaves"][1]
    mine = wallet(MATEO)
    settled(mine, f"/dashboard/workstreams/{rewards['team_id']}")
    connect(mine)
    mine.locator(f"#claim-epoch-{epoch_id}").wait_for(state="visible")
    mine.check(f"#claim-epoch-{epoch_id} input[name=gas][value=self]")
    act(mine, f"#claim-epoch-{epoch_id}-button")
    claims = http.get(f"/rewards/epochs/{epoch_id}").json()["claims"]
    assert [(int(c["index"]), c["account"], int(c["amount"]), c["sender"]) for c in claims][1:] == [
        (other_index, other_account, other_amount, other_account)
    ]
    assert mine.errors == []


def test_the_stipend_shows_on_its_recipients_page(page, http, rewards):
    page.goto(f"/dashboard/contributors/{rewards['hiro']}")
    stream = http.get("/rewards/streams", params={"recipient": rewards["hiro"]}).json()["items"][-1]
    row = page.locator(f"#contributor-streams tr[data-stream-id='{stream['id']}']")
    assert row.locator("td[data-field='withdrawable'] data").get_attribute("value") == stream["withdrawable"]


@pytest.fixture(scope="module")
def giving(research, devnet, http, chain_facts):
    """A Research epoch open for ten days (default allowance: 100 GIVE), nobody has given yet."""
    w3, distributor = chain_facts["w3"], chain_facts["contracts"]["MerkleDistributor"]
    team_id = research["id"]
    members = [m["account"] for m in research["members"] if m["active"]]
    store = LocalStore(root=devnet.state_dir / "documents")
    cid = store.put(json.dumps({"kind": "epoch", "team": team_id, "open": "ten days"}).encode())
    now = w3.eth.get_block("latest")["timestamp"]
    receipt = None
    for member in members[: research["guardrails"]["approvals_required"]]:
        call = distributor.functions.openEpoch(team_id, 10 * 10**18, now, now + 10 * 86400, now + 20 * 86400, cid)
        receipt = w3.eth.wait_for_transaction_receipt(call.transact({"from": member}))
        assert receipt["status"] == 1
    epoch_id = distributor.functions.epochCount().call()
    mine(devnet, 1)
    wait_until_indexed(http, receipt["blockNumber"] + 1, documents=[])
    assert http.get(f"/rewards/epochs/{epoch_id}/allocations").json()["open"]
    return {"epoch_id": epoch_id, "team_id": team_id, "members": members}


def _fill(tab, epoch_id: int, gifts: dict[str, tuple[int, str]]) -> None:
    for account, (give, note) in gifts.items():
        row = tab.locator(f"#give-epoch-{epoch_id} tr[data-account='{account}']")
        row.locator("input[name=give]").fill(str(give))
        row.locator("input[name=note]").fill(note)


def _mine(http, epoch_id: int, giver: str) -> list[dict]:
    return [a for a in http.get(f"/rewards/epochs/{epoch_id}/allocations").json()["items"] if a["giver"] == giver]


def _chart_matches_results(tab, http, epoch_id: int) -> dict:
    """The page's chart and payout table show exactly GET /rewards/epochs/{id}/results."""
    result = http.get(f"/rewards/epochs/{epoch_id}/results").json()
    table = tab.locator(f"#epoch-{epoch_id}-payouts tbody tr")
    shown = table.evaluate_all(
        """rs => rs.map(r => [r.dataset.account, Number(r.querySelector("[data-field=give]").textContent),
            r.querySelector("[data-field=amount] data").value, r.querySelector("[data-field=capped]").textContent])"""
    )
    assert shown == [[p["account"], p["give"], p["amount"], "yes" if p["capped"] else "no"] for p in result["payouts"]]
    bars = tab.locator(f"#epoch-{epoch_id}-results svg rect.bar title").all_text_contents()
    assert bars == [f"{short(p['account'])}: {tokens(p['amount'])} ({p['give']} GIVE)" for p in result["payouts"]]
    widths = tab.locator(f"#epoch-{epoch_id}-results svg rect.bar").evaluate_all(
        "rs => rs.map(r => Number(r.getAttribute('width')))"
    )
    amounts = [int(p["amount"]) for p in result["payouts"]]
    for width, amount in zip(widths, amounts, strict=True):  # bar lengths in proportion to the amounts
        assert width == pytest.approx(max(widths) * amount / max(amounts), abs=0.2)
    return result


def test_a_member_gives_through_the_form_replaces_it_and_is_refused_over_the_allowance(
    wallet, http, giving, devnet, screenshot
):
    epoch_id, team_id = giving["epoch_id"], giving["team_id"]
    tab = wallet(FARID)
    farid = tab.account
    others = [m for m in giving["members"] if m.lower() != farid.lower()]
    assert farid in giving["members"] and len(others) >= 2
    first, second = others[0], others[1]

    settled(tab, f"/dashboard/workstreams/{team_id}")
    assert tab.locator(f"#epoch-{epoch_id}-results").count() == 0  # nobody gave: /results is 409
    assert http.get(f"/rewards/epochs/{epoch_id}/results").json()["error"]["code"] == "no_allocations"
    connect(tab)
    form = tab.locator(f"#give-epoch-{epoch_id}")
    form.wait_for(state="visible")
    # The page reads the epoch's allocations once connected, then hides the signer's own row
    # (nobody gives to themselves): wait for it, a loaded machine takes its time.
    form.locator(f"tr[data-account='{farid}']").wait_for(state="hidden")
    assert all(form.locator(f"tr[data-account='{o}']").is_visible() for o in others)
    remaining = tab.locator(f"#give-epoch-{epoch_id}-remaining")
    assert remaining.inner_text() == "100"

    # A first giving, with a hostile note: stored as signed, shown as text.
    _fill(tab, epoch_id, {first: (30, HOSTILE), second: (20, "")})
    assert remaining.inner_text() == "50"
    screenshot(tab, "19-give-form")
    act(tab, f"#give-epoch-{epoch_id}-button")
    screenshot(tab, "19-give-given")
    [given] = _mine(http, epoch_id, farid)
    assert {g["account"]: (g["give"], g["note"]) for g in given["receivers"]} == {
        first: (30, HOSTILE),
        second: (20, ""),
    }
    note = tab.locator(
        f"#epoch-{epoch_id}-allocations tr[data-giver='{farid}'][data-receiver='{first}'] td[data-field=note]"
    )
    assert note.inner_text() == HOSTILE
    assert tab.evaluate("window.__pwned ?? null") is None
    tab.wait_for_function("() => document.documentElement.dataset.actions === 'ready'")
    row = form.locator(f"tr[data-account='{first}']")  # pre-filled from the current allocation
    assert row.locator("input[name=give]").input_value() == "30"
    assert row.locator("input[name=note]").input_value() == HOSTILE
    assert remaining.inner_text() == "50"
    result = _chart_matches_results(tab, http, epoch_id)
    assert {p["account"]: p["give"] for p in result["payouts"]} == {first: 30, second: 20}

    # Giving again replaces it (a later issued_at), the chart follows.
    _fill(tab, epoch_id, {first: (40, ""), second: (60, "Kept the lights on")})
    assert remaining.inner_text() == "0"
    act(tab, f"#give-epoch-{epoch_id}-button")
    [replaced] = _mine(http, epoch_id, farid)
    assert replaced["cid"] != given["cid"] and replaced["issued_at"] > given["issued_at"]
    assert {g["account"]: (g["give"], g["note"]) for g in replaced["receivers"]} == {
        first: (40, ""),
        second: (60, "Kept the lights on"),
    }
    result = _chart_matches_results(tab, http, epoch_id)
    assert {p["account"]: p["give"] for p in result["payouts"]} == {first: 40, second: 60}
    assert sum(int(p["amount"]) for p in result["payouts"]) <= 10 * 10**18

    # Over the allowance: the API's refusal beside the button, nothing stored.
    tab.wait_for_function("() => document.documentElement.dataset.actions === 'ready'")
    _fill(tab, epoch_id, {first: (70, ""), second: (50, "")})
    assert remaining.inner_text() == "-20" and remaining.get_attribute("data-over") == "yes"
    tab.click(f"#give-epoch-{epoch_id}-button")
    status = tab.locator(f"#give-epoch-{epoch_id}-status[data-state=failed]")
    status.wait_for()
    screenshot(tab, "19-give-over-allowance")
    assert "over the epoch's allowance of 100" in status.inner_text()
    assert _mine(http, epoch_id, farid) == [replaced]
    assert tab.errors == []


def test_an_epoch_without_allocations_shows_no_chart(page, rewards):
    page.goto(f"/dashboard/workstreams/{rewards['team_id']}")
    assert page.locator(f"#epoch-{rewards['epoch_id']}-results").count() == 0
    assert page.locator(f"#give-epoch-{rewards['epoch_id']}").count() == 0  # ended: no giving


def test_the_new_views_pass_axe_with_and_without_a_wallet(page, wallet, rule_tasks, rewards, giving, devnet):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    paths = [
        f"/dashboard/tasks/{rule_tasks['abandoned']}",
        f"/dashboard/tasks/{rule_tasks['in_review']}",
        f"/dashboard/tasks/{rule_tasks['escalated']}",
        f"/dashboard/workstreams/{rewards['team_id']}",
        f"/dashboard/contributors/{address(devnet, KEMAL)}",
    ]
    found = {}
    for path in paths:
        page.goto(path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    member = wallet(HIRO)
    settled(member, paths[0])
    connect(member)
    for path in paths:
        settled(member, path)
        violations = axe.run(member).response["violations"]
        if violations:
            found["wallet " + path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}
