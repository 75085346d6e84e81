"""Peer allocations of an epoch: accepting a giver's signed `teal/allocation@1`, listing the
current ones, and the distribution (results, proofs) they add up to.

The rules an allocation must pass, each refused with its own error code and nothing stored:

- it is a `teal/allocation@1` signed by its `giver` (EIP-712 or EIP-191, the API's domain) for
  this epoch and its workstream;
- the epoch is open at the chain's latest block time (`start <= now < end`);
- the giver and every receiver are current members of the epoch's workstream (or, when its
  terms name `contributors_since`, contributors the team paid for a task from then until the
  epoch's end); nobody gives to itself; the GIVE adds up to at most the epoch's allowance (its
  `teal/epoch@1` terms, else DEFAULT_ALLOWANCE);
- its `issued_at` is later than the giver's current allocation (which it then replaces): an
  older or equal one is a replay.

The distribution is `api.rewards.compute_distribution` over the current allocations, with the
epoch's pot and cap; anyone can recompute it from the documents the results name.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.content import (
    AllocationV1,
    DistributionV1,
    EpochTermsV1,
    compute_cid,
    decode_document,
    make_document,
)
from api.content.errors import ContentError
from api.db import models
from api.http.errors import ApiError, not_found
from api.http.queries.documents import check_document, record_document, store_checked
from api.http.queries.rewards import latest_indexed_time
from api.http.schemas.rewards import (
    AllocationOut,
    AllocationsOut,
    GiftOut,
    PayoutOut,
    ProofOut,
    ResultsOut,
)
from api.rewards import DEFAULT_ALLOWANCE, Allocation, Distribution, DistributionError, compute_distribution


@dataclass(frozen=True)
class EpochTerms:
    allowance: int
    cap: int | None
    contributors_since: int | None = None


@lru_cache(maxsize=1024)
def _terms_of(data: bytes, domain: Any) -> EpochTerms | None:
    try:
        doc = decode_document(cid=None, data=data, domain=domain)
    except ContentError:
        return None
    if not isinstance(doc.document.body, EpochTermsV1):
        return None
    body = doc.document.body
    return EpochTerms(
        allowance=body.allowance,
        cap=int(body.cap_wei) if body.cap_wei else None,
        contributors_since=body.contributors_since,
    )


def epoch_terms(state: Any, epoch: models.RewardEpoch) -> EpochTerms:
    """The epoch's allowance and cap: its `teal/epoch@1` document when the store has it, else
    DEFAULT_ALLOWANCE GIVE and no cap."""
    try:
        data = state.store.get(epoch.epoch_cid)
    except Exception:  # noqa: BLE001 - an unreadable or foreign CID means the default terms
        return EpochTerms(allowance=DEFAULT_ALLOWANCE, cap=None)
    return _terms_of(data, state.domain) or EpochTerms(allowance=DEFAULT_ALLOWANCE, cap=None)


def chain_now(state: Any, session: Session) -> int:
    """The latest block's time (what the distributor judges by), else the latest indexed one."""
    now = state.chain.latest_time()
    if now is None:
        now = latest_indexed_time(session)
    return int(now if now is not None else time.time())


def _epoch(session: Session, epoch_id: int) -> models.RewardEpoch:
    epoch = session.get(models.RewardEpoch, epoch_id)
    if epoch is None:
        raise not_found("epoch", epoch_id)
    return epoch


def members(session: Session, workstream_id: int) -> list[str]:
    """The workstream's current members: who may give and receive in its epochs."""
    return sorted(
        session.scalars(
            select(models.Member.account).where(
                models.Member.workstream_id == workstream_id, models.Member.active.is_(True)
            )
        ),
        key=str.lower,
    )


def participants(session: Session, epoch: models.RewardEpoch, terms: EpochTerms) -> list[str]:
    """Who may give and receive in `epoch`: its workstream's current members and, when its
    terms name `contributors_since`, every account the team paid for a task from then until
    the epoch's end (a payment owed counts: the work was accepted)."""
    accounts = set(members(session, epoch.workstream_id))
    if terms.contributors_since is not None:
        accounts.update(
            session.scalars(
                select(models.Payment.recipient)
                .where(models.Payment.workstream_id == epoch.workstream_id)
                .where(models.Payment.paid_at >= terms.contributors_since, models.Payment.paid_at < epoch.end)
                .distinct()
            )
        )
    return sorted(accounts, key=str.lower)


def _who_may(epoch: models.RewardEpoch, terms: EpochTerms) -> str:
    if terms.contributors_since is None:
        return f"a member of workstream {epoch.workstream_id}"
    return f"a member of workstream {epoch.workstream_id} nor a contributor it paid since {terms.contributors_since}"


