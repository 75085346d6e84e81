"""Acting from the dashboard with a wallet, in a real headless Chromium against the session's
`teal up --fresh` devnet: no mock of the API, the contracts or the chain.

The wallet is a test double of a browser extension only: an EIP-1193 provider announced over
EIP-6963 (and set as window.ethereum) injected before the page loads. It forwards every request
to the devnet's Ganache, whose unlocked demo accounts answer eth_sendTransaction and
eth_signTypedData_v4 as a real wallet would, and it can be told to decline a request, to start
on another chain, to be locked, or to be absent. Its requests leave the page through a
Playwright binding, as an extension's do, so the page's CSP (connect-src 'self') still holds.

Screenshots of each action before and after go to reports/screenshots/wallet-*.png.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from conftest import mine
from dashboard_common import MEMBER, PROPOSER
from eth_account import Account
from web3 import Web3

from api.chain.types import TaskInfo, decode_view

# Demo people (scripts/demo_dao_content.py PEOPLE) no other dashboard test acts as.
CLAIMANT = ("lena", 12)  # contributor
REVIEWERS = (("esi", 5), ("jonas", 10))  # Community members
DELEGATOR = ("isabel", 9)  # holder who never delegated: her tokens carry no votes yet
BALLOT_VOTER = ("ben", 2)  # delegated holder, votes gaslessly
HOSTILE = "Ship </script><script>window.__pwned='form'</script> it"

WALLET_JS = """
(cfg) => {
  if (cfg.absent) return;
  let chainId = cfg.chainId;
  const listeners = {};
  const emit = (name, value) => (listeners[name] || []).forEach((fn) => fn(value));
  const provider = {
    isTealTestWallet: true,
    async request({ method, params }) {
      window.__walletCalls = [...(window.__walletCalls || []), method];
      if (cfg.reject.includes(method)) throw { code: 4001, message: "User rejected the request." };
      if (method === "eth_requestAccounts" || method === "eth_accounts") return cfg.locked ? [] : [cfg.account];
      if (method === "eth_chainId") return chainId;
      if (method === "wallet_switchEthereumChain") {
        if (!cfg.knows.includes(params[0].chainId)) throw { code: 4902, message: "Unrecognized chain ID" };
        chainId = params[0].chainId; emit("chainChanged", chainId); return null;
      }
      if (method === "wallet_addEthereumChain") { cfg.knows.push(params[0].chainId); chainId = params[0].chainId; emit("chainChanged", chainId); return null; }
      // Pages send typed data as a JSON string (what MetaMask takes); Ganache wants the object.
      if (method === "eth_signTypedData_v4" && typeof params[1] === "string") params = [params[0], JSON.parse(params[1])];
      const answer = await window.__tealWalletRpc(method, params || []);
      if (answer.error) throw answer.error;
      return answer.result;
    },
    on(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    removeListener() {},
  };
  const info = { uuid: "5f0d1d2c-0000-4000-8000-7ea17ea17ea1", name: "Teal Test Wallet", rdns: "org.teal.testwallet",
                 icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E" };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  window.ethereum = provider;
}
"""


def wait_indexed(http, block: int) -> None:
    """The indexer has reached `block` (documents aside: the session's `unreadable` fixture
    leaves one pending for ever)."""
    deadline = time.monotonic() + 60
    while http.get("/chain").json()["indexed_block"] < block:
        assert time.monotonic() < deadline, f"the indexer did not reach block {block}"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def chain_facts(server, http):
    facts = http.get("/dashboard/wallet/config.json").json()
    w3 = Web3(Web3.HTTPProvider(server.rpc_url))
    manifest = json.loads((server.state_dir / "manifest.json").read_text())["contracts"]
    contracts = {name: w3.eth.contract(address=c["address"], abi=c["abi"]) for name, c in manifest.items()}
    return {"config": facts, "w3": w3, "contracts": contracts}


@pytest.fixture
def wallet(browser, server):
    """wallet(person, **options) -> a page in a fresh browser context with the test wallet of
    that demo account. Options: absent, locked, reject=[methods], wrong_chain."""
    contexts = []
    chain_id = hex(Web3(Web3.HTTPProvider(server.rpc_url)).eth.chain_id)

    def rpc(_source, method, params):
        reply = httpx.post(server.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params},
                           timeout=60).json()
        return {"result": reply.get("result")} if "error" not in reply else {"error": reply["error"]}

    def open_wallet(person=None, *, absent=False, locked=False, reject=(), wrong_chain=False):
        context = browser.new_context(base_url=server.api_url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.expose_binding("__tealWalletRpc", rpc)
        account = Account.from_key(server.key(person[1])).address if person else None
        cfg = {"absent": absent, "locked": locked, "reject": list(reject), "account": account,
               "chainId": "0x1" if wrong_chain else chain_id, "knows": ["0x1"] if wrong_chain else [chain_id]}
        context.add_init_script(f"({WALLET_JS})({json.dumps(cfg)})")
        tab = context.new_page()
        tab.account = account
        tab.errors = []
        tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
        return tab

    yield open_wallet
    for context in contexts:
        context.close()


def settled(tab, path: str) -> None:
    tab.goto(path)
    tab.wait_for_selector("html[data-wallet='ready']")


def connect(tab) -> None:
    tab.click("#wallet-connect")
    tab.wait_for_selector("#wallet-account:not([hidden])")


def act(tab, button: str, timeout: float = 90_000) -> float:
    """Click `button`, wait for the page to reload showing the mined outcome;
    the seconds from the click to the refreshed page."""
    tab.evaluate("document.querySelectorAll('[data-state=mined]').forEach(e => { e.dataset.state = 'seen'; })")
    started = time.monotonic()
    tab.click(button)
    # Only the reloaded page says "mined" (from the outcome the action left for it).
    tab.wait_for_function("() => document.querySelector('[data-state=mined], [data-state=failed]')", timeout=timeout)
    failed = tab.locator("[data-state=failed]")
    assert failed.count() == 0, (failed.first.inner_text(), tab.evaluate("window.__walletCalls"), tab.errors)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def open_task(server, http, teal, hostile):
    """A fresh open task in Community (no claim bond), created by a member with `teal`."""
    created = teal.json("task", "create", "--workstream", str(hostile["workstream_id"]), "--reward", "7",
                        "--title", "Translate the onboarding guide", "--description", "Into Portuguese.",
                        "--criterion", "a native speaker approves", "--from", MEMBER[0])
    wait_indexed(http, created["block"])
    return int(created["task_id"])


def test_without_a_wallet_the_page_says_how_to_get_one_and_shows_no_action(wallet, open_task, screenshot):
    tab = wallet(absent=True)
    settled(tab, f"/dashboard/tasks/{open_task}")
    assert tab.locator("#act").is_hidden()
    tab.click("#wallet-connect")
    tab.wait_for_selector("#wallet-status[data-state=failed]")
    status = tab.locator("#wallet-status")
    assert status.inner_text().startswith("No wallet found in this browser.")
    assert status.locator("a").get_attribute("href") == "https://ethereum.org/en/wallets/find-wallet/"
    screenshot(tab, "wallet-00-no-wallet")
    assert tab.errors == []


def test_a_declined_connection_and_a_locked_wallet_are_said_beside_the_button(wallet, open_task):
    tab = wallet(CLAIMANT, reject=["eth_requestAccounts"])
    settled(tab, f"/dashboard/tasks/{open_task}")
    tab.click("#wallet-connect")
    tab.wait_for_selector("#wallet-status[data-state=failed]")
    assert tab.locator("#wallet-status").inner_text() == "You declined the request in your wallet; nothing was sent."
    assert tab.locator("#act").is_hidden()

    locked = wallet(CLAIMANT, locked=True)
    settled(locked, f"/dashboard/tasks/{open_task}")
    locked.click("#wallet-connect")
    locked.wait_for_selector("#wallet-status[data-state=failed]")
    assert "locked" in locked.locator("#wallet-status").inner_text()


def test_a_wallet_on_another_chain_is_asked_to_add_and_switch_and_the_account_survives_reload(
    wallet, open_task, chain_facts, screenshot
):
    tab = wallet(CLAIMANT, wrong_chain=True)
    settled(tab, f"/dashboard/tasks/{open_task}")
    screenshot(tab, "wallet-01-before-connect")
    connect(tab)
    calls = tab.evaluate("window.__walletCalls")
    assert calls.index("wallet_switchEthereumChain") < calls.index("wallet_addEthereumChain")
    assert tab.locator("#wallet-chain").inner_text() == str(chain_facts["config"]["chainId"])
    assert tab.locator("#wallet-address").get_attribute("href") == f"/dashboard/contributors/{tab.account}"
    assert tab.locator("#claim-form").is_visible()
    screenshot(tab, "wallet-02-connected")

    tab.reload()
    tab.wait_for_selector("html[data-wallet='ready']")
    assert tab.locator("#wallet-account").is_visible()  # remembered, no new prompt
    assert "eth_requestAccounts" not in tab.evaluate("window.__walletCalls")
    tab.click("#wallet-disconnect")
    assert tab.locator("#wallet-connect").is_visible() and tab.locator("#act").is_hidden()
    tab.reload()
    tab.wait_for_selector("html[data-wallet='ready']")
    assert tab.locator("#wallet-connect").is_visible()


def test_a_declined_signature_sends_nothing(wallet, open_task, http):
    tab = wallet(CLAIMANT, reject=["eth_signTypedData_v4"])
    settled(tab, f"/dashboard/tasks/{open_task}")
    connect(tab)
    tab.click("#claim-button")
    tab.wait_for_selector("#claim-status[data-state=failed]")
    assert tab.locator("#claim-status").inner_text() == "You declined the request in your wallet; nothing was sent."
    assert http.get(f"/tasks/{open_task}").json()["status"] == "open"


def test_claim_gaslessly_submit_two_members_approve_and_the_contributor_sees_the_payment(
    wallet, open_task, http, chain_facts, screenshot, server, record_property
):
    w3, facts = chain_facts["w3"], chain_facts["config"]
    board = chain_facts["contracts"]["TaskBoard"]
    task = http.get(f"/tasks/{open_task}").json()
    team = http.get(f"/workstreams/{task['workstream_id']}").json()
    assert team["guardrails"]["approvals_required"] <= len(REVIEWERS)
    tab = wallet(CLAIMANT)
    eth_before = w3.eth.get_balance(tab.account)

    # Claim, the relayer paying the gas.
    settled(tab, f"/dashboard/tasks/{open_task}")
    connect(tab)
    terms = tab.locator("#claim-form").inner_text()
    assert tab.locator("#reward").inner_text() in terms and "this team asks no bond" in terms
    screenshot(tab, "wallet-03-claim-before")
    seconds = act(tab, "#claim-button")
    record_property("claim_to_shown_s", round(seconds, 2))
    print(f"\nclick Claim -> page shows the claim: {seconds:.2f} s")
    screenshot(tab, "wallet-04-claim-after")
    assert tab.locator("#status").inner_text() == "claimed"
    detail = http.get(f"/tasks/{open_task}").json()
    assert detail["status"] == "claimed" and detail["claimant"] == tab.account
    assert detail["claims"][-1]["relayer"] == facts["relayer"] != tab.account
    assert decode_view(TaskInfo, board.abi, "task", board.functions.task(open_task).call()).claimant == tab.account
    assert w3.eth.get_balance(tab.account) == eth_before  # the claimant paid no gas

    # Submit: document signed by the wallet, published, then sent; a hostile title stays text.
    tab.fill("#submit-summary", HOSTILE)
    tab.fill("#submit-label", HOSTILE)
    tab.fill("#submit-uri", "https://example.org/pt/onboarding")
    tab.fill("#submit-notes", f"# {HOSTILE}\n\nDone.")
    screenshot(tab, "wallet-05-submit-before")
    act(tab, "#submit-button")
    screenshot(tab, "wallet-06-submit-after")
    detail = http.get(f"/tasks/{open_task}").json()
    assert detail["status"] == "submitted"
    cid = detail["submissions"][-1]["deliverable_cid"]
    document = http.get(f"/documents/{cid}").json()
    assert document["author"] == tab.account and document["body"]["summary"] == HOSTILE
    assert HOSTILE in tab.locator(".submission").first.inner_text()
    assert tab.evaluate("window.__pwned ?? null") is None
    assert tab.evaluate("[...document.scripts].map(s => new URL(s.src).pathname)") == ["/dashboard/static/wallet.js"]

    # Two members approve, each from their own browser.
    token = w3.eth.contract(address=team["token"], abi=chain_facts["contracts"]["TealToken"].abi)
    balance_before = token.functions.balanceOf(tab.account).call()
    for n, reviewer in enumerate(REVIEWERS[: team["guardrails"]["approvals_required"]]):
        member = wallet(reviewer)
        settled(member, f"/dashboard/tasks/{open_task}")
        connect(member)
        assert member.locator("#review-form").is_visible() and member.locator("#claim-form").count() == 0
        member.fill("#review-comments", f"Reads well. {HOSTILE}")
        screenshot(member, f"wallet-07-approve-{n}-before")
        act(member, "#approve-button")
        screenshot(member, f"wallet-08-approve-{n}-after")
        assert member.evaluate("window.__pwned ?? null") is None

    detail = http.get(f"/tasks/{open_task}").json()
    assert detail["status"] == "paid"
    needed = team["guardrails"]["approvals_required"]
    assert [(r["verdict"], r["reviewer"]) for r in detail["reviews"]] == [
        ("approve", Account.from_key(server.key(index)).address) for _, index in REVIEWERS[:needed]
    ]
    paid = sum(int(p["amount"]) for p in detail["payments"] if p["recipient"] == tab.account)
    assert paid == int(task["reward"])
    assert token.functions.balanceOf(tab.account).call() - balance_before == paid

    # The contributor's own page shows the payment.
    settled(tab, f"/dashboard/contributors/{tab.account}")
    earned = http.get(f"/contributors/{tab.account}").json()
    shown = tab.locator("#figures dd[data-field='earnings'] data").evaluate_all("ds => ds.map(d => d.value)")
    assert shown == [e["amount"] for e in earned["earnings"]]
    assert any(int(e["amount"]) >= paid for e in earned["earnings"] if e["token"] == team["token"])
    screenshot(tab, "wallet-09-contributor-paid")


def test_a_holder_delegates_then_votes_with_a_reason_and_another_votes_gaslessly(
    wallet, http, teal, server, chain_facts, screenshot, hostile
):
    w3 = chain_facts["w3"]
    votes_token = chain_facts["contracts"]["TealToken"]
    holder = wallet(DELEGATOR)
    assert votes_token.functions.getVotes(holder.account).call() == 0

    # Delegate to herself from her own contributor page (the form is on her page only).
    settled(holder, f"/dashboard/contributors/{holder.account}")
    connect(holder)
    screenshot(holder, "wallet-10-delegate-before")
    act(holder, "#delegate-button")
    screenshot(holder, "wallet-11-delegate-after")
    balance = votes_token.functions.balanceOf(holder.account).call()
    assert votes_token.functions.getVotes(holder.account).call() == balance > 0
    mine_ = http.get(f"/contributors/{holder.account}").json()
    assert mine_["delegate"] == holder.account and mine_["voting_power"] == str(balance)
    assert holder.locator("#figures dd[data-field='delegate']").inner_text() == "self"
    settled(holder, f"/dashboard/contributors/{w3.eth.accounts[0]}")
    assert holder.locator("#act").is_hidden()  # someone else's page: no delegate form

    # A proposal made after the delegation, so her votes count at its snapshot.
    proposal = teal.json("propose", "--title", "Fund translations", "--summary", "Pay for two languages.",
                         "--transfer", f"{holder.account}=1",
                         "--from", PROPOSER[0])
    mine(server, 3)
    wait_indexed(http, w3.eth.block_number)

    settled(holder, f"/dashboard/proposals/{proposal['proposal_id']}")
    holder.check("input[name=support][value='1']")
    holder.fill("#vote-reason", HOSTILE)
    screenshot(holder, "wallet-12-vote-before")
    act(holder, "#vote-button")
    screenshot(holder, "wallet-13-vote-after")
    votes = {v["voter"]: v for v in http.get(f"/proposals/{proposal['proposal_id']}/votes").json()["items"]}
    assert votes[holder.account]["support"] == "for" and votes[holder.account]["reason"] == HOSTILE
    assert votes[holder.account]["weight"] == str(balance)
    governor = chain_facts["contracts"]["TealGovernor"]
    assert governor.functions.hasVoted(int(proposal["proposal_id"]), holder.account).call()
    assert HOSTILE in holder.locator("main").inner_text() and holder.evaluate("window.__pwned ?? null") is None

    # Voting twice: the chain's GovernorAlreadyCastVote, in the words `teal vote` prints.
    holder.check("input[name=support][value='2']")
    holder.check("input[name=gas][value='self']")
    holder.click("#vote-button")
    holder.wait_for_selector("#vote-status[data-state=failed]")
    short = f"{holder.account[:6]}..{holder.account[-4:]}"
    assert holder.locator("#vote-status").inner_text() == f"{short} has already voted on this proposal"

    # Another holder votes against without a reason: the relayer pays.
    voter = wallet(BALLOT_VOTER)
    eth_before = w3.eth.get_balance(voter.account)
    settled(voter, f"/dashboard/proposals/{proposal['proposal_id']}")
    connect(voter)
    voter.check("input[name=support][value='0']")
    act(voter, "#vote-button")
    votes = {v["voter"]: v for v in http.get(f"/proposals/{proposal['proposal_id']}/votes").json()["items"]}
    assert votes[voter.account]["support"] == "against"
    assert w3.eth.get_balance(voter.account) == eth_before
    assert "the relayer paid the gas" in voter.locator("[data-state=mined]").first.inner_text()


def test_a_contributor_who_is_no_member_sees_no_review_form(wallet, http, hostile):
    assert http.get(f"/tasks/{hostile['task_id']}").json()["status"] == "submitted"
    tab = wallet(CLAIMANT)
    settled(tab, f"/dashboard/tasks/{hostile['task_id']}")
    connect(tab)
    assert tab.locator("#review-form").is_hidden() and tab.locator("#act").is_hidden()


def test_pages_with_a_connected_wallet_pass_axe(wallet, open_task, hostile, server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tab = wallet(REVIEWERS[0])
    settled(tab, "/dashboard")
    connect(tab)
    holder = Account.from_key(server.key(REVIEWERS[0][1])).address
    for path in ("/dashboard", f"/dashboard/tasks/{open_task}", f"/dashboard/contributors/{holder}",
                 f"/dashboard/proposals/{hostile['proposal_id']}"):
        settled(tab, path)
        assert tab.locator("#wallet-account").is_visible()
        violations = axe.run(tab).response["violations"]
        assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
