"""Reads for an account's signing state and pull balances, and for member changes with their
approvers: what `teal member pending`, `teal task withdraw-owed` and the relay's clients need.

Nonces of the forwarder, the governor and the tokens are read live from the chain (a stale
nonce makes a signature useless); claim nonces, owed balances, sweeps and approvals come from
the index (events the indexer keeps in `events`, and `payments`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from eth_utils import to_checksum_address
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.chain.forwarding import FORWARDER, PERMIT_ABI
from api.db import models
from api.http.chainview import ChainView
from api.http.errors import ApiError, not_found
from api.http.pagination import Page, decode_cursor, encode_cursor
from api.http.queries.work_rules import indexed_time
from api.http.schemas.accounts import AccountOwedOut, ContractNonce, NoncesOut, OwedOut, SweepOut, TokenNonce
from api.http.schemas.workstreams import MemberChangeApprover, MemberChangeDetail

log = logging.getLogger(__name__)
_SYMBOL_ABI: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": "symbol",
        "stateMutability": "view",
        "inputs": [],
        "outputs": [{"name": "", "type": "string"}],
    }
]


def _events(session: Session, contract: str, name: str, **where: str) -> list[models.Event]:
    """Indexed events of `contract.name` whose args equal `where` (decimal strings, checksummed
    addresses: how the indexer stores them), in chain order."""
    query = select(models.Event).where(models.Event.contract == contract, models.Event.name == name)
    for arg, value in where.items():
        query = query.where(models.Event.args[arg].as_string() == value)
    return list(session.scalars(query.order_by(models.Event.block_number, models.Event.log_index)))


# ---- nonces ------------------------------------------------------------------------------------


def nonces(session: Session, chain: ChainView, who: str) -> NoncesOut:
    """The nonces `who`'s next signatures must carry (live) and its claim nonces (indexed)."""
    w3 = chain.w3
    try:
        block = int(w3.eth.block_number)
        forwarder = chain.contracts.get(FORWARDER)
        governor = chain.contracts.get("TealGovernor")
        token_addresses: list[str] = [chain.contracts["TealToken"].address] if "TealToken" in chain.contracts else []
        for (address,) in session.execute(select(models.Workstream.token).order_by(models.Workstream.id)):
            if address not in token_addresses:
                token_addresses.append(address)
        tokens = []
        for address in token_addresses:
            nonce = _token_nonce(w3, address, who, block)
            if nonce is not None:
                tokens.append(TokenNonce(contract=address, nonce=str(nonce), symbol=_symbol(w3, address)))
        forwarder_nonce = (
            ContractNonce(
                contract=forwarder.address,
                nonce=str(forwarder.functions.nonces(who).call(block_identifier=block)),
            )
            if forwarder is not None
            else None
        )
        governor_nonce = (
            ContractNonce(
                contract=governor.address, nonce=str(governor.functions.nonces(who).call(block_identifier=block))
            )
            if governor is not None
            else None
        )
    except Exception as exc:  # noqa: BLE001 - any transport failure: the node is unreachable
        log.warning("nonces of %s unavailable: %s", who, exc)
        raise ApiError(503, "chain_unavailable", "the chain node is unreachable: try again later") from None
    used: list[str] = []
    cancelled: list[str] = []
    rows = session.scalars(
        select(models.ClaimNonce).where(models.ClaimNonce.claimant == who).order_by(models.ClaimNonce.id).limit(1000)
    )
    for row in rows:
        if row.kind == "used" and row.nonce is not None:
            used.append(str(row.nonce))
        elif row.kind == "cancelled" and row.word_pos is not None and row.mask is not None:
            cancelled.extend(str(row.word_pos * 256 + bit) for bit in range(256) if row.mask >> bit & 1)
    return NoncesOut(
        address=who,
        forwarder=forwarder_nonce,
        governor=governor_nonce,
        tokens=tokens,
        claim_nonces_used=used,
        claim_nonces_cancelled=cancelled,
        block=block,
    )


def _token_nonce(w3: Any, address: str, who: str, block: int) -> int | None:
    """`nonces(who)` of a token with EIP-2612 permit; None for a token without one."""
    contract = w3.eth.contract(address=to_checksum_address(address), abi=PERMIT_ABI)
    try:
        return int(contract.functions.nonces(who).call(block_identifier=block))
    except Exception:
        if not w3.is_connected():
            raise
        return None


def _symbol(w3: Any, address: str) -> str | None:
    try:
        return str(w3.eth.contract(address=to_checksum_address(address), abi=_SYMBOL_ABI).functions.symbol().call())
    except Exception:  # noqa: BLE001 - a token without a readable symbol
        return None


# ---- owed balances ------------------------------------------------------------------------------


