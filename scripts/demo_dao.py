"""Seed a demo DAO that looks like a real one, through the contracts' public functions only.

    python -m scripts.seed_devnet --rpc-url http://127.0.0.1:8545 --network teal-ganache --seed 7
    (what `teal up` runs; `brownie run scripts/demo_dao.py --network teal-ganache` works too)

Plays out scripts/demo_dao_content.py: ten holders with delegations (self, to others, none);
one proposal that charters and funds three workstreams; ~40 tasks through every state
(subtasks, co-contributor splits, rejections then approval, an abandoned claim, expired claims
reopened and one left expired, a claim by signature through a relayer); threaded posts by
several authors, signed by their wallets; and proposals left in every state: executed,
defeated, succeeded, queued, cancelled, active and pending. Every proposal, charter, task
spec, submission and review is a schema-checked document in the store. The holders' tokens are
the devnet profile's allocations (config/deploy.yaml); the seed varies rewards and who claims
and reviews; the same seed gives the same DAO.

Posts are never referenced on chain: they are signed and stored here and their envelopes
written to a JSON file, which `teal up` publishes through the API (`POST /posts`).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from brownie import accounts, chain, web3

from api.chain.types import ProposalState, TaskStatus, WorkstreamInfo, decode_view
from api.content import SigningDomain, make_document, publish_document, sign_document
from api.content.schemas import PostV1
from scripts.demo_dao_content import (
    CONTRIBUTOR_ALLOWANCE,
    CONTRIBUTORS,
    DAY,
    PEOPLE,
    POSTS,
    PROPOSALS,
    TASKS,
    TEAMS,
    PostPlan,
    TaskPlan,
    Team,
)
from scripts.deploy import TOKEN_UNIT, Deployment, deploy_all, load_params, write_manifest
from scripts.governance import ABSTAIN, AGAINST, FOR, Proposal, default_store, propose, publish, queue
from scripts.signatures import sign
from scripts.work_signatures import board_domain, claim, claim_terms

ACCOUNTS_NEEDED = len(PEOPLE)
# The API's `TEAL_RELAYER=dev` key: account 0 of the test mnemonic the devnets use (foundation there);
# funded when it is not one of the chain's accounts (Brownie's `brownie` mnemonic of the test networks).
DEV_RELAYER_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
Say = Callable[[str], None]


def _say(text: str) -> None:
    # Brownie narrates every transaction on stdout, which main() silences: write past it.
    print(text, file=sys.__stdout__, flush=True)


class DemoDao:
    """One seeding run: the deployment, the cast as accounts, and the ids created so far."""

    def __init__(self, *, seed: int, mnemonic: str, say: Say = _say) -> None:
        if len(accounts) < ACCOUNTS_NEEDED:
            raise SystemExit(f"demo: the chain has {len(accounts)} accounts; the demo needs {ACCOUNTS_NEEDED}")
        self.rng = random.Random(seed)
        self.seed = seed
        self.say = say
        self.people = {p.name: accounts[p.index] for p in PEOPLE}
        self.keys = _keys_from_mnemonic(mnemonic, [p.index for p in PEOPLE])
        for person in PEOPLE:  # the keys sign posts and claims: they must be the chain's accounts
            if _address_of(self.keys[person.index]) != self.people[person.name].address:
                raise SystemExit("demo: the mnemonic does not match the chain's accounts")
        self.d: Deployment | None = None
        self.team_ids: dict[str, int] = {}
        self.task_ids: dict[str, int] = {}
        self.task_specs: dict[str, str] = {}
        self.claimants: dict[str, str] = {}
        self.splits: dict[str, tuple[list[Any], list[int]]] = {}
        self.submissions: dict[str, str] = {}
        self.post_cids: dict[str, str] = {}
        self.post_envelopes: list[dict[str, Any]] = []
        self.proposals: dict[str, Proposal] = {}

    # ---- chain helpers --------------------------------------------------------------------

    def mine(self, blocks: int) -> None:
        """Mine `blocks` empty blocks in one RPC call (Ganache's evm_mine, Anvil's anvil_mine)."""
        if blocks <= 0:
            return
        if web3.client_version.lower().startswith("anvil"):
            web3.provider.make_request("anvil_mine", [hex(blocks)])
        else:
            web3.provider.make_request("evm_mine", [{"blocks": blocks}])

    def wait(self, seconds: int) -> None:
        """Let chain time pass (no block is mined; the next transaction's block carries it)."""
        chain.sleep(seconds)

    def tx(self, name: str) -> dict[str, Any]:
        return {"from": self.people[name]}

    @property
    def deployment(self) -> Deployment:
        assert self.d is not None, "deploy() first"
        return self.d

    # ---- the run ---------------------------------------------------------------------------

    def run(self, *, posts_path: Path | None = None) -> dict[str, Any]:
        started = time.monotonic()
        self.deploy()
        self.distribute()
        self.write_posts(posts_path)
        self.found_workstreams()
        self.play_tasks()
        self.later_governance()
        summary = self.summary(time.monotonic() - started)
        self.say(
            f"demo seeded in {summary['seconds']:.1f} s: {summary['tasks']} tasks, "
            f"{len(summary['proposals'])} proposals, {summary['posts']} posts, head block {chain.height}"
        )
        return summary

    def deploy(self) -> None:
        self.d = deploy_all(load_params(), self.people["foundation"])
        self.say(f"deployed on chain {chain.id}; manifest {write_manifest(self.d)}")

    def distribute(self) -> None:
        # The holders received their allocations at deployment (config/deploy.yaml, devnet); the
        # foundation kept only the contributors' bond money and never votes.
        token = self.deployment.token
        for person in PEOPLE:
            if person.delegate_to:
                token.delegate(self.people[person.delegate_to], self.tx(person.name))
        for name in [*CONTRIBUTORS, "quinn"]:
            token.transfer(self.people[name], CONTRIBUTOR_ALLOWANCE * TOKEN_UNIT, self.tx("foundation"))
            # Claim bonds are pulled by the escrow.
            token.approve(self.deployment.workstreams, 2**256 - 1, self.tx(name))
        if web3.eth.get_balance(DEV_RELAYER_ADDRESS) == 0:
            self.people["foundation"].transfer(DEV_RELAYER_ADDRESS, "10 ether", silent=True)
        self.mine(1)  # delegations count from the next block
        self.say(f"{sum(1 for p in PEOPLE if p.holding)} holders received TEAL and delegated")

    # ---- posts -----------------------------------------------------------------------------

    def write_posts(self, posts_path: Path | None) -> None:
        domain = SigningDomain(chain_id=chain.id, verifying_contract=self.deployment.governor.address)
        for plan in POSTS:
            envelope = self._signed_post(plan, domain)
            self.post_cids[plan.key] = publish_document(store=default_store(), document=envelope, domain=domain).cid
            self.post_envelopes.append(envelope)
        if posts_path is not None:
            posts_path.write_text(json.dumps(self.post_envelopes, indent=1))
        self.say(f"{len(POSTS)} posts signed by their authors and stored")

    def _signed_post(self, plan: PostPlan, domain: SigningDomain) -> dict[str, Any]:
        body = PostV1(
            category=plan.category,
            title=plan.title,
            text=plan.text,
            tags=plan.tags,  # type: ignore[arg-type]
            reply_to=self.post_cids[plan.reply_to] if plan.reply_to else None,
            created_at=int(time.time()),  # POST /posts takes a post signed within its clock window
        )
        author = _account_of(self.keys[self.people_index(plan.author)])
        return sign_document(make_document(body), account=author, domain=domain).envelope()

    def people_index(self, name: str) -> int:
        return next(p.index for p in PEOPLE if p.name == name)

    # ---- governance ------------------------------------------------------------------------

    def propose(self, key: str, actions: list[tuple[Any, str, list[Any]]], proposer: str) -> Proposal:
        text = PROPOSALS[key]
        fields: dict[str, Any] = {"title": text.title, "summary": text.summary, "description": text.description}
        if text.discussion:
            fields["discussion"] = self.post_cids[text.discussion]
        document = {"schema": "teal/proposal@1", "body": fields}
        proposal = propose(
            self.deployment.governor, actions, document=document, proposer=self.people[proposer], title=text.title
        )
        self.proposals[key] = proposal
        return proposal

    def until_active(self, *proposals: Proposal) -> None:
        snapshot = max(self.deployment.governor.proposalSnapshot(p.proposal_id) for p in proposals)
        self.mine(snapshot - chain.height + 1)

    def until_ended(self, *proposals: Proposal) -> None:
        deadline = max(self.deployment.governor.proposalDeadline(p.proposal_id) for p in proposals)
        self.mine(deadline - chain.height + 1)

    def vote(self, proposal: Proposal, votes: list[tuple[str, int, str]]) -> None:
        governor = self.deployment.governor
        for name, support, reason in votes:
            if reason:
                governor.castVoteWithReason(proposal.proposal_id, support, reason, self.tx(name))
            else:
                governor.castVote(proposal.proposal_id, support, self.tx(name))

    def execute(self, proposal: Proposal, sender: str) -> None:
        eta = self.deployment.governor.proposalEta(proposal.proposal_id)
        if chain.time() < eta:
            self.wait(eta - chain.time() + 1)
        self.deployment.governor.execute(*proposal.args(), self.tx(sender))

    def found_workstreams(self) -> None:
        """One proposal charters and funds the three teams: propose, vote, queue, execute."""
        d = self.deployment
        first = d.workstreams.workstreamCount() + 1
        term_end = chain.time() + 182 * DAY
        actions: list[tuple[Any, str, list[Any]]] = [
            (d.token, "approve", [d.workstreams, sum(t.budget for t in TEAMS) * TOKEN_UNIT])
        ]
        for offset, team in enumerate(TEAMS):
            members = [self.people[m] for m in team.members]
            rails = (
                team.budget_cap * TOKEN_UNIT,
                team.max_reward * TOKEN_UNIT,
                team.claim_bond * TOKEN_UNIT,
                team.claim_days * DAY,
                team.approvals,
            )
            actions.append(
                (d.workstreams, "createWorkstream", [team.name, self.charter(team), members, d.token, term_end, rails])
            )
            actions.append((d.workstreams, "fund", [first + offset, team.budget * TOKEN_UNIT]))
            self.team_ids[team.key] = first + offset
        proposal = self.propose("founding", actions, "ana")
        self.until_active(proposal)
        self.vote(
            proposal,
            [
                ("ana", FOR, "Three small teams with clear guardrails: the right way to start."),
                ("dmitri", FOR, "Community needs a budget before the meetup season."),
                ("farid", FOR, ""),
                ("chloe", FOR, "Happy to serve on two teams."),
                ("ben", AGAINST, "Protocol's budget is too small for an audit; I'd rather wait."),
                ("esi", ABSTAIN, "I'm a proposed member; abstaining."),
            ],
        )
        self.until_ended(proposal)
        queue(proposal, sender=self.people["ana"])
        self.execute(proposal, "ana")
        self.say(
            f"founding proposal {proposal.state()}: workstreams "
            f"{', '.join(f'{t.name} ({self.team_ids[t.key]})' for t in TEAMS)}"
        )

    def charter(self, team: Team) -> str:
        return publish(
            {
                "schema": "teal/charter@1",
                "body": {
                    "name": team.name,
                    "mission": team.mission,
                    "scope": team.scope,
                    "budget_wei": str(team.budget * TOKEN_UNIT),
                    "period_days": 182,
                    "members": [self.people[m].address for m in team.members],
                    "review_policy": f"{team.approvals} member approval(s) per submission; members never review work "
                    "they contributed to.",
                },
            }
        )

    def later_governance(self) -> None:
        """Leave proposals in every state: defeated, succeeded, queued, cancelled, active, pending."""
        d = self.deployment
        research = self.team_ids["research"]
        otc = self.propose("otc-sale", [(d.token, "transfer", [self.people["isabel"], 500_000 * TOKEN_UNIT])], "ben")
        meetup = self.propose(
            "meetup-grant", [(d.token, "transfer", [self.people["esi"], 12_000 * TOKEN_UNIT])], "dmitri"
        )
        topup = self.propose(
            "research-topup",
            [
                (d.token, "approve", [d.workstreams, 20_000 * TOKEN_UNIT]),
                (d.workstreams, "fund", [research, 20_000 * TOKEN_UNIT]),
            ],
            "farid",
        )
        self.until_active(otc, meetup, topup)
        self.vote(
            otc,
            [
                ("ben", FOR, "Runway matters more than price."),
                ("ana", AGAINST, "A 15% discount is a gift to the market maker."),
                ("farid", AGAINST, "Settlement off chain is a risk we don't need."),
                ("dmitri", AGAINST, ""),
            ],
        )
        self.vote(
            meetup,
            [
                ("dmitri", FOR, "Meetups are how most of our contributors found us."),
                ("esi", FOR, ""),
                ("ana", FOR, ""),
                ("ben", AGAINST, "Travel grants should come from Community's own budget."),
            ],
        )
        self.vote(
            topup,
            [
                ("farid", FOR, "We are 80% reserved."),
                ("chloe", FOR, ""),
                ("ana", FOR, "The metrics work pays for itself."),
                ("esi", ABSTAIN, ""),
            ],
        )
        self.until_ended(otc, meetup, topup)
        queue(topup, sender=self.people["farid"])  # queued; nobody has executed it yet

        pause = self.propose("pause-community", [(d.workstreams, "pause", [self.team_ids["community"]])], "ben")
        d.governor.cancel(*pause.args(), self.tx("ben"))

        protocol = self.team_ids["protocol"]
        rails = decode_view(
            WorkstreamInfo, d.workstreams.abi, "workstream", d.workstreams.workstream(protocol)
        ).guardrails
        # setGuardrails takes the struct in its Solidity order (IWorkstreams.Guardrails).
        raised = (
            rails.budget_cap,
            8_000 * TOKEN_UNIT,
            rails.claim_bond,
            rails.claim_duration,
            rails.approvals_required,
        )
        active = self.propose(
            "max-reward", [(d.workstreams, "setGuardrails", [self.team_ids["protocol"], raised])], "ana"
        )
        self.until_active(active)
        self.vote(
            active,
            [
                ("ana", FOR, "Audit-sized tasks should not be split artificially."),
                ("dmitri", AGAINST, "Wait for the audit results."),
                ("chloe", FOR, ""),
            ],
        )

        community = self.team_ids["community"]
        info = d.workstreams.workstream(community)
        renewed_charter = self.charter(TEAMS[1])
        self.propose(
            "renew-community",
            [
                (
                    d.workstreams,
                    "renew",
                    [community, info["termEnd"] + 182 * DAY, TEAMS[1].budget_cap * TOKEN_UNIT, renewed_charter],
                )
            ],
            "dmitri",
        )  # proposed last: still pending when the seeding ends
        states = ", ".join(f"{k} {p.state()}" for k, p in self.proposals.items())
        self.say(f"proposals: {states}")

    # ---- tasks -----------------------------------------------------------------------------

    def play_tasks(self) -> None:
        """Create every task, then move them through claims, submissions and reviews, letting
        days pass between the steps so the team metrics have real durations."""
        for plan in TASKS:
            self.create(plan)
        self.say(f"{len(TASKS)} tasks created")
        self.wait(DAY // 4)
        for plan in TASKS:
            self.first_claim(plan)
        self.wait(DAY + DAY // 2)
        for plan in TASKS:
            if plan.scenario in ("submitted", "paid", "split", "split3", "rejected_paid", "rework", "half_approved"):
                self.submit(plan, 0)
        self.wait(DAY // 2)
        for plan in TASKS:
            self.first_review(plan)
        self.wait(DAY // 2)
        for plan in TASKS:
            if plan.scenario == "rejected_paid":
                self.submit(plan, 1)
        self.wait(DAY // 2)
        for plan in TASKS:
            if plan.scenario == "rejected_paid":
                self.approve_all(plan)
        # Three days after the claims: the one-day claims have expired.
        for plan in TASKS:
            if plan.scenario in ("expired_reopened", "expired_reclaimed"):
                self.deployment.task_board.reopenExpired(self.task_ids[plan.key], self.tx("sam"))
            if plan.scenario == "expired_reclaimed":
                again = self.rng.choice([c for c in CONTRIBUTORS if c != self.claimants[plan.key]])
                task_id = self.task_ids[plan.key]
                self.deployment.task_board.claim(task_id, *self.terms(task_id), self.tx(again))
                self.claimants[plan.key] = again
        board = self.deployment.task_board
        counts: dict[str, int] = {}
        for task_id in self.task_ids.values():
            status = TaskStatus(board.task(task_id)["status"]).label
            counts[status] = counts.get(status, 0) + 1
        self.say("tasks by state: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    def terms(self, task_id: int) -> tuple[int, int]:
        """The reward and bond a claim of `task_id` agrees to (the chain refuses other terms)."""
        return claim_terms(self.deployment.task_board, self.deployment.workstreams, task_id)

    def team_of(self, plan: TaskPlan) -> Team:
        return next(t for t in TEAMS if t.key == plan.team)

    def reward(self, plan: TaskPlan) -> int:
        team = self.team_of(plan)
        amount = min(round(plan.reward * self.rng.uniform(0.85, 1.15), -1), team.max_reward)
        if plan.parent:
            parent = self.deployment.task_board.task(self.task_ids[plan.parent])["reward"] // TOKEN_UNIT
            amount = min(amount, parent // 3)
        return int(amount) * TOKEN_UNIT

    def create(self, plan: TaskPlan) -> None:
        team = self.team_of(plan)
        reward = self.reward(plan)
        body: dict[str, Any] = {
            "title": plan.title,
            "description": plan.description,
            "acceptance_criteria": plan.criteria,
            "reward_wei": str(reward),
            "workstream_id": self.team_ids[team.key],
        }
        if plan.addresses_post:
            body["addresses_post"] = self.post_cids[plan.addresses_post]
        spec = publish({"schema": "teal/task-spec@1", "body": body})
        creator = self.rng.choice(team.members)
        parent = self.task_ids[plan.parent] if plan.parent else 0
        tx = self.deployment.task_board.createTask(
            self.team_ids[team.key], parent, reward, DAY if plan.short_claim else 0, spec, self.tx(creator)
        )
        self.task_ids[plan.key] = tx.events["TaskCreated"]["taskId"]
        self.task_specs[plan.key] = spec
        if plan.scenario == "cancelled":
            self.deployment.task_board.cancel(self.task_ids[plan.key], self.tx(self.rng.choice(team.members)))

    def first_claim(self, plan: TaskPlan) -> None:
        if plan.scenario in ("open", "cancelled"):
            return
        board, task_id = self.deployment.task_board, self.task_ids[plan.key]
        claimant = plan.claimant or self.rng.choice(CONTRIBUTORS)
        self.claimants[plan.key] = claimant
        if plan.scenario == "by_signature":
            deadline = chain.time() + DAY
            reward, max_bond = self.terms(task_id)
            typed = claim(
                domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
                task_id=task_id,
                claimant=self.people[claimant].address,
                reward=reward,
                max_bond=max_bond,
                nonce=task_id,
                deadline=deadline,
            )
            signature = sign(typed, self.keys[self.people_index(claimant)]).signature
            board.claimBySig(
                task_id, self.people[claimant], reward, max_bond, task_id, deadline, signature, self.tx("sam")
            )
            return
        board.claim(task_id, *self.terms(task_id), self.tx(claimant))
        if plan.scenario == "abandoned":
            board.abandon(task_id, self.tx(claimant))
        if plan.scenario in ("split", "split3"):
            others = self.rng.sample([c for c in CONTRIBUTORS if c != claimant], 1 if plan.scenario == "split" else 2)
            shares = [7_000, 3_000] if plan.scenario == "split" else [5_000, 3_000, 2_000]
            self.splits[plan.key] = ([self.people[n] for n in [claimant, *others]], shares)

    def submit(self, plan: TaskPlan, attempt: int) -> None:
        summary = plan.summaries[attempt] if attempt < len(plan.summaries) else f"{plan.title}: done."
        task_id = self.task_ids[plan.key]
        cid = publish(
            {
                "schema": "teal/submission@1",
                "body": {
                    "task_spec": self.task_specs[plan.key],
                    "task_id": int(task_id),
                    "summary": summary,
                    "deliverables": [
                        {"label": "Pull request", "uri": f"https://git.example.org/teal/teal/pulls/{task_id}"}
                    ],
                },
            }
        )
        self.submissions[plan.key] = cid
        contributors, shares = self.splits.get(plan.key, ([], []))
        self.deployment.task_board.submit(task_id, cid, contributors, shares, self.tx(self.claimants[plan.key]))

    def reviewers(self, plan: TaskPlan) -> list[str]:
        contributors = {a.address for a in self.splits.get(plan.key, ([], []))[0]}
        return [
            m
            for m in self.team_of(plan).members
            if m != self.claimants[plan.key] and self.people[m].address not in contributors
        ]

    def review(self, plan: TaskPlan, verdict: str, comments: str) -> str:
        return publish(
            {
                "schema": "teal/review@1",
                "body": {"submission": self.submissions[plan.key], "verdict": verdict, "comments": comments},
            }
        )

    def approve_all(self, plan: TaskPlan, count: int | None = None) -> None:
        team = self.team_of(plan)
        contributors, shares = self.splits.get(plan.key, ([], []))
        reviewers = self.rng.sample(self.reviewers(plan), count or team.approvals)
        for reviewer in reviewers:
            reason = self.review(plan, "approve", self.rng.choice(APPROVALS))
            self.deployment.task_board.approve(self.task_ids[plan.key], reason, contributors, shares, self.tx(reviewer))

    def first_review(self, plan: TaskPlan) -> None:
        if plan.scenario in ("paid", "split", "split3"):
            self.approve_all(plan)
        elif plan.scenario == "half_approved":
            self.approve_all(plan, count=1)
        elif plan.scenario in ("rejected_paid", "rework"):
            reviewer = self.rng.choice(self.reviewers(plan))
            comments = f"Not yet: '{plan.criteria[-1]}' is not met. {self.rng.choice(REJECTIONS)}"
            reason = self.review(plan, "request_changes" if plan.scenario == "rejected_paid" else "reject", comments)
            self.deployment.task_board.reject(self.task_ids[plan.key], reason, self.tx(reviewer))

    # ---- summary ---------------------------------------------------------------------------

    def summary(self, seconds: float) -> dict[str, Any]:
        d = self.deployment
        return {
            "seed": self.seed,
            "chain_id": chain.id,
            "head_block": chain.height,
            "seconds": round(seconds, 2),
            "accounts": [{"name": p.name, "address": self.people[p.name].address, "role": p.role} for p in PEOPLE],
            "contracts": {name: c.address for name, c in d.contracts().items()},
            "workstreams": {t.name: self.team_ids[t.key] for t in TEAMS},
            "proposals": {k: ProposalState(d.governor.state(p.proposal_id)).title for k, p in self.proposals.items()},
            "tasks": len(self.task_ids),
            "posts": len(self.post_envelopes),
            # What the seed decides, for checking that the same seed gives the same DAO.
            "holdings": {p.name: str(d.token.balanceOf(self.people[p.name])) for p in PEOPLE},
            "task_details": [self._task_detail(key, task_id) for key, task_id in self.task_ids.items()],
            "post_cids": list(self.post_cids.values()),
        }

    def _task_detail(self, key: str, task_id: int) -> dict[str, Any]:
        task = self.deployment.task_board.task(task_id)
        names = {self.people[p.name].address: p.name for p in PEOPLE}
        return {
            "key": key,
            "id": task_id,
            "status": int(task["status"]),
            "reward": str(task["reward"]),
            "claimant": names.get(task["claimant"]),
            "spec": self.task_specs[key],
        }


APPROVALS = [
    "Looks good, thanks!",
    "Checked against the acceptance criteria: all met.",
    "Clear and well tested.",
    "Approved; small nits left as comments.",
]
REJECTIONS = ["Happy to look again once it is there.", "The rest looks good.", "See the comments on the pull request."]


def _keys_from_mnemonic(mnemonic: str, indexes: list[int]) -> dict[int, bytes]:
    """Private keys of the chain's accounts: Ganache and Anvil derive them from the mnemonic
    along m/44'/60'/0'/0/i (Ganache accepts any phrase, so it is not checked as BIP-39)."""
    from eth_account.hdaccount import key_from_seed
    from eth_account.hdaccount.mnemonic import Mnemonic

    seed = Mnemonic.to_seed(mnemonic)
    return {i: key_from_seed(seed, f"m/44'/60'/0'/0/{i}") for i in indexes}


def _account_of(key: bytes) -> Any:
    from eth_account import Account

    return Account.from_key(key)


def _address_of(key: bytes) -> str:
    return _account_of(key).address


def seed_demo(*, seed: int, mnemonic: str, posts_path: Path | None = None) -> dict[str, Any]:
    """Deploy and seed on the connected chain; Brownie's transaction chatter is silenced."""
    warnings.filterwarnings("ignore", message=r"rpc\.\w+ should not be called directly")
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        return DemoDao(seed=seed, mnemonic=mnemonic).run(posts_path=posts_path)


def main(seed: str = "7") -> None:
    """`brownie run scripts/demo_dao.py main 7 --network teal-ganache`."""
    from brownie import network
    from brownie._config import CONFIG

    mnemonic = CONFIG.networks[network.show_active()]["cmd_settings"]["mnemonic"]
    seed_demo(seed=int(seed), mnemonic=mnemonic)
