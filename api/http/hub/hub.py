"""The hub: validates Snapshot envelopes as Snapshot's sequencer does, stores every accepted
message content-addressed with a receipt, and answers reads (proposals, votes, scores).

Envelope: `{"address", "sig", "data": {"domain", "types", "message"}}` (what snapshot.js's
`Client712` posts). Answer: `{"id", "ipfs", "relayer": {"address", "receipt"}}` where `id`
is the message's EIP-712 hash, `ipfs` the CID of the envelope's canonical JSON in teal's
document store, and `receipt` the hub key's EIP-191 signature over that CID text.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from eth_utils import is_address, to_checksum_address
from sqlalchemy.orm import Session, sessionmaker
from web3 import Web3

from api.content import DocumentStore, canonical_bytes
from api.content.eip1271 import eip1271_check
from api.content.errors import ContractCheckUnavailableError
from api.db.models import hub_messages as messages_t
from api.db.models import hub_proposals as proposals_t
from api.db.models import hub_votes as votes_t
from api.http.errors import MESSAGE_MAX, quote
from api.http.queries import signal as signal_queries
from api.hub import scores as voting
from api.hub import typed
from api.hub.spaces import Space
from api.hub.strategies import PowerError, Strategies

TIMESTAMP_WINDOW = 300  # seconds either side of the server's clock, as Snapshot's sequencer
MAX_TEXT = {"title": 256, "body": 20_000, "discussion": 256, "reason": 1_000, "app": 128}


class HubError(Exception):
    """A refused message: HTTP status, a short code and Snapshot's `error_description`."""

    def __init__(self, status: int, code: str, description: str) -> None:
        # Bounded like every teal error body: a refusal never echoes a large input back.
        if len(description) > MESSAGE_MAX:
            description = description[:MESSAGE_MAX] + "..."
        super().__init__(description)
        self.status, self.code, self.description = status, code, description

    def body(self) -> dict[str, str]:
        return {"error": "client_error", "error_description": self.description, "code": self.code}


def refuse(code: str, description: str, status: int = 400) -> HubError:
    return HubError(status, code, description)


@dataclass(frozen=True)
class Checked:
    """An envelope whose signature and shape passed: what storing it needs."""

    id: str
    kind: str
    address: str
    message: dict[str, Any]
    envelope: dict[str, Any]
    space: Space
    vp: float = 0.0
    vp_by_strategy: tuple[float, ...] = ()


