"""Acting from the dashboard with a wallet, in a real headless Chromium against the session's
`teal up --fresh` devnet: no mock of the API, the contracts or the chain.

The wallet is a test double of a browser extension only: an EIP-1193 provider announced over
EIP-6963 (and set as window.ethereum) injected before the page loads. It forwards every request
to the devnet's chain (Anvil here, tests/dashboard/conftest.py), whose unlocked demo accounts
answer eth_sendTransaction and eth_signTypedData_v4 as a real wallet would, and it can be told to
decline a request, to start on another chain, to be locked, or to be absent. Its requests leave the page through a
Playwright binding, as an extension's do, so the page's CSP (connect-src 'self') still holds.

Screenshots of each action before and after go to reports/screenshots/wallet-*.png.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from dashboard_common import MEMBER, PROPOSER
from devnet import mine
from eth_account import Account
from web3 import Web3

from api.chain.types import MemberChangeInfo, TaskInfo, decode_view

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
      window.__walletCallsBy = { ...(window.__walletCallsBy || {}), [info.rdns]: [...((window.__walletCallsBy || {})[info.rdns] || []), method] };
      if (cfg.reject.includes(method)) throw { code: 4001, message: "User rejected the request." };
      if (method === "eth_requestAccounts" || method === "eth_accounts") return cfg.locked ? [] : [cfg.account];
      if (method === "eth_chainId") return chainId;
      if (method === "wallet_switchEthereumChain") {
        if (!cfg.knows.includes(params[0].chainId)) throw { code: 4902, message: "Unrecognized chain ID" };
        chainId = params[0].chainId; emit("chainChanged", chainId); return null;
      }
      if (method === "wallet_addEthereumChain") { cfg.knows.push(params[0].chainId); chainId = params[0].chainId; emit("chainChanged", chainId); return null; }
      // Pages send typed data as a JSON string (what MetaMask takes); the dev node wants the object.
      if (method === "eth_signTypedData_v4" && typeof params[1] === "string") params = [params[0], JSON.parse(params[1])];
      const answer = await window.__tealWalletRpc(method, params || []);
      if (answer.error) throw answer.error;
      return answer.result;
    },
    on(name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    removeListener() {},
  };
  const info = cfg.info || { uuid: "5f0d1d2c-0000-4000-8000-7ea17ea17ea1", name: "Teal Test Wallet", rdns: "org.teal.testwallet",
                 icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E" };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  if (!window.ethereum) window.ethereum = provider;
}
"""


