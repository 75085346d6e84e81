"""Stateful property test: random sequences of create / claim / abandon / expire / submit /
approve / reject / cancel / fund / clawback by several accounts over two workstreams that
share one budget token, against a Python model of the expected state.

Each rule either expects the exact custom error the model predicts or updates the model;
the invariants compare contract and model after every step.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import brownie
import brownie.test
from brownie import chain
from helpers import error
from hypothesis import strategies as st
from work_fixtures import BOND, CAP, CHARTER, DAY, DELIVERABLE, REASON, SPEC, TERM, UNIT, guardrails, terms


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


state_machine = _pure_python_state_machine()

NONE, OPEN, CLAIMED, SUBMITTED, PAID, CANCELLED = range(6)
FUNDING = 1_000 * UNIT
MAX_REWARD = 400 * UNIT
# A submission's split, by option: 0 = all to the claimant; 1 = claimant + helper;
# 2 = helper + helper2 (claimant only gets the remainder); 3 = includes member bob.
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
    status: int = OPEN
    claimant: str | None = None
    expiry: int = 0
    bond: int = 0
    split: tuple = ((), ())
    approvers: set = field(default_factory=set)


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

    def __init__(cls, board, workstreams, token, dao, actors):
        cls.board, cls.workstreams, cls.token, cls.dao = board, workstreams, token, dao
        cls.actors = actors
        cls.who = dict(zip(["alice", "bob", "carol", "worker", "helper", "helper2"], actors, strict=True))
        alice, bob, carol = actors[:3]
        configs = {
            1: ([alice, bob], guardrails(cap=CAP, max_reward=MAX_REWARD, bond=BOND, duration=DAY, approvals=1)),
            2: ([bob, carol], guardrails(cap=CAP, max_reward=MAX_REWARD, bond=0, duration=DAY, approvals=2)),
        }
        cls.ws_ids = {}
        cls.ws_config = {}
        for key, (members, rails) in configs.items():
            tx = workstreams.createWorkstream(f"ws{key}", CHARTER, members, token, chain.time() + TERM, rails,
                                              {"from": dao})
            ws_id = tx.events["WorkstreamCreated"]["workstreamId"]
            workstreams.fund(ws_id, FUNDING, {"from": dao})
            cls.ws_ids[key] = ws_id
            cls.ws_config[key] = (members, rails)
        cls.escrow_start = token.balanceOf(workstreams)

    def setup(self):
        self.ws = {}
        for key, (members, rails) in self.ws_config.items():
            self.ws[key] = WS(members=set(members), approvals=rails[4], bond=rails[2], funded=FUNDING,
                              available=FUNDING)
        self.tasks: dict[int, Task] = {}
        self.first_task = self.board.taskCount() + 1
        self.paid_events: dict[int, int] = {}
        self.balances = {a: self.token.balanceOf(a) for a in self.actors}

    # ---- helpers ------------------------------------------------------------------------

    def _actor(self, pick, task=None):
        if pick < 6:
            return self.actors[pick]
        return task.claimant if task is not None and task.claimant else self.actors[3]

    def _reviewer(self, pick, task=None):
        if pick < 6 or task is None:
            return self.actors[pick % 6]
        entitled = sorted(
            (m for m in self.ws[task.ws].members if m != task.claimant and m not in task.split[0]
             and m not in task.approvers),
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
        if status in (CLAIMED, SUBMITTED):
            self._claim(task_id, self.actors[3 + task_id % 3])
        if status == SUBMITTED:
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
            if account in self.balances:
                self.balances[account] += amount
        self.paid_events[task_id] = self.paid_events.get(task_id, 0) + len(tx.events["TaskPaid"])
        task.status = PAID

    # ---- rules --------------------------------------------------------------------------

    def rule_create(self, st_ws, st_creator, st_reward):
        self._create(st_ws, st_creator, st_reward, 0)

    def rule_create_subtask(self, st_ws, st_creator, st_reward, st_task):
        self._create(st_ws, st_creator, st_reward, self._task(st_task, OPEN))

    def _create(self, key, creator_pick, reward, parent_id):
        creator = self.actors[creator_pick]
        ws_id, ws = self.ws_ids[key], self.ws[key]
        parent = self.tasks.get(parent_id)
        args = (ws_id, parent_id, reward, 0, SPEC, {"from": creator})
        if parent_id and parent is None:
            return self._expect("TaskUnknown", self.board.createTask, *args)
        if parent is not None and parent.status != OPEN:
            return self._expect("TaskNotOpen", self.board.createTask, *args)
        if parent is not None and parent.ws != key:
            return self._expect("TaskParentMismatch", self.board.createTask, *args)
        if parent is not None and reward > parent.reward:
            return self._expect("TaskRewardAboveParent", self.board.createTask, *args)
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
        task_id = self._task(st_task, OPEN)
        self._claim(task_id, self._actor(st_actor, self.tasks.get(task_id)))

    def _claim(self, task_id, claimant):
        task = self.tasks.get(task_id)
        if task is None:
            return self._expect("TaskUnknown", self.board.claim, task_id, {"from": claimant})
        if task.status != OPEN:
            return self._expect("TaskNotOpen", self.board.claim, task_id, {"from": claimant})
        tx = self.board.claim(task_id, *terms(self.board, task_id), {"from": claimant})
        ws = self.ws[task.ws]
        task.status, task.claimant, task.expiry = CLAIMED, claimant, tx.timestamp + DAY
        task.bond = ws.bond
        ws.bonds += ws.bond
        self.balances[claimant] -= ws.bond
        assert self.board.task(task_id)["claimant"] == claimant

    def rule_abandon(self, st_task, st_actor):
        task_id = self._task(st_task, CLAIMED)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        if task is None:
            return self._expect("TaskUnknown", self.board.abandon, task_id, {"from": caller})
        if task.status != CLAIMED:
            return self._expect("TaskNotClaimed", self.board.abandon, task_id, {"from": caller})
        if caller != task.claimant:
            return self._expect("TaskNotClaimant", self.board.abandon, task_id, {"from": caller})
        self.board.abandon(task_id, {"from": caller})
        self._forfeit(task)

    def _forfeit(self, task):
        ws = self.ws[task.ws]
        ws.bonds -= task.bond
        ws.available += task.bond
        ws.funded += task.bond
        task.status, task.claimant, task.expiry, task.bond = OPEN, None, 0, 0
        task.approvers = set()

    def rule_sleep(self, st_sleep):
        chain.sleep(st_sleep)

    def rule_reopen_expired(self, st_task, st_actor):
        task_id = self._task(st_task, CLAIMED)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        if task is None:
            return self._expect("TaskUnknown", self.board.reopenExpired, task_id, {"from": caller})
        if task.status != CLAIMED:
            return self._expect("TaskNotClaimed", self.board.reopenExpired, task_id, {"from": caller})
        self._now_is_clear_of(task.expiry)
        if chain.time() <= task.expiry:
            return self._expect("TaskClaimNotExpired", self.board.reopenExpired, task_id, {"from": caller})
        self.board.reopenExpired(task_id, {"from": caller})
        self._forfeit(task)

    def rule_submit(self, st_task, st_actor, st_split):
        task_id = self._task(st_task, CLAIMED)
        self._submit(task_id, self._actor(st_actor, self.tasks.get(task_id)), st_split)

    def _submit(self, task_id, caller, st_split):
        task = self.tasks.get(task_id)
        claimant = task.claimant if task is not None and task.claimant else caller
        split = SPLITS[st_split](claimant, self.who)
        args = (task_id, DELIVERABLE, split[0], split[1], {"from": caller})
        if task is None:
            return self._expect("TaskUnknown", self.board.submit, *args)
        if task.status != CLAIMED:
            return self._expect("TaskNotClaimed", self.board.submit, *args)
        if caller != task.claimant:  # only the claimant submits
            return self._expect("TaskNotClaimant", self.board.submit, *args)
        self._now_is_clear_of(task.expiry)
        if chain.time() > task.expiry:
            return self._expect("TaskClaimExpired", self.board.submit, *args)
        if len(set(split[0])) != len(split[0]):
            return self._expect("TaskSplitInvalidEntry", self.board.submit, *args)
        self.board.submit(*args)
        task.status, task.split, task.approvers = SUBMITTED, split, set()

    def rule_approve(self, st_task, st_actor):
        task_id = self._task(st_task, SUBMITTED)
        task = self.tasks.get(task_id)
        reviewer = self._reviewer(st_actor, task)
        split = task.split if task is not None else ((), ())
        args = (task_id, REASON, list(split[0]), list(split[1]), {"from": reviewer})
        if task is None:
            return self._expect("TaskUnknown", self.board.approve, *args)
        if task.status != SUBMITTED:
            return self._expect("TaskNotSubmitted", self.board.approve, *args)
        ws = self.ws[task.ws]
        if reviewer not in ws.members:
            return self._expect("WorkstreamNotMember", self.board.approve, *args)
        if reviewer == task.claimant or reviewer in split[0]:  # nobody approves their own work
            return self._expect("TaskSelfReview", self.board.approve, *args)
        if reviewer in task.approvers:
            return self._expect("TaskAlreadyApproved", self.board.approve, *args)
        tx = self.board.approve(*args)
        task.approvers.add(reviewer)
        if len(task.approvers) >= ws.approvals:
            self._pay(task_id, task, tx)
        else:
            assert "TaskPaid" not in tx.events

    def rule_reject(self, st_task, st_actor):
        task_id = self._task(st_task, SUBMITTED)
        task = self.tasks.get(task_id)
        reviewer = self._reviewer(st_actor, task)
        args = (task_id, REASON, {"from": reviewer})
        if task is None:
            return self._expect("TaskUnknown", self.board.reject, *args)
        if task.status != SUBMITTED:
            return self._expect("TaskNotSubmitted", self.board.reject, *args)
        if reviewer not in self.ws[task.ws].members:
            return self._expect("WorkstreamNotMember", self.board.reject, *args)
        if reviewer == task.claimant:
            return self._expect("TaskSelfReview", self.board.reject, *args)
        tx = self.board.reject(*args)
        task.status, task.expiry, task.approvers = CLAIMED, tx.timestamp + DAY, set()

    def rule_cancel(self, st_task, st_actor):
        task_id = self._task(st_task, OPEN)
        task = self.tasks.get(task_id)
        caller = self._actor(st_actor, task)
        if task is None:
            return self._expect("TaskUnknown", self.board.cancel, task_id, {"from": caller})
        if task.status != OPEN:
            return self._expect("TaskNotOpen", self.board.cancel, task_id, {"from": caller})
        if caller not in self.ws[task.ws].members:
            return self._expect("WorkstreamNotMember", self.board.cancel, task_id, {"from": caller})
        self.board.cancel(task_id, {"from": caller})
        task.status = CANCELLED
        parent = self.tasks.get(task.parent)
        if parent is not None and parent.status == OPEN:
            parent.reward += task.reward
        else:
            ws = self.ws[task.ws]
            ws.reserved -= task.reward
            ws.available += task.reward

    def rule_fund(self, st_ws, st_amount):
        ws = self.ws[st_ws]
        args = (self.ws_ids[st_ws], st_amount, {"from": self.dao})
        if ws.funded + st_amount - ws.clawed_back > CAP:
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

    def invariant_escrow_covers_every_workstream(self):
        """The escrow's balance covers reserved + available + held bonds of every workstream
        (exactly, here: nobody sends the escrow tokens it does not account for)."""
        liabilities = sum(ws.reserved + ws.available + ws.bonds for ws in self.ws.values())
        balance = self.token.balanceOf(self.workstreams) - self.escrow_start + 2 * FUNDING
        assert balance >= liabilities
        assert balance == liabilities

    def invariant_budget_identity(self):
        """paid + reserved + available == funded - clawedBack, and the contract agrees with the model."""
        for key, ws in self.ws.items():
            funded, reserved, paid, available, clawed_back = self.workstreams.budget(self.ws_ids[key])
            assert paid + reserved + available == funded - clawed_back
            assert (funded, reserved, paid, available, clawed_back) == (
                ws.funded, ws.reserved, ws.paid, ws.available, ws.clawed_back,
            )
            assert self.workstreams.bondsHeld(self.ws_ids[key]) == ws.bonds

    def invariant_paid_at_most_once(self):
        """No task emits TaskPaid twice; paid tasks are exactly the model's."""
        assert all(count == 1 for count in self.paid_events.values())
        assert set(self.paid_events) == {i for i, t in self.tasks.items() if t.status == PAID}

    def invariant_contributors_received_exactly_their_shares(self):
        """Every account's token balance moved by exactly its payments and bonds."""
        for account, expected in self.balances.items():
            assert self.token.balanceOf(account) == expected


def test_work_state_machine(board, workstreams, budget_token, dao, gov, alice, bob, carol, worker, helper, helper2):
    actors = [alice, bob, carol, worker, helper, helper2]
    budget_token.mint(dao, 10 * CAP, {"from": gov})
    for account in actors:
        budget_token.mint(account, 1_000 * UNIT, {"from": gov})
        budget_token.approve(workstreams, 2**256 - 1, {"from": account})

    state_machine(WorkMachine, board, workstreams, budget_token, dao, actors,
                  settings={"max_examples": 40, "stateful_step_count": 15})
