"""What the API reads from the chain directly: the head block, quorum at a snapshot, the
live state of a proposal, and the contracts' constants it needs (MEMBER_CHANGE_LIFETIME).

Proposal state is computed from the indexed proposal and the node's current block, the way
OpenZeppelin's Governor (5.x, with GovernorTimelockControl) computes `state(id)`; `quorum(snapshot)`
is an `eth_call` to the governor, cached per snapshot (a past snapshot's quorum never changes).
When the node is unreachable the indexed block stands in for the head.
"""

from __future__ import annotations

import logging
import threading
import time

from eth_utils import to_checksum_address
from web3.contract import Contract

from api.chain.manifest import Manifest
from api.chain.rpc import connect
from api.chain.types import ProposalState
from api.db import models
from api.settings import Settings

log = logging.getLogger(__name__)


class ChainView:
    def __init__(self, *, settings: Settings, manifest: Manifest) -> None:
        self.manifest = manifest
        self.w3 = connect(settings.rpc_url, timeout=settings.rpc_timeout)
        self.contracts = {
            name: self.w3.eth.contract(address=to_checksum_address(c.address), abi=c.abi)
            for name, c in manifest.contracts.items()
        }
        self._quorum: dict[int, int] = {}
        self._member_change_lifetime: int | None = None
        self._head: int | None = None
        self._head_at = float("-inf")
        self._head_ok = True
        self.head_ttl = settings.head_cache_seconds
        self._lock = threading.Lock()

    @property
    def governor(self) -> Contract | None:
        return self.contracts.get("TealGovernor")

    def head(self) -> int | None:
        """The node's block number, cached for TEAL_HEAD_CACHE_SECONDS; None when unreachable
        (logged once per outage, not once per request)."""
        now = time.monotonic()
        with self._lock:
            if now - self._head_at < self.head_ttl:
                return self._head
        try:
            head: int | None = int(self.w3.eth.block_number)
        except Exception as exc:  # noqa: BLE001 - any transport failure means "unknown"
            if self._head_ok:
                log.warning("chain node unreachable (%s); using the indexed block", exc)
            head = None
        reachable = head is not None
        if reachable and not self._head_ok:
            log.info("chain node reachable again at block %s", head)
        with self._lock:
            self._head, self._head_at, self._head_ok = head, now, reachable
        return head

    def latest_time(self) -> int | None:
        """The latest block's timestamp (the time the contracts judge by); None when unreachable."""
        try:
            return int(self.w3.eth.get_block("latest")["timestamp"])
        except Exception:  # noqa: BLE001 - any transport failure means "unknown"
            return None

    def quorum(self, snapshot: int, current: int) -> int | None:
        """Votes needed at `snapshot`; None before the snapshot has passed or when unreachable."""
        if snapshot >= current or self.governor is None:
            return None
        with self._lock:
            if snapshot in self._quorum:
                return self._quorum[snapshot]
        try:
            value = int(self.governor.functions.quorum(snapshot).call())
        except Exception as exc:  # noqa: BLE001
            log.warning("quorum(%s) unavailable: %s", snapshot, exc)
            return None
        with self._lock:
            self._quorum[snapshot] = value
        return value

    def member_change_lifetime(self) -> int | None:
        """Workstreams.MEMBER_CHANGE_LIFETIME (seconds a members' proposal can be approved),
        read from the contract once; None without a Workstreams contract or while the node is
        unreachable (asked again on the next call)."""
        if self._member_change_lifetime is not None:
            return self._member_change_lifetime
        workstreams = self.contracts.get("Workstreams")
        if workstreams is None or self.head() is None:  # head(): an outage is noticed once per TTL
            return None
        try:
            value = int(workstreams.functions.MEMBER_CHANGE_LIFETIME().call())
        except Exception as exc:  # noqa: BLE001 - any transport failure means "unknown"
            log.warning("Workstreams.MEMBER_CHANGE_LIFETIME unavailable: %s", exc)
            return None
        self._member_change_lifetime = value
        return value

    def proposal_state(self, proposal: models.Proposal, current: int) -> tuple[str, int | None]:
        """(state, quorum) as Governor.state would answer at block `current`."""
        if proposal.executed:
            return ProposalState.EXECUTED.label, self.quorum(proposal.vote_start, current)
        if proposal.canceled:
            return ProposalState.CANCELED.label, self.quorum(proposal.vote_start, current)
        if proposal.vote_start >= current:
            return ProposalState.PENDING.label, None
        quorum = self.quorum(proposal.vote_start, current)
        if proposal.vote_end >= current:
            return ProposalState.ACTIVE.label, quorum
        reached = quorum is not None and proposal.votes_for + proposal.votes_abstain >= quorum
        if not reached or proposal.votes_for <= proposal.votes_against:
            return ProposalState.DEFEATED.label, quorum
        if proposal.queued:
            return ProposalState.QUEUED.label, quorum
        return ProposalState.SUCCEEDED.label, quorum