def _current(session: Session, epoch_id: int) -> list[models.RewardAllocation]:
    rows = session.scalars(
        select(models.RewardAllocation).where(
            models.RewardAllocation.epoch_id == epoch_id, models.RewardAllocation.current.is_(True)
        )
    )
    return sorted(rows, key=lambda r: r.giver.lower())


# ---- accepting an allocation ----------------------------------------------------------------


def accept_allocation(state: Any, session: Session, epoch_id: int, envelope: dict[str, Any]) -> tuple[Any, bool]:
    """Check `envelope` against the epoch's rules, then store and record it; returns the stored
    document and whether it is new (False: this very document is already the current one)."""
    epoch = _epoch(session, epoch_id)
    if not str(envelope.get("schema", "")).startswith("teal/allocation@"):
        raise ApiError(422, "wrong_kind", "this endpoint takes teal/allocation documents", field="body.schema")
    doc, data, author = check_document(state, envelope)
    body = doc.body
    assert isinstance(body, AllocationV1)
    if author is None:
        raise ApiError(
            422, "signature_required", "an allocation must be signed by its giver (EIP-712 or EIP-191)",
            field="body.signature",
        )  # fmt: skip
    giver = author
    if body.giver.lower() != giver.lower():
        raise ApiError(
            422, "giver_not_author", f"the allocation's giver {body.giver} is not its signer {giver}",
            field="body.body.giver",
        )  # fmt: skip
    if body.epoch_id != epoch_id:
        raise ApiError(
            422, "epoch_mismatch", f"the document allocates in epoch {body.epoch_id}, not {epoch_id}",
            field="body.body.epoch_id",
        )  # fmt: skip
    if body.workstream_id != epoch.workstream_id:
        raise ApiError(
            422, "workstream_mismatch",
            f"epoch {epoch_id} belongs to workstream {epoch.workstream_id}, not {body.workstream_id}",
            field="body.body.workstream_id",
        )  # fmt: skip
    now = chain_now(state, session)
    if now < epoch.start:
        raise ApiError(
            409, "epoch_not_started", f"epoch {epoch_id} takes allocations from {epoch.start}; it is {now} now"
        )
    if now >= epoch.end:
        raise ApiError(409, "epoch_ended", f"epoch {epoch_id} ended at {epoch.end}: allocations are final")
    terms = epoch_terms(state, epoch)
    team = {m.lower() for m in participants(session, epoch, terms)}
    neither = "neither" if terms.contributors_since is not None else "not"
    if giver.lower() not in team:
        raise ApiError(
            403, "giver_not_member",
            f"{giver} is {neither} {_who_may(epoch, terms)}: only they give in its epochs",
            field="body.author",
        )  # fmt: skip
    for i, gift in enumerate(body.receivers):
        if gift.account.lower() == giver.lower():
            raise ApiError(
                422, "self_allocation", f"{giver} gives to itself: GIVE goes to others",
                field=f"body.body.receivers.{i}.account",
            )  # fmt: skip
        if gift.account.lower() not in team:
            raise ApiError(
                422, "receiver_not_member",
                f"{gift.account} is {neither} {_who_may(epoch, terms)}: it cannot receive in its epochs",
                field=f"body.body.receivers.{i}.account",
            )  # fmt: skip
    given = sum(g.give for g in body.receivers)
    allowance = terms.allowance
    if given > allowance:
        raise ApiError(
            422, "over_allowance", f"{giver} gives {given} GIVE, over the epoch's allowance of {allowance}",
            field="body.body.receivers",
        )  # fmt: skip
    cid = compute_cid(data, cid_version=state.settings.cid_version)
    previous = session.scalars(
        select(models.RewardAllocation).where(
            models.RewardAllocation.epoch_id == epoch_id,
            models.RewardAllocation.giver == giver,
            models.RewardAllocation.current.is_(True),
        )
    ).first()
    if previous is not None and previous.cid == cid:
        return store_checked(state, envelope), False
    if previous is not None and body.issued_at <= previous.issued_at:
        raise ApiError(
            409, "allocation_replayed",
            f"{giver}'s current allocation was issued at {previous.issued_at}; this one ({body.issued_at}) "
            "is not later, so it cannot replace it",
            field="body.body.issued_at",
        )  # fmt: skip
    stored = store_checked(state, envelope)
    if previous is not None:
        previous.current = False
    session.add(
        models.RewardAllocation(
            epoch_id=epoch_id,
            giver=giver,
            cid=stored.cid,
            issued_at=body.issued_at,
            total_give=given,
            receivers=[{"account": g.account, "give": g.give, "note": g.note} for g in body.receivers],
            accepted_at=now,
            current=True,
        )
    )
    session.commit()
    record_document(session, stored)
    return stored, True