class Hub:
    def __init__(
        self,
        *,
        spaces: dict[str, Space],
        w3: Web3,
        sessions: sessionmaker[Session],
        store: DocumentStore,
        key: LocalAccount | None,
        clock: Any = time.time,
    ) -> None:
        self.spaces = spaces
        self.w3 = w3
        self.sessions = sessions
        self.store = store
        self.key = key
        self.clock = clock
        self.strategies = Strategies(w3=w3, sessions=sessions)
        self._contract_check = eip1271_check(w3)
        self._write = threading.Lock()

    # --- checks ------------------------------------------------------------------------

    def check(self, envelope: Any) -> Checked:
        """Shape, domain, signature, timestamp, space, and the per-type rules that need
        no write; raises HubError."""
        if not isinstance(envelope, dict) or not isinstance(envelope.get("data"), dict):
            raise refuse("invalid_envelope", "expected {address, sig, data: {domain, types, message}}")
        address, sig, data = envelope.get("address"), envelope.get("sig"), envelope["data"]
        if not isinstance(address, str) or not is_address(address):
            raise refuse("invalid_address", "address must be a 0x-prefixed 20-byte address")
        if not isinstance(sig, str) or not sig.startswith("0x") or len(sig) < 4:
            raise refuse("invalid_signature", "sig must be 0x-prefixed hex")
        domain, types, message = data.get("domain"), data.get("types"), data.get("message")
        if domain != typed.DOMAIN:
            raise refuse("wrong_domain", f"wrong domain: expected {typed.DOMAIN}, got {domain!r}")
        if not isinstance(message, dict):
            raise refuse("invalid_message", "data.message must be an object")
        try:
            kind = typed.primary_type(types)
            names = [f["name"] for f in types[kind]]
            if sorted(message) != sorted(names):
                raise typed.MessageError(f"message fields must be exactly {names}")
            signable = typed.signable(domain, types, message)
        except (typed.MessageError, TypeError, ValueError, OverflowError) as exc:
            raise refuse("invalid_message", f"message does not match its types: {exc}") from None
        address = to_checksum_address(address)
        if not isinstance(message["from"], str) or message["from"].lower() != address.lower():
            raise refuse("wrong_from", "message.from must be the signing address")
        self._check_signature(signable, sig, address)
        now = self.clock()
        if abs(int(message["timestamp"]) - now) > TIMESTAMP_WINDOW:
            raise refuse(
                "wrong_timestamp",
                f"wrong timestamp: must be within {TIMESTAMP_WINDOW}s of the hub's clock ({int(now)})",
            )
        space = self.spaces.get(message["space"])
        if space is None:
            raise refuse("unknown_space", f"unknown space {quote(message['space'])}", 404)
        checked = Checked(
            id="0x" + typed.digest(signable).hex(),
            kind=kind,
            address=address,
            message=message,
            envelope={"address": address, "sig": sig, "data": data},
            space=space,
        )
        if kind == "Vote":
            return self._check_vote(checked, types["Vote"])
        return checked

    def _check_signature(self, signable: Any, sig: str, address: str) -> None:
        """An EOA's signature by ecrecover, else a contract account's by EIP-1271 through the
        node (the check the indexer and /documents use); a node that cannot answer is a 503,
        never a refusal of a signature it did not see."""
        try:
            if typed.recover(signable, sig) == address:
                return
        except Exception:  # noqa: BLE001, S110 - not an EOA signature; a contract may accept it
            pass
        try:
            signature = bytes.fromhex(sig.removeprefix("0x"))
        except ValueError:
            signature = b""
        try:
            if signature and self._contract_check(to_checksum_address(address), typed.digest(signable), signature):
                return
        except ContractCheckUnavailableError as exc:
            raise refuse("node_unavailable", f"could not check a contract account's signature: {exc}", 503) from None
        raise refuse("invalid_signature", "signature validation failed: not signed by address", 401)

    def _check_vote(self, c: Checked, fields: list[dict[str, str]]) -> Checked:
        m = c.message
        p = self.proposal_row(m["proposal"])
        if p is None or p["space"] != c.space.id:
            raise refuse("unknown_proposal", f"unknown proposal {m['proposal']!r} in space {c.space.id!r}", 404)
        if p["canceled"]:
            raise refuse("proposal_canceled", "the proposal was canceled")
        now = self.clock()
        if now < p["start"]:
            raise refuse("voting_not_started", f"voting has not started (starts at {p['start']})")
        if now >= p["end"]:
            raise refuse("voting_closed", f"voting is closed (ended at {p['end']})")
        expected = typed.CHOICE_TYPE[p["type"]]
        if fields != typed.vote_fields(expected):
            raise refuse("invalid_choice", f"a {p['type']} vote's choice is a {expected}")
        for name in ("reason", "app"):
            if len(m[name]) > MAX_TEXT[name]:
                raise refuse("too_long", f"{name} longer than {MAX_TEXT[name]} characters")
        choice = voting.parse_choice(p["type"], m["choice"])
        if not voting.is_valid_choice(p["type"], choice, len(p["choices"])):
            raise refuse(
                "invalid_choice",
                f"invalid choice {m['choice']!r} for a {p['type']} proposal with {len(p['choices'])} choices",
            )
        vp, by = self._power(c.space, p["snapshot"], c.address)
        if vp <= 0:
            raise refuse("no_voting_power", f"no voting power at block {p['snapshot']}")
        return Checked(**{**c.__dict__, "vp": vp, "vp_by_strategy": tuple(by)})

    def _power(self, space: Space, snapshot: int, voter: str) -> tuple[float, list[float]]:
        try:
            return self.strategies.power(space, snapshot, voter)
        except PowerError as exc:
            raise refuse("power_unavailable", f"voting power unavailable: {exc}", 503) from None

    def _check_proposal(self, c: Checked, *, update: dict[str, Any] | None = None) -> None:
        m, space = c.message, c.space
        if m["type"] not in space.voting_types:
            allowed = list(space.voting_types)
            raise refuse("invalid_type", f"voting type {m['type']!r} not allowed in {space.id!r}: {allowed}")
        choices = m["choices"]
        if not 1 <= len(choices) <= space.max_choices or not all(1 <= len(x) <= 64 for x in choices):
            raise refuse("invalid_choices", f"1 to {space.max_choices} choices of 1 to 64 characters")
        if m["type"] == "basic" and len(choices) not in (2, 3):
            raise refuse("invalid_choices", "basic voting has 2 or 3 choices (For, Against, Abstain)")
        for name in ("title", "body", "discussion"):
            if len(m[name]) > MAX_TEXT[name]:
                raise refuse("too_long", f"{name} longer than {MAX_TEXT[name]} characters")
        if not m["title"].strip():
            raise refuse("invalid_title", "title must not be empty")
        if m["privacy"] not in ("",):
            raise refuse("invalid_privacy", "privacy voting is not supported")
        if update is not None:
            return
        if m["end"] <= m["start"]:
            raise refuse("invalid_period", "end must be after start")
        if m["start"] < m["timestamp"] + space.delay_min:
            raise refuse("invalid_period", f"start must be at least {space.delay_min}s after the message")
        if not space.period_min <= m["end"] - m["start"] <= space.period_max:
            raise refuse("invalid_period", f"voting period must be {space.period_min}s to {space.period_max}s")
        head = int(self.w3.eth.block_number)
        if m["snapshot"] >= head:
            raise refuse("invalid_snapshot", f"snapshot block {m['snapshot']} is not in the past (head {head})")
        vp, _ = self._power(space, m["snapshot"], c.address)
        if vp < space.threshold or vp <= 0:
            raise refuse(
                "below_threshold",
                f"proposer has {vp:g} voting power at block {m['snapshot']}; the space requires {space.threshold:g}",
                403,
            )

    # --- submit --------------------------------------------------------------------------

    def submit(self, envelope: Any) -> dict[str, Any]:
        if self.key is None:
            raise refuse("hub_unavailable", "this hub has no key to sign receipts (TEAL_RELAYER)", 503)
        c = self.check(envelope)
        m = c.message
        with self._write, self.sessions.begin() as s:
            if s.scalar(sa.select(messages_t.c.id).where(messages_t.c.id == c.id)) is not None:
                raise refuse("duplicate", f"duplicate message {c.id}", 409)
            proposal_id: str | None = None
            if c.kind == "Proposal":
                self._check_proposal(c)
            elif c.kind in ("CancelProposal", "UpdateProposal"):
                proposal_id = m["proposal"]
                p = self.proposal_row(proposal_id, s)
                if p is None or p["space"] != c.space.id:
                    raise refuse("unknown_proposal", f"unknown proposal {proposal_id!r}", 404)
                admins = {a.lower() for a in c.space.admins}
                if c.address.lower() not in ({p["author"].lower()} | admins):
                    raise refuse("not_author", "only the author or a space admin may do this", 403)
                if c.kind == "UpdateProposal":
                    if self.clock() >= p["start"]:
                        raise refuse("already_started", "a proposal cannot change once voting started")
                    self._check_proposal(c, update=p)
            else:
                proposal_id = m["proposal"]
            ipfs = self.store.put(canonical_bytes(c.envelope))
            receipt = "0x" + self.key.sign_message(encode_defunct(text=ipfs)).signature.hex()
            s.execute(
                messages_t.insert().values(
                    id=c.id, ipfs=ipfs, type=c.kind, space=c.space.id, author=c.address,
                    proposal=proposal_id, received=self.clock(), receipt=receipt,
                )
            )  # fmt: skip
            if c.kind == "Proposal":
                s.execute(
                    proposals_t.insert().values(
                        id=c.id, ipfs=ipfs, space=c.space.id, author=c.address, created=m["timestamp"],
                        type=m["type"], title=m["title"], body=m["body"], discussion=m["discussion"],
                        choices=list(m["choices"]), start=m["start"], end=m["end"],
                        snapshot=m["snapshot"], canceled=False, updates=[],
                    )
                )  # fmt: skip
            elif c.kind == "CancelProposal":
                self._append_update(s, proposal_id, c.id, canceled=True)
            elif c.kind == "UpdateProposal":
                self._append_update(
                    s, proposal_id, c.id, type=m["type"], title=m["title"], body=m["body"],
                    discussion=m["discussion"], choices=list(m["choices"]),
                )  # fmt: skip
            else:
                self._store_vote(s, c, ipfs)
        return {"id": c.id, "ipfs": ipfs, "relayer": {"address": self.key.address, "receipt": receipt}}

    def _append_update(self, s: Session, proposal_id: Any, message_id: str, **values: Any) -> None:
        updates = s.scalar(sa.select(proposals_t.c.updates).where(proposals_t.c.id == proposal_id))
        s.execute(
            proposals_t.update()
            .where(proposals_t.c.id == proposal_id)
            .values(updates=[*(updates or []), message_id], **values)
        )

    def _store_vote(self, s: Session, c: Checked, ipfs: str) -> None:
        m = c.message
        where = (votes_t.c.proposal == m["proposal"]) & (votes_t.c.voter == c.address)
        seq = s.scalar(sa.select(sa.func.count()).select_from(votes_t).where(where)) or 0
        s.execute(votes_t.update().where(where).values(current=False))
        s.execute(
            votes_t.insert().values(
                id=c.id, ipfs=ipfs, proposal=m["proposal"], voter=c.address, created=m["timestamp"],
                choice=m["choice"], reason=m["reason"], app=m["app"], vp=c.vp,
                vp_by_strategy=list(c.vp_by_strategy), current=True, seq=seq + 1,
            )
        )  # fmt: skip

    # --- reads ---------------------------------------------------------------------------

    def proposal_row(self, proposal_id: str, session: Session | None = None) -> dict[str, Any] | None:
        q = sa.select(proposals_t).where(proposals_t.c.id == proposal_id)
        if session is not None:
            row = session.execute(q).mappings().first()
        else:
            with self.sessions() as s:
                row = s.execute(q).mappings().first()
        return dict(row) if row is not None else None

    def proposals(
        self, *, space: str | None = None, first: int = 20, skip: int = 0, author: str | None = None
    ) -> list[dict[str, Any]]:
        q = sa.select(proposals_t).order_by(proposals_t.c.created.desc(), proposals_t.c.id)
        if space:
            q = q.where(proposals_t.c.space == space)
        if author:
            q = q.where(sa.func.lower(proposals_t.c.author) == author.lower())
        with self.sessions() as s:
            rows = s.execute(q.limit(first).offset(skip)).mappings().all()
        return [self.present(dict(r)) for r in rows]

    def proposal(self, proposal_id: str) -> dict[str, Any] | None:
        row = self.proposal_row(proposal_id)
        return self.present(row) if row is not None else None

    def votes(
        self, proposal_id: str, *, first: int = 1000, skip: int = 0, voter: str | None = None,
        history: bool = False,
    ) -> list[dict[str, Any]]:  # fmt: skip
        q = sa.select(votes_t).where(votes_t.c.proposal == proposal_id)
        if not history:
            q = q.where(votes_t.c.current.is_(True))
        if voter:
            q = q.where(sa.func.lower(votes_t.c.voter) == voter.lower())
        q = q.order_by(votes_t.c.created.desc(), votes_t.c.id).limit(first).offset(skip)
        with self.sessions() as s:
            rows = s.execute(q).mappings().all()
        return [{**dict(r), "choice": r["choice"]} for r in rows]

    def present(self, p: dict[str, Any]) -> dict[str, Any]:
        """A proposal as Snapshot's API shows it, with scores computed from current votes."""
        now = self.clock()
        votes = self.votes(p["id"], first=1_000_000)
        ballots = [(voting.parse_choice(p["type"], v["choice"]), v["vp"]) for v in votes]
        n = len(p["choices"])
        result = voting.scores(p["type"], n, ballots)
        space = self.spaces.get(p["space"])
        by_strategy = voting.scores_by_strategy(
            p["type"],
            n,
            len(space.strategies) if space else 0,
            [(choice, v["vp_by_strategy"] or []) for (choice, _), v in zip(ballots, votes, strict=True)],
        )
        state = "closed" if now >= p["end"] else "active" if now >= p["start"] else "pending"
        total = sum(v["vp"] for v in votes)
        quorum = space.quorum if space else 0.0
        return {
            **p,
            "state": "canceled" if p["canceled"] else state,
            "scores": result,
            "scores_by_strategy": by_strategy,
            "scores_total": total,
            "scores_state": "final" if now >= p["end"] or p["canceled"] else "pending",
            "votes": len(votes),
            "quorum": quorum,
            # Snapshot's default quorum: all voting power cast (any choice) against the space's
            # quorum; a final result below it decides nothing (`teal propose --from-signal` refuses it).
            "quorum_met": total >= quorum,
            # Binding proposals whose document escalates this vote (`teal propose --from-signal`).
            "escalated_to": self.escalations(p["id"]),
            "network": space.network if space else "",
            "symbol": space.symbol if space else "",
            "strategies": [s.model_dump() for s in space.strategies] if space else [],
        }

    def escalations(self, proposal_id: str) -> list[dict[str, Any]]:
        with self.sessions() as s:
            return signal_queries.escalations(s, signal_id=proposal_id)

    def vp(self, space_id: str, voter: str, proposal_id: str | None = None) -> dict[str, Any]:
        space = self.spaces.get(space_id)
        if space is None:
            raise refuse("unknown_space", f"unknown space {quote(space_id)}", 404)
        snapshot = int(self.w3.eth.block_number) - 1
        if proposal_id:
            p = self.proposal_row(proposal_id)
            if p is None:
                raise refuse("unknown_proposal", f"unknown proposal {proposal_id!r}", 404)
            snapshot = p["snapshot"]
        total, by = self._power(space, snapshot, voter)
        return {"vp": total, "vp_by_strategy": by, "vp_state": "final", "snapshot": snapshot}


def envelope_json(data: bytes) -> Any:
    return json.loads(data)