SECOND_WALLET = {
    "uuid": "0b7c4a4e-0000-4000-8000-5ec0dd5ec0dd",
    "name": "Second Test Wallet",
    "rdns": "org.teal.second",
    "icon": "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 2 2'%3E%3Crect width='2' height='2'/%3E%3C/svg%3E",
}


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
    that demo account. Options: absent, locked, reject=[methods], wrong_chain, and second=(a demo
    person): a second wallet extension ("Second Test Wallet") announced beside the first."""
    contexts = []
    chain_id = hex(Web3(Web3.HTTPProvider(server.rpc_url)).eth.chain_id)

    def rpc(_source, method, params):
        reply = httpx.post(
            server.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}, timeout=60
        ).json()
        return {"result": reply.get("result")} if "error" not in reply else {"error": reply["error"]}

    def open_wallet(person=None, *, absent=False, locked=False, reject=(), wrong_chain=False, second=None):
        context = browser.new_context(base_url=server.api_url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.expose_binding("__tealWalletRpc", rpc)
        account = Account.from_key(server.key(person[1])).address if person else None
        cfg = {
            "absent": absent,
            "locked": locked,
            "reject": list(reject),
            "account": account,
            "chainId": "0x1" if wrong_chain else chain_id,
            "knows": ["0x1"] if wrong_chain else [chain_id],
        }
        context.add_init_script(f"({WALLET_JS})({json.dumps(cfg)})")
        if second is not None:
            other = {**cfg, "account": Account.from_key(server.key(second[1])).address, "info": SECOND_WALLET}
            context.add_init_script(f"({WALLET_JS})({json.dumps(other)})")
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
    # The page's actions decided (some ask the chain first): pages without any are ready at once.
    tab.wait_for_function(
        "() => !document.getElementById('act') || document.documentElement.dataset.actions === 'ready'"
    )


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
    created = teal.json(
        "task",
        "create",
        "--workstream",
        str(hostile["workstream_id"]),
        "--reward",
        "7",
        "--title",
        "Translate the onboarding guide",
        "--description",
        "Into Portuguese.",
        "--criterion",
        "a native speaker approves",
        "--from",
        MEMBER[0],
    )
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
    proposal = teal.json(
        "propose",
        "--title",
        "Fund translations",
        "--summary",
        "Pay for two languages.",
        "--transfer",
        f"{holder.account}=1",
        "--from",
        PROPOSER[0],
    )
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


def test_with_two_wallets_installed_the_page_lists_them_and_the_pick_survives_a_reload(
    wallet, open_task, server, screenshot
):
    tab = wallet(CLAIMANT, second=REVIEWERS[1])
    second = Account.from_key(server.key(REVIEWERS[1][1])).address
    settled(tab, f"/dashboard/tasks/{open_task}")
    tab.click("#wallet-connect")
    tab.wait_for_selector("#wallet-choices:not([hidden])")
    choices = tab.locator("#wallet-choices button")
    assert choices.all_inner_texts() == ["Teal Test Wallet", "Second Test Wallet"]
    assert [
        src.startswith("data:image/svg+xml")
        for src in choices.locator("img").evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))")
    ] == [True, True]
    assert tab.locator("#wallet-account").is_hidden()  # nothing connected before the pick
    screenshot(tab, "wallet-14-chooser")
    tab.click("#wallet-choices button[data-rdns='org.teal.second']")
    tab.wait_for_selector("#wallet-account:not([hidden])")
    assert tab.locator("#wallet-address").get_attribute("title") == second != tab.account
    assert "eth_requestAccounts" in tab.evaluate("window.__walletCallsBy['org.teal.second']")
    assert "eth_requestAccounts" not in tab.evaluate("window.__walletCallsBy['org.teal.testwallet'] || []")
    screenshot(tab, "wallet-15-chooser-picked")

    tab.reload()
    tab.wait_for_selector("html[data-wallet='ready']")
    assert tab.locator("#wallet-address").get_attribute("title") == second  # the pick, without asking again
    assert tab.locator("#wallet-choices").count() == 0
    assert tab.evaluate("window.__walletCallsBy['org.teal.testwallet'] || []") == []
    assert tab.errors == []


def test_a_passed_proposal_is_queued_then_executed_from_its_page_when_due(
    wallet, http, teal, server, chain_facts, screenshot
):
    w3, contracts = chain_facts["w3"], chain_facts["contracts"]
    governor, votes_token = contracts["TealGovernor"], contracts["TealToken"]
    payee = Account.create().address
    proposal = teal.json(
        "propose",
        "--title",
        "Pay a translator",
        "--summary",
        "Three tokens.",
        "--transfer",
        f"{payee}=3",
        "--from",
        PROPOSER[0],
    )
    pid = int(proposal["proposal_id"])
    mine(server, 3)
    # Enough demo holders vote for it (the dev node's unlocked accounts) to pass quorum.
    snapshot = governor.functions.proposalSnapshot(pid).call()
    needed, counted = governor.functions.quorum(snapshot).call(), 0
    for index in range(1, 11):
        if counted > needed:
            break
        holder = Account.from_key(server.key(index)).address
        weight = votes_token.functions.getPastVotes(holder, snapshot).call()
        if weight and not governor.functions.hasVoted(pid, holder).call():
            governor.functions.castVote(pid, 1).transact({"from": holder})
            counted += weight
    mine(server, governor.functions.proposalDeadline(pid).call() - w3.eth.block_number + 1)
    wait_indexed(http, w3.eth.block_number)
    assert http.get(f"/proposals/{pid}").json()["state"] == "succeeded"

    tab = wallet(REVIEWERS[1])
    settled(tab, f"/dashboard/proposals/{pid}")
    assert tab.locator("#act").is_hidden()  # no wallet connected: no button
    connect(tab)
    assert tab.locator("#queue-button").is_visible() and tab.locator("#execute-form").count() == 0
    screenshot(tab, "wallet-16-queue-before")
    act(tab, "#queue-button")
    screenshot(tab, "wallet-17-queue-after")
    assert http.get(f"/proposals/{pid}").json()["state"] == "queued"
    assert governor.functions.state(pid).call() == 5  # Queued
    eta = governor.functions.proposalEta(pid).call()
    assert w3.eth.get_block("latest")["timestamp"] < eta
    # Not yet due: the page says when, and shows no Execute button.
    assert tab.locator("#queue-form").count() == 0
    assert tab.locator("#execute-button").is_hidden() and tab.locator("#execute-wait").is_visible()

    def rpc(method, params):
        return httpx.post(
            server.rpc_url,
            json={
                "jsonrpc": "2.0",
                "id": 1,
                "method": method,
                "params": params,
            },
        ).raise_for_status()

    rpc("evm_increaseTime", [eta - w3.eth.get_block("latest")["timestamp"] + 1])
    rpc("evm_mine", [])
    wait_indexed(http, w3.eth.block_number)
    settled(tab, f"/dashboard/proposals/{pid}")
    assert tab.locator("#execute-button").is_visible() and tab.locator("#execute-wait").is_hidden()
    screenshot(tab, "wallet-18-execute-before")
    act(tab, "#execute-button")
    screenshot(tab, "wallet-19-execute-after")
    assert http.get(f"/proposals/{pid}").json()["state"] == "executed"
    assert governor.functions.state(pid).call() == 7  # Executed
    assert votes_token.functions.balanceOf(payee).call() == 3 * 10 ** votes_token.functions.decimals().call()
    assert tab.locator("#act").count() == 0 and tab.errors == []


def _person(server, address: str) -> tuple[str, int]:
    """The demo (name, key index) of a member's address."""
    for index in range(20):
        if Account.from_key(server.key(index)).address == address:
            return (address[:8], index)
    raise AssertionError(f"{address} is no demo account")


