"""Signal votes on the dashboard, in a real headless Chromium over the demo devnet: demo
holders open and vote on signal proposals through the hub (POST /snapshot, as snapshot.js
posts), one is escalated with `teal propose --from-signal`; the pages show the API's live
scores and votes, link the escalation both ways, and pass the axe checks."""

from __future__ import annotations

import time

import httpx
import pytest
import test_wallet_actions as wallet_actions  # the test wallet and its helpers
from dashboard_common import CONTRIBUTOR, HOSTILE_MARKDOWN, HOSTILE_TITLE, PROPOSER
from eth_account import Account
from indexing import wait_until_indexed

from api.hub import typed

wallet = wallet_actions.wallet  # fixtures shared with the wallet-action tests
chain_facts = wallet_actions.chain_facts
settled, connect, act = wallet_actions.settled, wallet_actions.connect, wallet_actions.act

ANA, DMITRI = PROPOSER[1], 4  # delegates holding 850k and 630k votes: together above the 1M quorum


def _post(http, key, kind, message):
    account = Account.from_key(key)
    fields = typed.PROPOSAL if kind == "Proposal" else typed.vote_fields("uint32")
    message = {"from": account.address, "timestamp": int(time.time()), **message}
    types = {kind: fields}
    sig = account.sign_message(typed.signable(typed.DOMAIN, types, message)).signature.hex()
    r = http.post(
        "/snapshot",
        json={
            "address": account.address,
            "sig": "0x" + sig,
            "data": {"domain": typed.DOMAIN, "types": types, "message": message},
        },
    )
    assert r.status_code == 200, r.text
    return r.json()["id"]


