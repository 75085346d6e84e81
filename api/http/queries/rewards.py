"""Rewards: epochs and their claims, stipend streams (accrued at the latest indexed block's
time), a contributor's earnings by source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from eth_utils import to_checksum_address
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.content import DocumentStore
from api.db import models
from api.http.deps import checked_address
from api.http.errors import ApiError, not_found
from api.http.pagination import Page, decode_cursor, encode_cursor
from api.http.schemas.rewards import (
    EarningsOut,
    EpochClaimOut,
    EpochDetail,
    EpochSummary,
    StreamOut,
    TokenEarnings,
)
from api.rewards import StandardMerkleTree, distribution_leaves
from api.rewards.streams import accrued, accrues_until


@dataclass(frozen=True)
class RewardFilters:
    """`GET /rewards/epochs` and `/rewards/streams`: by workstream, streams by recipient."""

    workstream: int | None = None
    recipient: str | None = None
    size: int = 50
    cursor: str | None = None


def _summary_fields(e: models.RewardEpoch) -> dict[str, object]:
    return {
        "id": e.id,
        "workstream_id": e.workstream_id,
        "token": e.token,
        "pot": str(e.pot),
        "total": str(e.total),
        "held": str(e.held),
        "root": e.root,
        "start": e.start,
        "end": e.end,
        "claim_deadline": e.claim_deadline,
        "reclaimed": e.reclaimed,
        "claimed_count": e.claimed_count,
        "claimed_amount": str(e.claimed_amount),
        "epoch_cid": e.epoch_cid,
        "distribution_cid": e.distribution_cid,
    }


def epoch_page(session: Session, f: RewardFilters) -> Page[EpochSummary]:
    after = decode_cursor(f.cursor, "reward_epochs", (int,))
    query = select(models.RewardEpoch).order_by(models.RewardEpoch.id)
    if f.workstream is not None:
        query = query.where(models.RewardEpoch.workstream_id == f.workstream)
    if after is not None:
        query = query.where(models.RewardEpoch.id > after[0])
    rows = list(session.scalars(query.limit(f.size + 1)))
    more = len(rows) > f.size
    rows = rows[: f.size]
    return Page(
        items=[EpochSummary(**_summary_fields(e)) for e in rows],  # type: ignore[arg-type]
        next_cursor=encode_cursor("reward_epochs", [rows[-1].id]) if more else None,
    )


def epoch_detail(session: Session, epoch_id: int) -> EpochDetail:
    epoch = session.get(models.RewardEpoch, epoch_id)
    if epoch is None:
        raise not_found("epoch", epoch_id)
    claims = session.scalars(
        select(models.RewardClaim).where(models.RewardClaim.epoch_id == epoch_id).order_by(models.RewardClaim.id)
    )
    return EpochDetail(
        **_summary_fields(epoch),  # type: ignore[arg-type]
        returned=str(epoch.returned),
        opened_at=epoch.opened_at,
        claims=[
            EpochClaimOut(
                index=str(c.leaf_index),
                account=c.account,
                amount=str(c.amount),
                sender=c.sender,
                claimed_at=c.claimed_at,
                tx_hash=c.tx_hash,
            )
            for c in claims
        ],
    )


def latest_indexed_time(session: Session) -> int | None:
    """The timestamp of the newest indexed block (the time streams are computed at)."""
    return session.scalars(
        select(models.BlockRecord.timestamp)
        .where(models.BlockRecord.timestamp.is_not(None))
        .order_by(models.BlockRecord.number.desc())
        .limit(1)
    ).first()


def _stream_out(s: models.StipendStream, now: int | None, term_end: int) -> StreamOut:
    until = accrues_until(s, term_end)
    total = accrued(s, min(now, until)) if now is not None else s.base
    return StreamOut(
        id=s.id,
        workstream_id=s.workstream_id,
        recipient=s.recipient,
        start=s.start,
        end=s.end,
        base=str(s.base),
        amount=str(s.amount),
        withdrawn=str(s.withdrawn),
        accrued=str(total),
        withdrawable=str(max(total - s.withdrawn, 0)),
        as_of=now,
        version=s.version,
        stopped=s.stopped,
        accrues_until=until,
        cid=s.cid,
    )


def _term_ends(session: Session, streams: list[models.StipendStream]) -> dict[int, int]:
    ids = {s.workstream_id for s in streams}
    if not ids:
        return {}
    rows = session.execute(
        select(models.Workstream.id, models.Workstream.term_end).where(models.Workstream.id.in_(ids))
    )
    return {ws_id: int(term_end) for ws_id, term_end in rows}


def stream_page(session: Session, f: RewardFilters) -> Page[StreamOut]:
    after = decode_cursor(f.cursor, "stipend_streams", (int,))
    query = select(models.StipendStream).order_by(models.StipendStream.id)
    if f.workstream is not None:
        query = query.where(models.StipendStream.workstream_id == f.workstream)
    if f.recipient is not None:
        query = query.where(models.StipendStream.recipient == checked_address(f.recipient, "query.recipient"))
    if after is not None:
        query = query.where(models.StipendStream.id > after[0])
    rows = list(session.scalars(query.limit(f.size + 1)))
    more = len(rows) > f.size
    rows = rows[: f.size]
    now = latest_indexed_time(session)
    term_ends = _term_ends(session, rows)
    return Page(
        items=[_stream_out(s, now, term_ends[s.workstream_id]) for s in rows],
        next_cursor=encode_cursor("stipend_streams", [rows[-1].id]) if more else None,
    )


def stream_detail(session: Session, stream_id: int) -> StreamOut:
    stream = session.get(models.StipendStream, stream_id)
    if stream is None:
        raise not_found("stream", stream_id)
    return _stream_out(stream, latest_indexed_time(session), _term_ends(session, [stream])[stream.workstream_id])


def earnings(session: Session, address: str) -> EarningsOut:
    """What `address` (checked) was paid, per token: task rewards, epoch claims, stipend withdrawals."""
    by_token: dict[str, dict[str, int]] = defaultdict(lambda: {"bounties": 0, "epochs": 0, "stipends": 0})
    for token, amount in session.execute(
        select(models.Payment.token, models.Payment.amount).where(models.Payment.recipient == address)
    ):
        by_token[token]["bounties"] += int(amount)
    for token, amount in session.execute(
        select(models.RewardEpoch.token, models.RewardClaim.amount)
        .join(models.RewardEpoch, models.RewardEpoch.id == models.RewardClaim.epoch_id)
        .where(models.RewardClaim.account == address)
    ):
        by_token[token]["epochs"] += int(amount)
    for token, withdrawn in session.execute(
        select(models.Workstream.token, models.StipendStream.withdrawn)
        .join(models.Workstream, models.Workstream.id == models.StipendStream.workstream_id)
        .where(models.StipendStream.recipient == address)
    ):
        by_token[token]["stipends"] += int(withdrawn)
    return EarningsOut(
        address=address,
        earnings=[
            TokenEarnings(
                token=token,
                bounties=str(sums["bounties"]),
                epochs=str(sums["epochs"]),
                stipends=str(sums["stipends"]),
                total=str(sum(sums.values())),
            )
            for token, sums in sorted(by_token.items())
        ],
    )


@dataclass(frozen=True)
class PostedLeaf:
    """An account's leaf of the distribution behind an epoch's posted root, with its proof:
    the arguments of `MerkleDistributor.claim(epoch, index, account, amount, proof)`."""

    index: int
    account: str
    amount: int
    proof: list[bytes]
    claimed: bool


def posted_leaf(store: DocumentStore, session: Session, epoch_id: int, account: str) -> PostedLeaf | None:
    """`account`'s leaf of epoch `epoch_id` (None when the distribution pays it nothing): the
    distribution document named by the epoch's current root, read from `store`, its tree rebuilt
    (api/rewards, as `teal rewards claim` does) and checked against the posted root. 404 for an
    unknown epoch, 409 before the root, 502/503 for a distribution that does not hold up."""
    detail = epoch_detail(session, epoch_id)
    if detail.root is None or detail.distribution_cid is None:
        raise ApiError(
            409, "no_root", f"epoch {epoch_id} has no root yet: nothing can be claimed before the team posts it"
        )
    cid = detail.distribution_cid
    try:
        raw = store.get(cid)
    except Exception:  # noqa: BLE001 - any store failure: the document is not readable here
        raise ApiError(
            503, "distribution_unavailable", f"epoch {epoch_id}'s distribution {cid} is not readable"
        ) from None
    try:
        leaves = distribution_leaves(raw)
    except (ValueError, KeyError, TypeError):
        raise ApiError(502, "bad_distribution", f"document {cid} holds no merkle leaves") from None
    tree = StandardMerkleTree(leaves)
    if tree.root_hex.lower() != detail.root.lower():
        raise ApiError(
            502, "root_mismatch", f"document {cid} gives root {tree.root_hex}, epoch {epoch_id} has {detail.root}"
        )
    mine = [leaf for leaf in leaves if leaf[1].lower() == account.lower()]
    if not mine:
        return None
    index, leaf_account, amount = mine[0]
    return PostedLeaf(
        index=index,
        account=to_checksum_address(leaf_account),
        amount=amount,
        proof=tree.proof_for_index(index),
        claimed=any(int(c.index) == index for c in detail.claims),
    )