def owed(session: Session, who: str) -> AccountOwedOut:
    """What the Workstreams escrow owes `who` per token, as indexed: payments and returned bonds
    whose push transfer failed (`RewardPaid`/`BondReturned` with `deferred`), less `OwedWithdrawn`."""
    deferred: dict[str, list[int]] = {}
    for row in session.scalars(
        select(models.Payment).where(models.Payment.recipient == who, models.Payment.deferred.is_(True))
    ):
        entry = deferred.setdefault(row.token, [0, 0, 0])
        entry[0] += int(row.amount) + int(row.bond_returned or 0)
        entry[2] += 1
    tokens = {w.id: w.token for w in session.scalars(select(models.Workstream))}
    for event in _events(session, "Workstreams", "BondReturned", claimant=who):
        if event.args.get("deferred") is True:
            entry = deferred.setdefault(tokens.get(int(event.args["workstreamId"]), ""), [0, 0, 0])
            entry[0] += int(event.args["amount"])
            entry[2] += 1
    for event in _events(session, "Workstreams", "OwedWithdrawn", account=who):
        deferred.setdefault(event.args["token"], [0, 0, 0])[1] += int(event.args["amount"])
    return AccountOwedOut(
        address=who,
        items=[
            OwedOut(
                token=token,
                owed=str(total - out),
                deferred=str(total),
                withdrawn=str(out),
                deferred_payments=count,
            )
            for token, (total, out, count) in sorted(deferred.items())
            if token
        ],
        indexed_block=session.scalar(select(models.BlockRecord.number).order_by(models.BlockRecord.number.desc())),
    )


# ---- sweeps ----------------------------------------------------------------------------------


def sweeps(session: Session, *, size: int, cursor: str | None) -> Page[SweepOut]:
    """Governance's sweeps of tokens sent to the escrow or the board by mistake, newest first."""
    after = decode_cursor(cursor, "sweeps", (int,))
    query = (
        select(models.Event)
        .where(
            (models.Event.contract == "Workstreams") & (models.Event.name == "WorkstreamSwept")
            | (models.Event.contract == "TaskBoard") & (models.Event.name == "TaskBoardSwept")
        )
        .order_by(models.Event.id.desc())
    )
    if after is not None:
        query = query.where(models.Event.id < after[0])
    rows = list(session.scalars(query.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    return Page(
        items=[
            SweepOut(
                contract=e.contract,
                token=e.args["token"],
                to=e.args["to"],
                amount=str(e.args["amount"]),
                block=e.block_number,
                tx_hash=e.tx_hash,
                at=e.block_timestamp,
            )
            for e in rows
        ],
        next_cursor=encode_cursor("sweeps", [rows[-1].id]) if more else None,
    )


# ---- member changes --------------------------------------------------------------------------


def member_change_list(
    session: Session, workstream_id: int, *, state: str | None, member_change_lifetime: Callable[[], int | None]
) -> list[MemberChangeDetail]:
    """The workstream's member changes (in `state`, or all), newest first, with their approvers
    recounted against the current members as the contract counts them. `member_change_lifetime`
    gives Workstreams.MEMBER_CHANGE_LIFETIME (None while the node is unreachable: then no change
    shows an expiry, and none is called expired)."""
    if session.get(models.Workstream, workstream_id) is None:
        raise not_found("workstream", workstream_id)
    current = set(
        session.scalars(
            select(models.Member.account).where(
                models.Member.workstream_id == workstream_id, models.Member.active.is_(True)
            )
        )
    )
    now = indexed_time(session) or 0
    approvers: dict[int, list[str]] = {}
    for event in _events(session, "Workstreams", "MemberChangeApproved", workstreamId=str(workstream_id)):
        approvers.setdefault(int(event.args["proposalId"]), []).append(event.args["member"])
    found = []
    changes = session.scalars(
        select(models.MemberChange)
        .where(models.MemberChange.workstream_id == workstream_id)
        .order_by(models.MemberChange.id.desc())
        .limit(500)
    )
    lifetime = None
    for c in changes:
        if lifetime is None and c.proposed_at is not None:
            lifetime = member_change_lifetime()
        expires_at = c.proposed_at + lifetime if c.proposed_at is not None and lifetime is not None else None
        if c.executed:
            current_state = "executed"
        elif c.withdrawn:
            current_state = "withdrawn"
        elif expires_at is not None and now > expires_at:
            current_state = "expired"
        else:
            current_state = "pending"
        if state is not None and current_state != state:
            continue
        who = approvers.get(c.id, [])
        found.append(
            MemberChangeDetail(
                id=c.id,
                workstream_id=workstream_id,
                account=c.account,
                add=c.add,
                proposer=c.proposer,
                approvals=sum(1 for a in who if a in current) if not c.executed else c.approvals,
                executed=c.executed,
                withdrawn=bool(c.withdrawn),
                proposed_at=c.proposed_at,
                expires_at=expires_at,
                state=current_state,
                approvers=[MemberChangeApprover(account=a, counts=a in current) for a in who],
                member_count=len(current),
                needed=len(current) // 2 + 1,
            )
        )
    return found