def _signal(http, devnet, title, seconds, votes):
    head = int(
        httpx.post(devnet.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber"}).json()["result"], 16
    )
    now = int(time.time())
    proposal = _post(http, devnet.key(ANA), "Proposal", {
        "space": "dao", "type": "single-choice", "title": title, "body": "Shall we **do it**?", "discussion": "",
        "choices": ["Yes", "No", "Later"], "labels": [], "timestamp": now, "start": now, "end": now + seconds, "snapshot": head - 1,
        "plugins": "{}", "privacy": "", "app": "",
    })  # fmt: skip
    for index, choice in votes:
        _post(
            http,
            devnet.key(index),
            "Vote",
            {"space": "dao", "proposal": proposal, "choice": choice, "reason": "", "app": "", "metadata": "{}"},
        )
    return proposal


@pytest.fixture(scope="session")
def signals(devnet, http, teal, hostile):
    """A live signal vote (ana Yes, dmitri No) and a closed one with quorum, escalated to a
    Governor proposal by `teal propose --from-signal`, indexed."""
    live = _signal(http, devnet, "Open a Research grants round?", 3600, [(ANA, 1), (DMITRI, 2)])
    decided = _signal(http, devnet, "Fund the meetup venue list?", 10, [(ANA, 1), (DMITRI, 1)])
    time.sleep(max(0.0, http.get(f"/snapshot/proposals/{decided}").json()["end"] - time.time()) + 0.5)
    contributor = Account.from_key(devnet.key(CONTRIBUTOR[1])).address
    proposed = teal.json(
        "propose",
        "--title",
        "Fund the meetup venue list",
        "--summary",
        "As the signal vote asked",
        "--transfer",
        f"{contributor}=1",
        "--from",
        PROPOSER[0],
        "--from-signal",
        decided,
        "--api",
        devnet.api_url,
    )
    wait_until_indexed(http, proposed["block"], documents=[proposed["document_cid"]])
    return {"live": live, "decided": decided, "binding": proposed["proposal_id"]}


def test_signal_pages_show_live_scores_votes_and_the_escalation(page, http, signals, screenshot):
    live = http.get(f"/snapshot/proposals/{signals['live']}").json()
    votes = http.get(f"/snapshot/proposals/{signals['live']}/votes").json()["items"]

    page.goto("/dashboard")
    page.get_by_role("link", name="Signal votes").click()
    page.wait_for_url("**/dashboard/signals")
    screenshot(page, "10-signals")
    listed = page.locator("tr[data-signal-id]").evaluate_all("rows => rows.map(r => r.dataset.signalId)")
    page.click(f"tr[data-signal-id='{signals['live']}'] th a")
    page.wait_for_url(f"**/dashboard/signals/{signals['live']}")
    screenshot(page, "11-signal")
    scores = [float(page.locator(f"#scores dd[data-choice='{i}']").get_attribute("data-score")) for i in (1, 2, 3)]
    shown_votes = {
        row.get_attribute("data-voter"): float(row.locator("td[data-vp]").get_attribute("data-vp"))
        for row in page.locator("#signal-votes tbody tr[data-voter]").all()
    }
    live_state = page.locator("#scores-state").inner_text()
    page.goto(f"/dashboard/signals/{signals['decided']}")
    page.locator("#escalated a").click()
    page.wait_for_url(f"**/dashboard/proposals/{signals['binding']}")
    back = page.locator("#signal-link a").get_attribute("href")
    trail_signal = page.locator("#trail-signal a").get_attribute("href")

    assert signals["live"] in listed and signals["decided"] in listed
    assert scores == live["scores"] and live["scores"][0] > 0 and live["scores"][1] > 0
    assert shown_votes == {v["voter"]: v["vp"] for v in votes} and len(votes) == 2
    assert live_state.startswith("Live")
    assert back == trail_signal == f"/dashboard/signals/{signals['decided']}"
    assert page.dialogs == []


def test_signal_pages_pass_axe_and_unknown_ids_answer_404(page, http, signals):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in [
        "/dashboard/signals",
        f"/dashboard/signals/{signals['live']}",
        f"/dashboard/signals/{signals['decided']}",
    ]:
        page.goto(path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    unknown = http.get("/dashboard/signals/0x" + "00" * 32)
    malformed = http.get("/dashboard/signals/nope")
    no_space = http.get("/dashboard/signals", params={"space": "nowhere"})

    assert found == {}
    assert unknown.status_code == 404 and "no signal proposal" in unknown.text
    assert malformed.status_code == 404 and no_space.status_code == 404


def test_a_signal_page_shows_scores_by_strategy_as_the_votes_power_adds_up(page, http, signals):
    live = http.get(f"/snapshot/proposals/{signals['live']}").json()
    votes = http.get(f"/snapshot/proposals/{signals['live']}/votes").json()["items"]

    page.goto(f"/dashboard/signals/{signals['live']}")

    headers = page.locator("#scores-by-strategy thead th[data-strategy]").evaluate_all(
        "hs => hs.map(h => h.dataset.strategy)"
    )
    assert headers == [s["name"] for s in live["strategies"]] and headers
    for index, choice_score in enumerate(live["scores"], start=1):
        cells = page.locator(f"#scores-by-strategy tr[data-choice='{index}'] td[data-score]")
        shown = [float(v) for v in cells.evaluate_all("cs => cs.map(c => c.dataset.score)")]
        # single-choice: each strategy's column is the power its voters for this choice had under it
        expected = [sum(v["vp_by_strategy"][i] for v in votes if v["choice"] == index) for i in range(len(headers))]
        assert shown == pytest.approx(expected)
        assert sum(shown) == pytest.approx(choice_score)


def test_hostile_signal_titles_bodies_and_reasons_render_inert(page, http, devnet, hostile, screenshot):
    from test_dashboard_pages import CLEAN, inert

    head = int(
        httpx.post(devnet.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber"}).json()["result"], 16
    )
    now = int(time.time())
    proposal = _post(http, devnet.key(ANA), "Proposal", {
        "space": "dao", "type": "single-choice", "title": HOSTILE_TITLE, "body": HOSTILE_MARKDOWN, "discussion": "",
        "choices": ["<script>window.__pwned='choice'</script>", "No"], "labels": [], "timestamp": now, "start": now, "end": now + 3600,
        "snapshot": head - 1, "plugins": "{}", "privacy": "", "app": "",
    })  # fmt: skip
    _post(http, devnet.key(DMITRI), "Vote", {
        "space": "dao", "proposal": proposal, "choice": 1, "reason": "<img src=x onerror=\"window.__pwned='reason'\">",
        "app": "", "metadata": "{}",
    })  # fmt: skip

    for path in ("/dashboard/signals", f"/dashboard/signals/{proposal}"):
        page.goto(path)
        screenshot(page, "18-signal-hostile" + ("" if path.endswith("signals") else "-page"))
        assert inert(page) == CLEAN, path
        assert page.dialogs == []
    assert "<script>" in page.locator("h1").inner_text()
    assert "<script>window.__pwned" in page.locator("#signal-body").inner_text()
    assert page.locator("#signal-body a").evaluate_all("ls => ls.map(a => a.href)") == ["https://example.org/teal"]
    assert "onerror" in page.locator("#signal-votes").inner_text()
    assert "window.__pwned='choice'" in page.locator("#scores").inner_text()


def test_a_holder_escalates_a_closed_signal_vote_from_its_page(wallet, http, devnet, chain_facts, screenshot):
    """A closed signal vote with quorum, escalated with the wallet: the page publishes the
    proposal document linking the vote and its result, and the holder's wallet proposes the
    treasury transfer; the signal page then links the on-chain proposal, whose trail links back."""
    signal = _signal(http, devnet, "Print the venue guide?", 8, [(ANA, 1), (DMITRI, 1)])
    time.sleep(max(0.0, http.get(f"/snapshot/proposals/{signal}").json()["end"] - time.time()) + 0.5)
    closed = http.get(f"/snapshot/proposals/{signal}").json()
    assert closed["state"] == "closed" and closed["quorum_met"] and closed["escalated_to"] == []
    recipient = Account.from_key(devnet.key(CONTRIBUTOR[1])).address

    tab = wallet(PROPOSER)
    settled(tab, f"/dashboard/signals/{signal}")
    connect(tab)
    assert tab.locator("#escalate-form").is_visible()
    assert tab.locator("#escalate-title").input_value() == closed["title"]
    tab.fill("#escalate-summary", "Print 200 copies, as the vote asked.")
    tab.fill("#escalate-to", recipient)
    tab.fill("#escalate-amount", "12.5")
    screenshot(tab, "13-signal-escalate")
    act(tab, "#escalate-button")

    deadline = time.monotonic() + 60
    while not (links := http.get(f"/snapshot/proposals/{signal}").json()["escalated_to"]):
        assert time.monotonic() < deadline, "the escalating proposal's document was never indexed"
        time.sleep(0.5)
    (link,) = links
    binding = http.get(f"/proposals/{link['proposal_id']}").json()
    token = chain_facts["contracts"]["TealToken"]
    assert binding["proposer"] == Account.from_key(devnet.key(ANA)).address
    assert binding["document"]["body"]["signal"] == {
        "id": signal, "ipfs": closed["ipfs"], "space": "dao", "choices": closed["choices"], "scores": closed["scores"],
        "scores_total": closed["scores_total"], "quorum": closed["quorum"], "votes": 2,
    }  # fmt: skip
    assert binding["trail"]["signal_id"] == signal
    assert binding["targets"] == [token.address]
    fn, args = token.decode_function_input(binding["calldatas"][0])
    assert fn.fn_name == "transfer" and args == {"to": recipient, "value": 125 * 10**17}
    settled(tab, f"/dashboard/signals/{signal}")
    assert tab.locator("#escalated a").get_attribute("href") == f"/dashboard/proposals/{link['proposal_id']}"
    assert tab.locator("#escalate-form").count() == 0
    assert tab.errors == []
