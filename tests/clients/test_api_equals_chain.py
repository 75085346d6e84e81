"""The API equals the chain, field by field, over the whole demo DAO (`teal up --fresh`):
every task, proposal, workstream (with its budget) and account, each field the contracts
expose through their views and their events compared with the API's JSON. The chain is read
with web3.py and the manifest's ABIs only. Every difference is listed; the counts are printed
(run with `-s` to see them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from devnet import everything
from eth_abi import encode
from indexing import wait_until_indexed
from web3 import Web3

from api.chain.types import ProposalState, Support, TaskInfo, TaskStatus, WorkstreamInfo, decode_view

ZERO = "0x0000000000000000000000000000000000000000"


class Comparison:
    """Field-by-field comparison: counts what was compared, keeps every difference."""

    def __init__(self) -> None:
        self.entities: dict[str, int] = defaultdict(int)
        self.fields = 0
        self.differences: list[str] = []

    def entity(self, kind: str) -> None:
        self.entities[kind] += 1

    def same(self, where: str, chain: Any, api: Any) -> None:
        self.fields += 1
        if chain != api:
            self.differences.append(f"{where}: chain {chain!r} != API {api!r}")


def _addr(value: str | None) -> str | None:
    return None if value in (None, ZERO) else Web3.to_checksum_address(value)


def by_task_all(by_task: dict[str, dict[int, list[Any]]], event: str) -> list[Any]:
    return [log for logs in by_task[event].values() for log in logs]


def _logs(contract, event: str, start: int) -> list[Any]:
    return list(getattr(contract.events, event).get_logs(from_block=start, to_block="latest"))


def test_every_entity_of_the_demo_equals_the_chain(api, w3, contracts, manifest):
    wait_until_indexed(api, w3.eth.block_number)
    board, registry = contracts["TaskBoard"], contracts["Workstreams"]
    governor, token = contracts["TealGovernor"], contracts["TealToken"]
    start = int(manifest.get("start_block", 0))
    check = Comparison()
    head = w3.eth.block_number

    def ts(block: int) -> int:
        return int(w3.eth.get_block(block)["timestamp"])

    # ---- workstreams and budgets ----------------------------------------------------------
    created_ws = {int(e.args.workstreamId): e for e in _logs(registry, "WorkstreamCreated", start)}
    workstream_count = registry.functions.workstreamCount().call()
    assert len(everything(api, "/workstreams")) == workstream_count
    for wid in range(1, workstream_count + 1):
        body = api.get(f"/workstreams/{wid}").json()
        ws = decode_view(WorkstreamInfo, registry.abi, "workstream", registry.functions.workstream(wid).call())
        rails = ws.guardrails
        at = f"workstream {wid}"
        check.entity("workstreams")
        for name, chain_value, api_value in [
            ("token", ws.token, body["token"]),
            ("term_end", ws.term_end, body["term_end"]),
            ("paused", ws.paused, body["paused"]),
            ("member_count", ws.member_count, body["member_count"]),
            ("guardrails.budget_cap", str(rails.budget_cap), body["guardrails"]["budget_cap"]),
            ("guardrails.max_reward", str(rails.max_reward), body["guardrails"]["max_reward"]),
            ("guardrails.claim_bond", str(rails.claim_bond), body["guardrails"]["claim_bond"]),
            ("guardrails.claim_duration", rails.claim_duration, body["guardrails"]["claim_duration"]),
            ("guardrails.approvals_required", rails.approvals_required, body["guardrails"]["approvals_required"]),
            (
                "members",
                sorted(registry.functions.members(wid).call()),
                sorted(m["account"] for m in body["members"] if m["active"]),
            ),
            ("name", created_ws[wid].args.name, body["name"]),
            ("charter_cid", created_ws[wid].args.charterCid, body["charter_cid"]),
            ("created_block", created_ws[wid].blockNumber, body["created_block"]),
            ("created_at", ts(created_ws[wid].blockNumber), body["created_at"]),
        ]:
            check.same(f"{at}.{name}", chain_value, api_value)
        check.entity("budgets")
        funded, reserved, paid, available, clawed = registry.functions.budget(wid).call()
        for name, value in [
            ("funded", funded),
            ("reserved", reserved),
            ("paid", paid),
            ("available", available),
            ("clawed_back", clawed),
            ("cap", rails.budget_cap),
        ]:
            check.same(f"{at}.budget.{name}", str(value), body["budget"][name])
        listed = next(w for w in everything(api, "/workstreams") if w["id"] == wid)
        for summary in ("budget", "term_end", "paused", "member_count", "charter_cid", "name", "token"):
            check.same(f"{at} (list).{summary}", body[summary], listed[summary])

    # ---- tasks ----------------------------------------------------------------------------
    by_task: dict[str, dict[int, list[Any]]] = {}
    for event in ("TaskCreated", "TaskClaimed", "TaskSubmitted", "TaskApproved", "TaskRejected"):
        grouped: dict[int, list[Any]] = defaultdict(list)
        for log in _logs(board, event, start):
            grouped[int(log.args.taskId)].append(log)
        by_task[event] = grouped
    paid_events: dict[int, list[Any]] = defaultdict(list)
    for log in _logs(registry, "RewardPaid", start):
        paid_events[int(log.args.taskId)].append(log)
    reviewers = {e.args.reviewer for e in by_task_all(by_task, "TaskApproved") + by_task_all(by_task, "TaskRejected")}
    task_count = board.functions.taskCount().call()
    listed_tasks = {t["id"]: t for t in everything(api, "/tasks")}
    assert sorted(listed_tasks) == list(range(1, task_count + 1))
    # Read once: nothing writes to the chain during this test (head is fixed above).
    infos = {
        tid: decode_view(TaskInfo, board.abi, "task", board.functions.task(tid).call())
        for tid in range(1, task_count + 1)
    }
    for tid, info in infos.items():
        wid, parent, status, claimant, expiry = (
            info.workstream_id,
            info.parent_id,
            info.status,
            info.claimant,
            info.claim_expiry,
        )
        duration, reward, bond, approvals, round_ = (
            info.claim_duration,
            info.reward,
            info.bond,
            info.approvals,
            info.round,
        )
        digest, submitted_at = info.split_digest, info.submitted_at
        body = api.get(f"/tasks/{tid}").json()
        at = f"task {tid}"
        check.entity("tasks")
        submissions = body["submissions"]
        api_digest = (
            "0x"
            + Web3.keccak(
                encode(["address[]", "uint16[]"], [submissions[-1]["contributors"], submissions[-1]["shares"]])
            )
            .hex()
            .removeprefix("0x")
            if submissions
            else "0x" + "00" * 32
        )
        created = by_task["TaskCreated"][tid][0]
        approvers = [r["reviewer"] for r in body["reviews"] if r["round"] == round_ and r["verdict"] == "approve"]
        for name, chain_value, api_value in [
            ("workstream_id", wid, body["workstream_id"]),
            ("parent_id", parent or None, body["parent_id"]),
            ("status", status.label, body["status"]),
            ("claimant", _addr(claimant), body["claimant"]),
            ("claim_expiry", expiry or None, body["claim_expiry"]),
            ("claim_duration", duration, body["claim_duration"]),
            ("reward", str(reward), body["reward"]),
            ("bond", str(bond), body["bond"]),
            ("approvals", approvals, body["approvals"]),
            ("round", round_, body["round"]),
            # The board keeps the submission time only while the task is Submitted.
            (
                "submitted_at",
                submitted_at if status == TaskStatus.SUBMITTED else 0,
                body["submitted_at"] if status == TaskStatus.SUBMITTED else 0,
            ),
            ("split_digest", "0x" + digest.hex().removeprefix("0x"), api_digest),
            ("creator", created.args.creator, body["creator"]),
            ("spec_cid", created.args.specCid, body["spec_cid"]),
            ("created_at", ts(created.blockNumber), body["created_at"]),
            (
                "subtasks",
                sorted(t for t, other in infos.items() if t != tid and other.parent_id == tid),
                sorted(body["subtasks"]),
            ),
            (
                "claims",
                [
                    (e.args.claimant, _addr(e.args.relayer), e.args.expiry, str(e.args.bond))
                    for e in by_task["TaskClaimed"][tid]
                ],
                [(c["claimant"], c["relayer"], c["expiry"], c["bond"]) for c in body["claims"]],
            ),
            (
                "submissions",
                [
                    (
                        e.args.round,
                        e.args.claimant,
                        e.args.deliverableCid,
                        list(e.args.contributors),
                        list(e.args.shares),
                    )
                    for e in by_task["TaskSubmitted"][tid]
                ],
                [
                    (s["round"], s["claimant"], s["deliverable_cid"], s["contributors"], s["shares"])
                    for s in submissions
                ],
            ),
            (
                "reviews",
                [
                    r[2:]
                    for r in sorted(
                        (
                            e.blockNumber,
                            e.logIndex,
                            e.args.round,
                            e.args.reviewer,
                            "approve" if e.event == "TaskApproved" else "reject",
                            e.args.reasonCid,
                        )
                        for e in by_task["TaskApproved"][tid] + by_task["TaskRejected"][tid]
                    )
                ],
                [(r["round"], r["reviewer"], r["verdict"], r["reason_cid"]) for r in body["reviews"]],
            ),
            (
                "payments",
                sorted(
                    (e.args.to, str(e.args.amount), str(e.args.bondReturned), e.args.deferred) for e in paid_events[tid]
                ),
                sorted((p["recipient"], p["amount"], p["bond_returned"], p["deferred"]) for p in body["payments"]),
            ),
            # TaskBoard does not record the deciding approval in `hasApproved` (the task is paid).
            (
                "approvers this round",
                sorted(
                    m
                    for m in reviewers | set(registry.functions.members(wid).call())
                    if board.functions.hasApproved(tid, m).call()
                ),
                sorted(approvers[:-1] if status == 4 else approvers),
            ),
        ]:
            check.same(f"{at}.{name}", chain_value, api_value)
        for field in ("workstream_id", "parent_id", "status", "reward", "claimant", "claim_expiry", "spec_cid"):
            check.same(f"{at} (board).{field}", body[field], listed_tasks[tid][field])

    # ---- proposals ------------------------------------------------------------------------
    proposals = _logs(governor, "ProposalCreated", start)
    votes_by_proposal: dict[int, list[Any]] = defaultdict(list)
    for log in _logs(governor, "VoteCast", start) + _logs(governor, "VoteCastWithParams", start):
        votes_by_proposal[int(log.args.proposalId)].append(log)
    assert len(everything(api, "/proposals")) == len(proposals)
    for created in proposals:
        pid = int(created.args.proposalId)
        body = api.get(f"/proposals/{pid}").json()
        at = f"proposal {pid}"
        check.entity("proposals")
        snapshot = governor.functions.proposalSnapshot(pid).call()
        against, for_, abstain = governor.functions.proposalVotes(pid).call()
        eta = governor.functions.proposalEta(pid).call()
        for name, chain_value, api_value in [
            ("id", str(pid), body["id"]),
            ("proposer", governor.functions.proposalProposer(pid).call(), body["proposer"]),
            ("state", ProposalState(governor.functions.state(pid).call()).label, body["state"]),
            ("vote_start", snapshot, body["vote_start"]),
            ("vote_end", governor.functions.proposalDeadline(pid).call(), body["vote_end"]),
            ("eta", eta or None, body["eta"]),
            ("tallies.for", str(for_), body["tallies"]["for"]),
            ("tallies.against", str(against), body["tallies"]["against"]),
            ("tallies.abstain", str(abstain), body["tallies"]["abstain"]),
            ("quorum", str(governor.functions.quorum(snapshot).call()) if snapshot < head else None, body["quorum"]),
            ("description", created.args.description, body["description"]),
            ("targets", list(created.args.targets), body["targets"]),
            ("values", [str(v) for v in created.args.values], body["values"]),
            ("calldatas", ["0x" + bytes(c).hex() for c in created.args.calldatas], body["calldatas"]),
            ("created_block", created.blockNumber, body["created_block"]),
        ]:
            check.same(f"{at}.{name}", chain_value, api_value)
        api_votes = everything(api, f"/proposals/{pid}/votes")
        chain_votes = votes_by_proposal[pid]
        check.same(
            f"{at}.votes",
            sorted(
                (
                    e.args.voter,
                    Support(e.args.support).label,
                    str(e.args.weight),
                    e.args.reason,
                    e.blockNumber,
                    "0x" + bytes(e.transactionHash).hex().removeprefix("0x"),
                )
                for e in chain_votes
            ),
            sorted(
                (v["voter"], v["support"], v["weight"], v["reason"], v["block_number"], v["tx_hash"]) for v in api_votes
            ),
        )
        for vote in api_votes:
            check.same(f"{at}.hasVoted({vote['voter']})", governor.functions.hasVoted(pid, vote["voter"]).call(), True)

    # ---- accounts -------------------------------------------------------------------------
    addresses = {_addr(e.args.to) for e in _logs(token, "Transfer", start)}
    addresses |= {_addr(e.args["from"]) for e in _logs(token, "Transfer", start)}
    delegations = _logs(token, "DelegateChanged", start)
    addresses |= {_addr(e.args.delegator) for e in delegations} | {_addr(e.args.toDelegate) for e in delegations}
    addresses |= {_addr(e.args.to) for e in _logs(registry, "RewardPaid", start)}
    addresses |= {m for wid in range(1, workstream_count + 1) for m in registry.functions.members(wid).call()}
    addresses -= {None}
    paid_to: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    ws_tokens = {
        wid: decode_view(WorkstreamInfo, registry.abi, "workstream", registry.functions.workstream(wid).call()).token
        for wid in range(1, workstream_count + 1)
    }
    for log in _logs(registry, "RewardPaid", start):
        paid_to[log.args.to][ws_tokens[int(log.args.workstreamId)]].append(int(log.args.amount))
    delegators: dict[str, set[str]] = defaultdict(set)
    for account in {_addr(e.args.delegator) for e in delegations} - {None}:
        delegate = _addr(token.functions.delegates(account).call())
        if delegate and delegate != account:  # the API lists others; one's own is `delegate`
            delegators[delegate].add(account)
    for address in sorted(addresses):
        body = api.get(f"/contributors/{address}").json()
        at = f"account {address}"
        check.entity("accounts")
        held = sorted(
            t
            for t, task in infos.items()
            if task.claimant == address and task.status in (TaskStatus.CLAIMED, TaskStatus.SUBMITTED)
        )
        for name, chain_value, api_value in [
            ("balance", str(token.functions.balanceOf(address).call()), body["balance"]),
            ("delegate", _addr(token.functions.delegates(address).call()), body["delegate"]),
            ("voting_power", str(token.functions.getVotes(address).call()), body["voting_power"]),
            ("delegators", sorted(delegators[address]), sorted(body["delegators"])),
            (
                "memberships",
                [w for w in range(1, workstream_count + 1) if registry.functions.isMember(w, address).call()],
                sorted(body["memberships"]),
            ),
            ("tasks_claimed", held, sorted(t["id"] for t in body["tasks_claimed"])),
            (
                "earnings",
                sorted((tok, str(sum(amounts)), len(amounts)) for tok, amounts in paid_to[address].items()),
                sorted((e["token"], e["amount"], e["payments"]) for e in body["earnings"]),
            ),
            (
                "votes",
                sorted(
                    (e.blockNumber, Support(e.args.support).label, str(e.args.weight), e.args.reason)
                    for votes in votes_by_proposal.values()
                    for e in votes
                    if e.args.voter == address
                ),
                sorted((v["block_number"], v["support"], v["weight"], v["reason"]) for v in body["votes"]),
            ),
        ]:
            check.same(f"{at}.{name}", chain_value, api_value)

    counts = ", ".join(f"{n} {kind}" for kind, n in check.entities.items())
    print(f"\nAPI = chain: {counts}; {check.fields} fields compared, {len(check.differences)} differences")
    assert check.entities["tasks"] == task_count and check.fields > 1000
    assert check.differences == [], "\n".join(check.differences)