def test_a_member_creates_a_task_with_a_hostile_title_and_it_shows_as_text_on_the_board(
    wallet, http, hostile, chain_facts, screenshot
):
    team_id = hostile["workstream_id"]
    team = http.get(f"/workstreams/{team_id}").json()
    board, token = chain_facts["contracts"]["TaskBoard"], chain_facts["contracts"]["TealToken"]
    assert token.address == team["token"]
    unit = 10 ** token.functions.decimals().call()
    member = wallet(REVIEWERS[0])
    assert member.account in [m["account"] for m in team["members"] if m["active"]]
    before = board.functions.taskCount().call()

    settled(member, f"/dashboard/workstreams/{team_id}")
    connect(member)
    assert member.locator("#member-change-form").is_visible()
    member.fill("#task-title", HOSTILE)
    member.fill("#task-description", f"# {HOSTILE}\n\nTranslate the glossary.")
    member.fill("#task-criterion", HOSTILE)
    member.fill("#task-reward", "2.5")
    member.fill("#task-deadline", "2027-01-31")
    member.fill("#task-claim-days", "3")
    assert "the team's claim bond" in member.locator("#task-bond").inner_text()
    screenshot(member, "wallet-20-create-task-before")
    act(member, "#create-task-button")
    screenshot(member, "wallet-21-create-task-after")

    task_id = board.functions.taskCount().call()
    assert task_id == before + 1
    on_chain = board.functions.task(task_id).call()
    assert (on_chain[0], on_chain[2], on_chain[5], on_chain[6]) == (team_id, 1, 3 * 86400, 5 * unit // 2)  # Open
    detail = http.get(f"/tasks/{task_id}").json()
    assert detail["title"] == HOSTILE and detail["status"] == "open" and detail["reward"] == str(5 * unit // 2)
    spec = http.get(f"/documents/{detail['spec_cid']}").json()
    assert spec["author"] == member.account and spec["schema"] == "teal/task-spec@1"
    assert spec["body"]["deadline"].startswith("2027-01-31T23:59:59")
    assert spec["body"]["acceptance_criteria"] == [HOSTILE]
    # Shown as text on the board (no reload by hand: the action refreshed the page) and elsewhere.
    card = member.locator(f".task-card[data-task-id='{task_id}']")
    assert HOSTILE in card.inner_text()
    for path in (f"/dashboard/tasks/{task_id}", f"/dashboard/tasks?workstream_id={team_id}"):
        settled(member, path)
        assert HOSTILE in member.locator("main").inner_text(), path
    assert member.evaluate("window.__pwned ?? null") is None and member.errors == []
    assert member.evaluate("[...document.scripts].map(s => new URL(s.src).pathname)") == ["/dashboard/static/wallet.js"]

    outsider = wallet(CLAIMANT)
    settled(outsider, f"/dashboard/workstreams/{team_id}")
    connect(outsider)
    assert outsider.locator("#act").is_hidden()  # not a member: no form


def test_a_member_proposes_adding_someone_and_the_others_approve_from_their_browsers(
    wallet, http, hostile, chain_facts, server, screenshot
):
    team_id = hostile["workstream_id"]
    workstreams = chain_facts["contracts"]["Workstreams"]
    members = [m["account"] for m in http.get(f"/workstreams/{team_id}").json()["members"] if m["active"]]
    newcomer = Account.create().address
    proposer = wallet(REVIEWERS[0])
    others = [a for a in members if a != proposer.account]
    # REVIEWERS[1] first: the "another member approves" of the brief; then as many as a majority needs.
    others.sort(key=lambda a: a != Account.from_key(server.key(REVIEWERS[1][1])).address)

    settled(proposer, f"/dashboard/workstreams/{team_id}")
    connect(proposer)
    proposer.fill("#member-account", newcomer)
    screenshot(proposer, "wallet-22-member-propose-before")
    act(proposer, "#propose-member-button")
    screenshot(proposer, "wallet-23-member-propose-after")
    change_id = workstreams.functions.memberChangeCount().call()
    change = workstreams.functions.memberChange(change_id).call()
    assert (change[0], change[1], change[2], change[3], change[4]) == (team_id, newcomer, True, False, 1)
    assert (
        newcomer in proposer.locator(f"#change-{change_id}").inner_text()
        or newcomer[:6] in proposer.locator(f"#change-{change_id}").inner_text()
    )
    assert proposer.locator(f"#approve-change-{change_id}").is_hidden()  # proposing was the approval

    approvals = 1
    for n, address in enumerate(others):
        if approvals * 2 > len(members):
            break
        member = wallet(_person(server, address))
        settled(member, f"/dashboard/workstreams/{team_id}")
        connect(member)
        if n == 0:
            screenshot(member, "wallet-24-member-approve-before")
        act(member, f"#approve-change-{change_id}-button")
        approvals += 1
        if n == 0:
            screenshot(member, "wallet-25-member-approve-after")
    assert workstreams.functions.isMember(team_id, newcomer).call()
    assert decode_view(
        MemberChangeInfo, workstreams.abi, "memberChange", workstreams.functions.memberChange(change_id).call()
    ).executed
    team = http.get(f"/workstreams/{team_id}").json()
    assert newcomer in [m["account"] for m in team["members"] if m["active"]]
    assert team["member_count"] == len(members) + 1
    settled(member, f"/dashboard/workstreams/{team_id}")
    # No longer awaiting approval: listed among the past changes as executed, with no approve button.
    assert member.locator(f"#closed-changes #change-{change_id}").get_attribute("data-state") == "executed"
    assert member.locator(f"#approve-change-{change_id}").count() == 0
    assert member.locator(f".members a[title='{newcomer}']").count() == 1


def test_the_bundle_is_sent_gzipped_to_a_browser_that_accepts_it(http):
    plain = http.get("/dashboard/static/wallet.js", headers={"Accept-Encoding": "identity"})
    zipped = http.get("/dashboard/static/wallet.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "content-encoding" not in plain.headers and zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx unzips: the same module
    assert int(zipped.headers["content-length"]) < len(plain.content) / 2
    assert zipped.headers["content-type"].startswith("text/javascript")
    assert "script-src 'self'" in zipped.headers["content-security-policy"]


def test_pages_with_a_connected_wallet_pass_axe(wallet, open_task, hostile, server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tab = wallet(REVIEWERS[0])
    settled(tab, "/dashboard")
    connect(tab)
    holder = Account.from_key(server.key(REVIEWERS[0][1])).address
    for path in (
        "/dashboard",
        f"/dashboard/tasks/{open_task}",
        f"/dashboard/contributors/{holder}",
        f"/dashboard/proposals/{hostile['proposal_id']}",
        f"/dashboard/workstreams/{hostile['workstream_id']}",
    ):
        settled(tab, path)
        assert tab.locator("#wallet-account").is_visible()
        violations = axe.run(tab).response["violations"]
        assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])
