"""Stateful property test: random sequences of create / claim / claim by signature / nonce
cancel / abandon / expire / submit / approve / reject / cancel / release / fund / clawback,
membership and guardrail changes, team rules (claim cool-down, review window, escalation after
repeated rejections), escalate / resolve escalation, pause / unpause / renew (and term end),
governance cancel and release, a blacklisting token (owed
balances and withdrawals) by several accounts over two workstreams that share that token,
against a Python model of the expected state.

Each rule either expects the exact custom error the model predicts or updates the model;
the invariants compare contract and model after every step: the escrow's balance equals
every workstream's reserved + available + held bonds plus every owed balance, exactly; each
workstream's reservation equals the rewards of its open, claimed and submitted tasks; and
every task's stored status, claimant, reward and bond equal the model's.

CI runs 40 examples x 15 steps (STATEFUL_EXAMPLES / STATEFUL_STEPS override it for a deeper run).
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

import brownie
import brownie.test
from brownie import BlacklistToken, chain
from helpers import error
from hypothesis import strategies as st
from work_fixtures import (
    BOND,
    CAP,
    CHARTER,
    CLAIM_SIGNER_KEY,
    DAY,
    DELIVERABLE,
    REASON,
    SPEC,
    TERM,
    UNIT,
    guardrails,
    sign_claim,
    terms,
)

from api.chain.types import TaskStatus


def _pure_python_state_machine():
    """`brownie.test.state_machine`, loaded from the pure-Python source in the wheel.

    eth-brownie 1.22.2 ships `brownie/test/stateful.py` compiled with mypyc, and the compiled
    `_BrownieStateMachine.__init__` rejects the machine class it builds itself ("TypeError:
    brownie.test.stateful._BrownieStateMachine object expected; got ...BrownieStateMachine"),
    so every state machine fails before its first step. The same file ships as source next
    to the extension; loaded under another name it works unchanged.
    """
    source = Path(brownie.test.__file__).with_name("stateful.py")
    spec = importlib.util.spec_from_file_location("brownie_stateful_source", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.state_machine


# Every revert between examples runs a full `gc.collect()` (Brownie's `_notify_registry`); what
# earlier modules left alive is frozen at the test's start (tests/conftest.py `isolate`), so it
# only walks what the machine makes (the task-board machine took 200-320 s instead of about 80 s
# when it walked everything the worker's earlier modules kept).
state_machine = _pure_python_state_machine()


FUNDING = 1_000 * UNIT
MAX_REWARD = 400 * UNIT
# A submission's split, by option: 0 = all to the claimant; 1 = claimant + helper;
# 2 = helper + helper2 (claimant only gets the remainder); 3 = includes member bob.
# Team 2 starts with escalation after one rejection by the same member (rule_set_team_rules
# changes it), so sequences of a few steps reach escalation and its resolution.
ESCALATE_AFTER = {1: 0, 2: 1}

SPLITS = [
    lambda claimant, who: ([], []),
    lambda claimant, who: ([claimant, who["helper"]], [5_000, 5_000]),
    lambda claimant, who: ([who["helper"], who["helper2"]], [3_333, 6_667]),
    lambda claimant, who: ([who["bob"], claimant], [2_500, 7_500]),
]


@dataclass
class WS:
    members: set
    approvals: int
    bond: int
    term_end: int
    joined: dict
    paused: bool = False
    cooldown: int = 0
    window: int = 0
    escalate_after: int = 0
    forfeited: int = 0
    funded: int = 0
    reserved: int = 0
    paid: int = 0
    available: int = 0
    clawed_back: int = 0
    bonds: int = 0


@dataclass
class Task:
    ws: int
    reward: int
    parent: int
    status: int = TaskStatus.OPEN
    claimant: str | None = None
    expiry: int = 0
    bond: int = 0
    split: tuple = ((), ())
    approvers: set = field(default_factory=set)
    submitted_at: int = 0
    release_votes: set = field(default_factory=set)
    escalated: bool = False


class WorkMachine:
    st_ws = st.integers(min_value=1, max_value=2)
    # 0-5: alice, bob, carol (members), worker, helper, helper2; 6-9: the task's claimant
    # (or, for reviews, a member entitled to review), so that the claimant-only and review
    # steps succeed often enough to reach payment; 0-5 exercise the refusals.
    st_actor = st.integers(min_value=0, max_value=9)
    st_creator = st.integers(min_value=0, max_value=3)
    st_task = st.integers(min_value=0, max_value=40)
    st_reward = st.sampled_from([1, 50 * UNIT, 150 * UNIT + 1, 400 * UNIT, 401 * UNIT])
    st_amount = st.sampled_from([1, 100 * UNIT, 1_000 * UNIT, CAP])
    st_split = st.integers(min_value=0, max_value=3)
    st_sleep = st.sampled_from([60, DAY // 2, DAY + 1])
    st_nonce = st.integers(min_value=0, max_value=3)
    st_approvals = st.integers(min_value=1, max_value=4)
    st_bond = st.sampled_from([0, BOND, 2 * BOND])
    st_rule = st.sampled_from([0, DAY // 2, 2 * DAY])
    st_term = st.sampled_from([DAY, TERM])
    st_flag = st.booleans()
    st_escalate_after = st.sampled_from([0, 1, 2])

    def __init__(cls, board, workstreams, token, dao, actors, signer):
        cls.board, cls.workstreams, cls.token, cls.dao = board, workstreams, token, dao
        cls.actors = actors
        cls.signer = signer
        cls.who = dict(zip(["alice", "bob", "carol", "worker", "helper", "helper2"], actors, strict=True))
        alice, bob, carol = actors[:3]
        configs = {
            1: ([alice, bob], guardrails(cap=CAP, max_reward=MAX_REWARD, bond=BOND, duration=DAY, approvals=1)),
            2: ([bob, carol], guardrails(cap=CAP, max_reward=MAX_REWARD, bond=0, duration=DAY, approvals=2)),
        }
        cls.ws_ids = {}
        cls.ws_config = {}
        for key, (members, rails) in configs.items():
            tx = workstreams.createWorkstream(
                f"ws{key}", CHARTER, members, token, chain.time() + TERM, rails, {"from": dao}
            )
            ws_id = tx.events["WorkstreamCreated"]["workstreamId"]
            workstreams.fund(ws_id, FUNDING, {"from": dao})
            if ESCALATE_AFTER[key]:
                workstreams.setTeamRules(ws_id, (0, 0, ESCALATE_AFTER[key]), {"from": dao})
            cls.ws_ids[key] = ws_id
            cls.ws_config[key] = (members, rails, tx.timestamp, chain.time() + TERM)
        cls.escrow_start = token.balanceOf(workstreams)

    def setup(self):
        self.ws = {}
        for key, (members, rails, created, _) in self.ws_config.items():
            term_end = self.workstreams.workstream(self.ws_ids[key])["termEnd"]
            self.ws[key] = WS(
                members=set(members),
                approvals=rails[4],
                bond=rails[2],
                funded=FUNDING,
                available=FUNDING,
                term_end=term_end,
                joined={m: created for m in members},
                escalate_after=ESCALATE_AFTER[key],
            )
        self.tasks: dict[int, Task] = {}
        self.first_task = self.board.taskCount() + 1
        self.paid_events: dict[int, int] = {}
        self.balances = {a: self.token.balanceOf(a) for a in [*self.actors, self.signer]}
        self.owed: dict = {}
        self.blacklisted: set = set()
        self.used_nonces: set = set()
        self.cooldowns: dict = {}
        self.rejections: dict = {}  # (task id, claimant, reviewer) -> rejections, kept across claims

    # ---- helpers ------------------------------------------------------------------------

    def _actor(self, pick, task=None):
        if pick < 6:
            return self.actors[pick]
        return task.claimant if task is not None and task.claimant else self.actors[3]

    def _reviewer(self, pick, task=None):
        if pick < 6 or task is None:
            return self.actors[pick % 6]
        entitled = sorted(
            (
                m
                for m in self.ws[task.ws].members
                if m != task.claimant
                and m not in task.split[0]
                and m not in task.approvers
                and self.ws[task.ws].joined[m] <= task.submitted_at
            ),
            key=str,
        )
        return entitled[pick % len(entitled)] if entitled else self.actors[pick % 6]

    def _task(self, pick, *wanted):
        """Mostly a task in one of the `wanted` statuses, walking a fresh task there through
        the ordinary (checked) steps when none is (hypothesis draws short, repetitive rule
        sequences, so without this most runs never reach review and payment); sometimes any
        task, and an unknown id when `pick` is 40."""
        if pick == 40:
            return self.first_task + len(self.tasks)
        candidates = [i for i, t in self.tasks.items() if t.status in wanted]
        if not candidates and wanted and pick % 5:
            candidates = self._walk_to(wanted[0], key=1 + pick % 2)
        if candidates and pick % 5:
            return candidates[pick % len(candidates)]
        if not self.tasks:
            return self.first_task
        return self.first_task + pick % len(self.tasks)

    def _walk_to(self, status, key):
        """Create a task in workstream `key` and take it to `status`; returns [its id] or []."""
        if self.ws[key].available < 50 * UNIT:
            self.rule_fund(key, 1_000 * UNIT)
        members = sorted(self.ws[key].members, key=str)
        before = len(self.tasks)
        self._create(key, self.actors.index(members[0]), 50 * UNIT, 0)
        if len(self.tasks) == before:
            return []
        task_id = max(self.tasks)
        if status in (TaskStatus.CLAIMED, TaskStatus.SUBMITTED):
            self._claim(task_id, self.actors[3 + task_id % 3])
            if self.tasks[task_id].status != TaskStatus.CLAIMED:  # refused (paused, term over, blacklisted...)
                return []
        if status == TaskStatus.SUBMITTED:
            self._submit(task_id, self.tasks[task_id].claimant, task_id % 4)
        return [task_id] if self.tasks[task_id].status == status else []

    def _expect(self, name, fn, *args):
        """The call must revert with custom error `name`. Checked with eth_call: the same
        code path as a transaction, without mining (and tracing) a failed one per step."""
        with brownie.reverts(revert_pattern=error(name)):
            fn.call(*args)

    def _now_is_clear_of(self, expiry):
        """Keep the chain's clock a few seconds away from `expiry` so the model can tell
        which side of it the next block lands on, and mine a block: `_expect` checks with
        eth_call, which runs at the latest block's timestamp, not at the clock that
        `chain.sleep` moved (after a sleep with no block since, a call would still see the
        claim as live while the model knows it expired)."""
        if abs(chain.time() - expiry) <= 5:
            chain.sleep(10)
        chain.mine()

    def _pay(self, task_id, task, tx):
        ws = self.ws[task.ws]
        ws.reserved -= task.reward
        ws.paid += task.reward
        ws.bonds -= task.bond
        contributors, shares = task.split
        amounts = {task.claimant: 0}
        distributed = 0
        for account, share in zip(contributors, shares, strict=True):
            amount = task.reward * share // 10_000
            distributed += amount
            amounts[account] = amounts.get(account, 0) + amount
        amounts[task.claimant] += task.reward - distributed + task.bond
        for account, amount in amounts.items():
            self._credit(account, amount)
        self.paid_events[task_id] = self.paid_events.get(task_id, 0) + len(tx.events["TaskPaid"])
        task.status = TaskStatus.PAID

    def _credit(self, account, amount):
        """A push payment: received, or owed when the token refuses the transfer."""
        if amount == 0:
            return
        if account in self.blacklisted:
            self.owed[account] = self.owed.get(account, 0) + amount
        elif account in self.balances:
            self.balances[account] += amount

    def _term_over(self, ws):
        self._now_is_clear_of(ws.term_end)
        return chain.time() >= ws.term_end

    # ---- rules --------------------------------------------------------------------------

    def rule_create(self, st_ws, st_creator, st_reward):
        self._create(st_ws, st_creator, st_reward, 0)

    def rule_create_subtask(self, st_ws, st_creator, st_reward, st_task):
        self._create(st_ws, st_creator, st_reward, self._task(st_task, TaskStatus.OPEN))

    def _create(self, key, creator_pick, reward, parent_id):
        creator = self.actors[creator_pick]
        ws_id, ws = self.ws_ids[key], self.ws[key]
        parent = self.tasks.get(parent_id)
        args = (ws_id, parent_id, reward, 0, SPEC, {"from": creator})
        if parent_id and parent is None:
            return self._expect("TaskUnknown", self.board.createTask, *args)
        if parent is not None and parent.status != TaskStatus.OPEN:
            return self._expect("TaskNotOpen", self.board.createTask, *args)
        if parent is not None and parent.ws != key:
            return self._expect("TaskParentMismatch", self.board.createTask, *args)
        if parent is not None and reward > parent.reward:
            return self._expect("TaskRewardAboveParent", self.board.createTask, *args)
        if ws.paused:
            return self._expect("WorkstreamIsPaused", self.board.createTask, *args)
        if self._term_over(ws):
            return self._expect("WorkstreamTermEnded", self.board.createTask, *args)
        if creator not in ws.members:
            return self._expect("WorkstreamNotMember", self.board.createTask, *args)
        if reward > MAX_REWARD:
            return self._expect("WorkstreamRewardAboveMax", self.board.createTask, *args)
        if parent is None and reward > ws.available:
            return self._expect("WorkstreamInsufficientBudget", self.board.createTask, *args)
        tx = self.board.createTask(*args)
        task_id = tx.events["TaskCreated"]["taskId"]
        if parent is not None:
            parent.reward -= reward
        else:
            ws.available -= reward
            ws.reserved += reward
        self.tasks[task_id] = Task(ws=key, reward=reward, parent=parent_id)

    def rule_claim(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.OPEN)
        self._claim(task_id, self._actor(st_actor, self.tasks.get(task_id)))

    def _claim_refusal(self, task, claimant):
        """The error a claim of `task` by `claimant` must revert with, or None."""
        if task.status != TaskStatus.OPEN:
            return "TaskNotOpen"
        ws = self.ws[task.ws]
        if ws.paused:
            return "WorkstreamIsPaused"
        if self._term_over(ws):
            return "WorkstreamTermEnded"
        until = self.cooldowns.get((id(task), claimant), 0)
        if until:
            self._now_is_clear_of(until)
            if chain.time() < until:
                return "TaskClaimCooldown"
        if ws.bond and claimant in self.blacklisted:
            return "BlacklistTokenBlocked"
        return None

    def _claim(self, task_id, claimant):
        task = self.tasks.get(task_id)
        args = (task_id, *terms(self.board, task_id), {"from": claimant})
        if task is None:
            return self._expect("TaskUnknown", self.board.claim, *args)
        refusal = self._claim_refusal(task, claimant)
        if refusal:
            return self._expect(refusal, self.board.claim, *args)
        if task.reward:  # a claim at a reward the task no longer has is refused
            self._expect(
                "TaskRewardChanged",
                self.board.claim,
                task_id,
                task.reward - 1,
                task.bond or BOND * 2,
                {"from": claimant},
            )
        tx = self.board.claim(*args)
        self._claimed(task, claimant, tx)

    def _claimed(self, task, claimant, tx):
        ws = self.ws[task.ws]
        task.status, task.claimant, task.expiry = TaskStatus.CLAIMED, claimant, tx.timestamp + DAY
        task.bond = ws.bond
        ws.bonds += ws.bond
        self.balances[claimant] -= ws.bond
        task.release_votes = set()

    def rule_claim_by_sig(self, st_task, st_nonce):
        task_id = self._task(st_task, TaskStatus.OPEN)
        task = self.tasks.get(task_id)
        signer = self.signer
        deadline = chain.time() + DAY
        nonce = st_nonce
        signature = sign_claim(
            self.board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=signer.address, deadline=deadline, nonce=nonce
        )
        args = (task_id, signer, *terms(self.board, task_id), nonce, deadline, signature, {"from": self.actors[0]})
        if nonce in self.used_nonces:
            return self._expect("TaskNonceUsed", self.board.claimBySig, *args)
        if task is None:
            return self._expect("TaskUnknown", self.board.claimBySig, *args)
        refusal = self._claim_refusal(task, signer)
        if refusal:
            return self._expect(refusal, self.board.claimBySig, *args)
        tx = self.board.claimBySig(*args)
        self.used_nonces.add(nonce)
        self._claimed(task, signer, tx)

    def rule_cancel_nonce(self, st_nonce):
        self.board.cancelClaimNonces(0, 1 << st_nonce, {"from": self.signer})
        self.used_nonces.add(st_nonce)

    def rule_abandon(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.CLAIMED)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        if task is None:
            return self._expect("TaskUnknown", self.board.abandon, task_id, {"from": caller})
        if task.status != TaskStatus.CLAIMED:
            return self._expect("TaskNotClaimed", self.board.abandon, task_id, {"from": caller})
        if caller != task.claimant:
            return self._expect("TaskNotClaimant", self.board.abandon, task_id, {"from": caller})
        tx = self.board.abandon(task_id, {"from": caller})
        self._forfeit(task, tx)

    def _start_cooldown(self, task, tx):
        if self.ws[task.ws].cooldown:
            self.cooldowns[(id(task), task.claimant)] = tx.timestamp + self.ws[task.ws].cooldown

    def _forfeit(self, task, tx):
        ws = self.ws[task.ws]
        ws.bonds -= task.bond
        ws.available += task.bond
        ws.funded += task.bond
        ws.forfeited += task.bond
        self._start_cooldown(task, tx)
        task.status, task.claimant, task.expiry, task.bond = TaskStatus.OPEN, None, 0, 0
        task.approvers = set()

    def _release(self, task, tx):
        """Back to Open with the bond returned to the claimant (members or governance released it)."""
        ws = self.ws[task.ws]
        ws.bonds -= task.bond
        self._credit(task.claimant, task.bond)
        self._start_cooldown(task, tx)
        task.status, task.claimant, task.expiry, task.bond = TaskStatus.OPEN, None, 0, 0
        task.approvers, task.escalated = set(), False

    def rule_sleep(self, st_sleep):
        chain.sleep(st_sleep)

    def rule_reopen_expired(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.CLAIMED)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        if task is None:
            return self._expect("TaskUnknown", self.board.reopenExpired, task_id, {"from": caller})
        if task.status != TaskStatus.CLAIMED:
            return self._expect("TaskNotClaimed", self.board.reopenExpired, task_id, {"from": caller})
        self._now_is_clear_of(task.expiry)
        if chain.time() <= task.expiry:
            return self._expect("TaskClaimNotExpired", self.board.reopenExpired, task_id, {"from": caller})
        tx = self.board.reopenExpired(task_id, {"from": caller})
        self._forfeit(task, tx)

    def rule_submit(self, st_task, st_actor, st_split):
        task_id = self._task(st_task, TaskStatus.CLAIMED)
        self._submit(task_id, self._actor(st_actor, self.tasks.get(task_id)), st_split)

    def _submit(self, task_id, caller, st_split):
        task = self.tasks.get(task_id)
        claimant = task.claimant if task is not None and task.claimant else caller
        split = SPLITS[st_split](claimant, self.who)
        args = (task_id, DELIVERABLE, split[0], split[1], {"from": caller})
        if task is None:
            return self._expect("TaskUnknown", self.board.submit, *args)
        if task.status != TaskStatus.CLAIMED:
            return self._expect("TaskNotClaimed", self.board.submit, *args)
        if caller != task.claimant:  # only the claimant submits
            return self._expect("TaskNotClaimant", self.board.submit, *args)
        self._now_is_clear_of(task.expiry)
        if chain.time() > task.expiry:
            return self._expect("TaskClaimExpired", self.board.submit, *args)
        if len(set(split[0])) != len(split[0]):
            return self._expect("TaskSplitInvalidEntry", self.board.submit, *args)
        tx = self.board.submit(*args)
        task.status, task.split, task.approvers, task.submitted_at = TaskStatus.SUBMITTED, split, set(), tx.timestamp

    def rule_approve(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.SUBMITTED)
        task = self.tasks.get(task_id)
        reviewer = self._reviewer(st_actor, task)
        split = task.split if task is not None else ((), ())
        args = (task_id, REASON, list(split[0]), list(split[1]), {"from": reviewer})
        if task is None:
            return self._expect("TaskUnknown", self.board.approve, *args)
        if task.status != TaskStatus.SUBMITTED:
            return self._expect("TaskNotSubmitted", self.board.approve, *args)
        if task.escalated:  # reviews wait for governance
            return self._expect("TaskIsEscalated", self.board.approve, *args)
        ws = self.ws[task.ws]
        if ws.paused:
            return self._expect("WorkstreamIsPaused", self.board.approve, *args)
        if reviewer not in ws.members:
            return self._expect("WorkstreamNotMember", self.board.approve, *args)
        if reviewer == task.claimant:
            return self._expect("TaskSelfReview", self.board.approve, *args)
        if ws.joined[reviewer] > task.submitted_at:  # joined after the submission
            return self._expect("TaskReviewerTooNew", self.board.approve, *args)
        if reviewer in split[0]:  # nobody approves their own work
            return self._expect("TaskSelfReview", self.board.approve, *args)
        if reviewer in task.approvers:
            return self._expect("TaskAlreadyApproved", self.board.approve, *args)
        tx = self.board.approve(*args)
        task.approvers.add(reviewer)
        # Approvals of members removed since no longer count.
        if len(task.approvers & ws.members) >= ws.approvals:
            self._pay(task_id, task, tx)
        else:
            assert "TaskPaid" not in tx.events

    def rule_reject(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.SUBMITTED)
        self._reject(task_id, self._reviewer(st_actor, self.tasks.get(task_id)))

    def _reject(self, task_id, reviewer):
        task = self.tasks.get(task_id)
        args = (task_id, REASON, {"from": reviewer})
        if task is None:
            return self._expect("TaskUnknown", self.board.reject, *args)
        if task.status != TaskStatus.SUBMITTED:
            return self._expect("TaskNotSubmitted", self.board.reject, *args)
        if task.escalated:
            return self._expect("TaskIsEscalated", self.board.reject, *args)
        ws = self.ws[task.ws]
        if ws.paused:
            return self._expect("WorkstreamIsPaused", self.board.reject, *args)
        if reviewer not in ws.members:
            return self._expect("WorkstreamNotMember", self.board.reject, *args)
        if reviewer == task.claimant:
            return self._expect("TaskSelfReview", self.board.reject, *args)
        if ws.joined[reviewer] > task.submitted_at:
            return self._expect("TaskReviewerTooNew", self.board.reject, *args)
        tx = self.board.reject(*args)
        key = (task_id, task.claimant, reviewer)
        self.rejections[key] = self.rejections.get(key, 0) + 1
        task.status, task.expiry, task.approvers, task.release_votes = (
            TaskStatus.CLAIMED,
            tx.timestamp + DAY,
            set(),
            set(),
        )

    def rule_cancel(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.OPEN)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        if task is None:
            return self._expect("TaskUnknown", self.board.cancel, task_id, {"from": caller})
        if task.status != TaskStatus.OPEN:
            return self._expect("TaskNotOpen", self.board.cancel, task_id, {"from": caller})
        if caller not in self.ws[task.ws].members:
            return self._expect("WorkstreamNotMember", self.board.cancel, task_id, {"from": caller})
        self.board.cancel(task_id, {"from": caller})
        task.status = TaskStatus.CANCELLED
        parent = self.tasks.get(task.parent)
        if parent is not None and parent.status == TaskStatus.OPEN:
            parent.reward += task.reward
        else:
            ws = self.ws[task.ws]
            ws.reserved -= task.reward
            ws.available += task.reward

    def rule_finalize(self, st_task, st_sleep):
        """Lazy consensus: anyone pays a submission nobody rejected within the review window."""
        task_id = self._task(st_task, TaskStatus.SUBMITTED)
        task = self.tasks.get(task_id)
        split = task.split if task is not None else ((), ())
        args = (task_id, list(split[0]), list(split[1]), {"from": self.actors[5]})
        if task is None:
            return self._expect("TaskUnknown", self.board.finalize, *args)
        if task.status != TaskStatus.SUBMITTED:
            return self._expect("TaskNotSubmitted", self.board.finalize, *args)
        if task.escalated:
            return self._expect("TaskIsEscalated", self.board.finalize, *args)
        ws = self.ws[task.ws]
        if not ws.window:
            return self._expect("TaskReviewWindowOpen", self.board.finalize, *args)
        chain.sleep(st_sleep)
        self._now_is_clear_of(task.submitted_at + ws.window)
        if chain.time() <= task.submitted_at + ws.window:
            return self._expect("TaskReviewWindowOpen", self.board.finalize, *args)
        if ws.paused:
            return self._expect("WorkstreamIsPaused", self.board.finalize, *args)
        tx = self.board.finalize(*args)
        self._pay(task_id, task, tx)

    def rule_vote_release(self, st_task, st_actor):
        task_id = self._task(st_task, TaskStatus.CLAIMED)
        task = self.tasks.get(task_id)
        voter = self._reviewer(st_actor, task)
        if task is not None and task.status == TaskStatus.CLAIMED and st_actor >= 6:
            voter = next(
                (
                    m
                    for m in sorted(self.ws[task.ws].members, key=str)
                    if m != task.claimant and m not in task.release_votes
                ),
                voter,
            )
        args = (task_id, {"from": voter})
        if task is None:
            return self._expect("TaskUnknown", self.board.voteRelease, *args)
        if task.status != TaskStatus.CLAIMED:
            return self._expect("TaskNotClaimed", self.board.voteRelease, *args)
        ws = self.ws[task.ws]
        if ws.paused:
            return self._expect("WorkstreamIsPaused", self.board.voteRelease, *args)
        if voter not in ws.members:
            return self._expect("WorkstreamNotMember", self.board.voteRelease, *args)
        if voter == task.claimant:
            return self._expect("TaskSelfReview", self.board.voteRelease, *args)
        if voter in task.release_votes:
            return self._expect("TaskAlreadyVotedRelease", self.board.voteRelease, *args)
        tx = self.board.voteRelease(*args)
        task.release_votes.add(voter)
        counted = task.release_votes & ws.members  # votes of removed members no longer count
        assert tx.events["TaskReleaseVoted"]["votes"] == len(counted)
        if len(counted) >= ws.approvals:
            self._release(task, tx)

    def rule_governance_cancel(self, st_task):
        task_id = self._task(st_task, TaskStatus.CLAIMED, TaskStatus.SUBMITTED, TaskStatus.OPEN)
        task = self.tasks.get(task_id)
        args = (task_id, {"from": self.dao})
        if task is None:
            return self._expect("TaskUnknown", self.board.cancelByGovernance, *args)
        if task.status not in (TaskStatus.OPEN, TaskStatus.CLAIMED, TaskStatus.SUBMITTED):
            return self._expect("TaskNotActive", self.board.cancelByGovernance, *args)
        self.board.cancelByGovernance(*args)
        ws = self.ws[task.ws]
        ws.bonds -= task.bond
        if task.claimant:
            self._credit(task.claimant, task.bond)
        task.status, task.claimant, task.bond, task.escalated = TaskStatus.CANCELLED, None, 0, False
        parent = self.tasks.get(task.parent)
        if parent is not None and parent.status == TaskStatus.OPEN:
            parent.reward += task.reward
        else:
            ws.reserved -= task.reward
            ws.available += task.reward

    def rule_governance_release(self, st_task):
        task_id = self._task(st_task, TaskStatus.SUBMITTED, TaskStatus.CLAIMED)
        task = self.tasks.get(task_id)
        args = (task_id, {"from": self.dao})
        if task is None:
            return self._expect("TaskUnknown", self.board.releaseByGovernance, *args)
        if task.status not in (TaskStatus.CLAIMED, TaskStatus.SUBMITTED):
            return self._expect("TaskNotActive", self.board.releaseByGovernance, *args)
        tx = self.board.releaseByGovernance(*args)
        self._release(task, tx)

    def rule_escalate(self, st_task, st_actor):
        """The claimant escalates a submission after one member rejected it `escalateAfter`
        times; from 6 on, against the member who rejected this claimant most on this task."""
        task_id = self._task(st_task, TaskStatus.SUBMITTED)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        reviewer = self.actors[st_actor % 6]
        if task is not None and task.claimant and st_actor >= 6:
            counts = {r: n for (t, c, r), n in self.rejections.items() if t == task_id and c == task.claimant}
            reviewer = max(sorted(counts, key=str), key=counts.__getitem__, default=None)
            if reviewer is None:  # nobody rejected it yet: one member rejects it as often as the rule asks
                reviewer = self._reviewer(st_actor, task)
                self._reject_until_escalable(task_id, task, reviewer)
        args = (task_id, reviewer, {"from": caller})
        if task is None:
            return self._expect("TaskUnknown", self.board.escalate, *args)
        if task.status != TaskStatus.SUBMITTED:
            return self._expect("TaskNotSubmitted", self.board.escalate, *args)
        if caller != task.claimant:
            return self._expect("TaskNotClaimant", self.board.escalate, *args)
        if task.escalated:
            return self._expect("TaskIsEscalated", self.board.escalate, *args)
        required = self.ws[task.ws].escalate_after
        if required == 0 or self.rejections.get((task_id, caller, reviewer), 0) < required:
            return self._expect("TaskEscalationNotAllowed", self.board.escalate, *args)
        tx = self.board.escalate(*args)
        assert tx.events["TaskEscalated"]["reviewer"] == reviewer
        task.escalated = True

    def _reject_until_escalable(self, task_id, task, reviewer):
        """`reviewer` rejects and the claimant resubmits (each step checked against the model)
        until the team's escalation threshold is met, or a step is refused."""
        claimant = task.claimant
        for _ in range(self.ws[task.ws].escalate_after):
            self._reject(task_id, reviewer)
            if task.status != TaskStatus.CLAIMED:
                return
            self._submit(task_id, claimant, task_id % 4)
            if task.status != TaskStatus.SUBMITTED:
                return

    def rule_resolve_escalation(self, st_task, st_flag):
        """Governance pays the escalated submission (`st_flag`) or releases the claim."""
        task_id = self._task(st_task, TaskStatus.SUBMITTED)
        task = self.tasks.get(task_id)
        split = task.split if task is not None else ((), ())
        args = (task_id, st_flag, list(split[0]), list(split[1]), {"from": self.dao})
        if task is None or not task.escalated:
            return self._expect("TaskNotEscalated", self.board.resolveEscalation, *args)
        tx = self.board.resolveEscalation(*args)
        task.escalated = False
        if st_flag:
            self._pay(task_id, task, tx)
        else:
            self._release(task, tx)

    def rule_change_member(self, st_ws, st_actor, st_flag):
        """Governance adds (`st_flag`) or removes an account: members, workers or the signer."""
        ws_id, ws = self.ws_ids[st_ws], self.ws[st_ws]
        account = self.actors[st_actor % 6]
        if st_flag:
            args = (ws_id, account, {"from": self.dao})
            if account in ws.members:
                return self._expect("WorkstreamAlreadyMember", self.workstreams.addMemberByGovernance, *args)
            tx = self.workstreams.addMemberByGovernance(*args)
            ws.members.add(account)
            ws.joined[account] = tx.timestamp
        else:
            args = (ws_id, account, {"from": self.dao})
            if account not in ws.members:
                return self._expect("WorkstreamNotMember", self.workstreams.removeMemberByGovernance, *args)
            if len(ws.members) == 1:
                return self._expect("WorkstreamLastMember", self.workstreams.removeMemberByGovernance, *args)
            if ws.approvals > len(ws.members) - 1:
                return self._expect("WorkstreamApprovalsAboveMembers", self.workstreams.removeMemberByGovernance, *args)
            self.workstreams.removeMemberByGovernance(*args)
            ws.members.discard(account)

    def rule_set_guardrails(self, st_ws, st_approvals, st_bond):
        ws_id, ws = self.ws_ids[st_ws], self.ws[st_ws]
        rails = guardrails(cap=CAP, max_reward=MAX_REWARD, bond=st_bond, duration=DAY, approvals=st_approvals)
        args = (ws_id, rails, {"from": self.dao})
        if st_approvals > len(ws.members):
            return self._expect("WorkstreamApprovalsAboveMembers", self.workstreams.setGuardrails, *args)
        self.workstreams.setGuardrails(*args)
        ws.approvals, ws.bond = st_approvals, st_bond

    def rule_set_team_rules(self, st_ws, st_rule, st_flag, st_escalate_after):
        ws = self.ws[st_ws]
        cooldown, window = (st_rule, 0) if st_flag else (0, st_rule)
        rules = (cooldown, window, st_escalate_after)
        self.workstreams.setTeamRules(self.ws_ids[st_ws], rules, {"from": self.dao})
        ws.cooldown, ws.window, ws.escalate_after = rules

    def rule_pause(self, st_ws):
        ws = self.ws[st_ws]
        if ws.paused:
            self.workstreams.unpause(self.ws_ids[st_ws], {"from": self.dao})
        else:
            self.workstreams.pause(self.ws_ids[st_ws], {"from": self.dao})
        ws.paused = not ws.paused

    def rule_renew(self, st_ws, st_term):
        """A new term: a short one lets rule_sleep reach the term's end."""
        ws = self.ws[st_ws]
        term_end = chain.time() + st_term
        self.workstreams.renew(self.ws_ids[st_ws], term_end, CAP, "", {"from": self.dao})
        ws.term_end = term_end

    def rule_blacklist(self, st_actor):
        """The token blacklists (or clears) helper or helper2: payments to it become owed."""
        account = self.actors[4 + st_actor % 2]
        listed = account not in self.blacklisted
        self.token.setBlacklisted(account, listed, {"from": self.dao})
        (self.blacklisted.add if listed else self.blacklisted.discard)(account)

    def rule_withdraw_owed(self, st_actor):
        account = self.actors[st_actor % 6]
        args = (self.token, account, {"from": account})
        if not self.owed.get(account):
            return self._expect("WorkstreamNothingOwed", self.workstreams.withdrawOwed, *args)
        if account in self.blacklisted:
            return self._expect("BlacklistTokenBlocked", self.workstreams.withdrawOwed, *args)
        self.workstreams.withdrawOwed(*args)
        self.balances[account] += self.owed.pop(account)

    def rule_fund(self, st_ws, st_amount):
        ws = self.ws[st_ws]
        args = (self.ws_ids[st_ws], st_amount, {"from": self.dao})
        if ws.funded - ws.forfeited + st_amount - ws.clawed_back > CAP:
            return self._expect("WorkstreamBudgetCapExceeded", self.workstreams.fund, *args)
        self.workstreams.fund(*args)
        ws.funded += st_amount
        ws.available += st_amount

    def rule_clawback(self, st_ws, st_amount):
        ws = self.ws[st_ws]
        args = (self.ws_ids[st_ws], st_amount, {"from": self.dao})
        if st_amount > ws.available:
            return self._expect("WorkstreamInsufficientBudget", self.workstreams.clawback, *args)
        self.workstreams.clawback(*args)
        ws.available -= st_amount
        ws.clawed_back += st_amount

    # ---- invariants ---------------------------------------------------------------------

    def invariant_escrow_holds_exactly_what_it_owes(self):
        """The escrow's balance is reserved + available + held bonds of every workstream plus
        every owed balance, exactly (nobody sends the escrow tokens it does not account for)."""
        liabilities = sum(ws.reserved + ws.available + ws.bonds for ws in self.ws.values())
        liabilities += sum(self.owed.values())
        balance = self.token.balanceOf(self.workstreams) - self.escrow_start + 2 * FUNDING
        assert balance == liabilities
        for account, amount in self.owed.items():
            assert self.workstreams.owed(self.token, account) == amount

    def invariant_reserved_is_the_rewards_of_live_tasks(self):
        """Each workstream reserves exactly the rewards of its open, claimed and submitted tasks."""
        for key, ws in self.ws.items():
            live = sum(
                t.reward
                for t in self.tasks.values()
                if t.ws == key and t.status in (TaskStatus.OPEN, TaskStatus.CLAIMED, TaskStatus.SUBMITTED)
            )
            assert ws.reserved == live

    def invariant_tasks_match_the_model(self):
        """Every task's stored status, claimant, reward and bond are the model's."""
        for task_id, task in self.tasks.items():
            info = self.board.task(task_id)
            assert info["status"] == task.status
            assert info["claimant"] == (task.claimant or brownie.ZERO_ADDRESS)
            assert info["reward"] == task.reward
            assert info["escalated"] == task.escalated
            if task.status in (TaskStatus.CLAIMED, TaskStatus.SUBMITTED):
                assert info["bond"] == task.bond

    def invariant_budget_identity(self):
        """paid + reserved + available == funded - clawedBack, and the contract agrees with the model."""
        for key, ws in self.ws.items():
            funded, reserved, paid, available, clawed_back = self.workstreams.budget(self.ws_ids[key])
            assert paid + reserved + available == funded - clawed_back
            assert (funded, reserved, paid, available, clawed_back) == (
                ws.funded,
                ws.reserved,
                ws.paid,
                ws.available,
                ws.clawed_back,
            )
            assert self.workstreams.bondsHeld(self.ws_ids[key]) == ws.bonds

    def invariant_paid_at_most_once(self):
        """No task emits TaskPaid twice; paid tasks are exactly the model's."""
        assert all(count == 1 for count in self.paid_events.values())
        assert set(self.paid_events) == {i for i, t in self.tasks.items() if t.status == TaskStatus.PAID}

    def invariant_contributors_received_exactly_their_shares(self):
        """Every account's token balance moved by exactly its payments and bonds."""
        for account, expected in self.balances.items():
            assert self.token.balanceOf(account) == expected


def test_work_state_machine(board, workstreams, dao, gov, alice, bob, carol, worker, helper, helper2, claim_signer):
    actors = [alice, bob, carol, worker, helper, helper2]
    token = BlacklistToken.deploy({"from": gov})
    token.mint(dao, 10 * CAP, {"from": gov})
    token.approve(workstreams, 2**256 - 1, {"from": dao})
    for account in [*actors, claim_signer]:
        token.mint(account, 1_000 * UNIT, {"from": gov})
        token.approve(workstreams, 2**256 - 1, {"from": account})

    settings = {
        "max_examples": int(os.environ.get("STATEFUL_EXAMPLES", "40")),
        "stateful_step_count": int(os.environ.get("STATEFUL_STEPS", "15")),
    }
    state_machine(WorkMachine, board, workstreams, token, dao, actors, claim_signer, settings=settings)