# ---- reading --------------------------------------------------------------------------------


def _allocation_out(row: models.RewardAllocation) -> AllocationOut:
    return AllocationOut(
        giver=row.giver,
        cid=row.cid,
        issued_at=row.issued_at,
        accepted_at=row.accepted_at,
        total_give=row.total_give,
        receivers=[GiftOut(**gift) for gift in row.receivers],
    )


def allocations(state: Any, session: Session, epoch_id: int) -> AllocationsOut:
    epoch = _epoch(session, epoch_id)
    now = chain_now(state, session)
    terms = epoch_terms(state, epoch)
    return AllocationsOut(
        epoch_id=epoch_id,
        workstream_id=epoch.workstream_id,
        allowance=terms.allowance,
        start=epoch.start,
        end=epoch.end,
        now=now,
        open=epoch.start <= now < epoch.end,
        givers=participants(session, epoch, terms),
        items=[_allocation_out(row) for row in _current(session, epoch_id)],
    )


def distribution_of(
    state: Any, session: Session, epoch_id: int
) -> tuple[models.RewardEpoch, EpochTerms, list[str], Distribution]:
    """The epoch, its terms, the CIDs counted and the distribution of its current allocations."""
    epoch = _epoch(session, epoch_id)
    terms = epoch_terms(state, epoch)
    rows = _current(session, epoch_id)
    gives = [
        Allocation(giver=row.giver, receiver=gift["account"], give=int(gift["give"]), cid=row.cid)
        for row in rows
        for gift in row.receivers
    ]
    if not any(a.give for a in gives):
        raise ApiError(
            409, "no_allocations", f"nobody has given GIVE in epoch {epoch_id} yet: there is nothing to distribute"
        )
    try:
        result = compute_distribution(gives, pot=epoch.pot, cap=terms.cap, allowance=terms.allowance)
    except DistributionError as exc:  # accepted allocations pass these checks; the terms may not
        raise ApiError(409, "invalid_distribution", str(exc)) from None
    return epoch, terms, [row.cid for row in rows], result


def distribution_document(epoch: models.RewardEpoch, terms: EpochTerms, cids: list[str], result: Distribution) -> Any:
    """The `teal/distribution@1` document (unsigned) published with the root."""
    body = DistributionV1(
        epoch_id=epoch.id,
        workstream_id=epoch.workstream_id,
        pot=str(result.pot),
        total=str(result.total),
        cap_wei=None if terms.cap is None else str(terms.cap),
        allowance=terms.allowance,
        total_give=result.total_give,
        allocations=cids,
        leaves=[(p.index, p.account, str(p.amount)) for p in result.payouts],
        root=result.tree().root_hex,
    )
    return make_document(body)


def results(state: Any, session: Session, epoch_id: int) -> ResultsOut:
    epoch, terms, cids, result = distribution_of(state, session, epoch_id)
    tree = result.tree()
    document = distribution_document(epoch, terms, cids, result)
    return ResultsOut(
        epoch_id=epoch.id,
        workstream_id=epoch.workstream_id,
        pot=str(result.pot),
        cap=None if terms.cap is None else str(terms.cap),
        allowance=terms.allowance,
        total_give=result.total_give,
        total=str(result.total),
        returned=str(result.returned),
        root=tree.root_hex,
        posted_root=epoch.root,
        final=chain_now(state, session) >= epoch.end,
        allocations=cids,
        payouts=[
            PayoutOut(index=p.index, account=p.account, amount=str(p.amount), give=p.give, capped=p.capped)
            for p in result.payouts
        ],
        distribution=document.envelope(),
        distribution_cid=compute_cid(document.to_bytes(), cid_version=state.settings.cid_version),
    )


def proof(state: Any, session: Session, epoch_id: int, account: str) -> ProofOut:
    epoch, _terms, _cids, result = distribution_of(state, session, epoch_id)
    mine = [(position, p) for position, p in enumerate(result.payouts) if p.account == account]
    if not mine:
        raise ApiError(404, "leaf_not_found", f"epoch {epoch_id}'s distribution pays nothing to {account}")
    position, payout = mine[0]
    tree = result.tree()
    return ProofOut(
        epoch_id=epoch_id,
        account=account,
        index=payout.index,
        amount=str(payout.amount),
        give=payout.give,
        proof=["0x" + node.hex() for node in tree.proof(position)],
        root=tree.root_hex,
        posted_root=epoch.root,
    )
