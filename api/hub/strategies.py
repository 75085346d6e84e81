"""Voting power at a snapshot block, by strategy, through the node (and the indexer for
workstream members); cached per (strategy, snapshot, voter): a past block never changes."""

from __future__ import annotations

import json
import threading
from typing import Any

from eth_utils import to_checksum_address
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker
from web3 import Web3

from api.db import models
from api.hub.spaces import Space, Strategy

ERC20_ABI: list[dict[str, Any]] = [
    {
        "name": "getPastVotes",
        "type": "function",
        "stateMutability": "view",
        "inputs": [{"name": "account", "type": "address"}, {"name": "timepoint", "type": "uint256"}],
        "outputs": [{"name": "", "type": "uint256"}],
    },
    {
        "name": "balanceOf",
        "type": "function",
        "stateMutability": "view",
        "inputs": [{"name": "account", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    },
]


class PowerError(RuntimeError):
    """Voting power could not be read (node unreachable, contract reverted)."""


class Strategies:
    def __init__(self, *, w3: Web3, sessions: sessionmaker[Session]) -> None:
        self.w3 = w3
        self.sessions = sessions
        self._cache: dict[tuple[str, str, int, str], float] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def power(self, space: Space, snapshot: int, voter: str) -> tuple[float, list[float]]:
        """(total, per strategy) power of `voter` at block `snapshot`, weights applied."""
        voter = to_checksum_address(voter)
        by_strategy = [self.one(s, snapshot, voter) * s.weight for s in space.strategies]
        return sum(by_strategy), by_strategy

    def one(self, strategy: Strategy, snapshot: int, voter: str) -> float:
        key = (strategy.name, json.dumps(strategy.params, sort_keys=True), snapshot, voter)
        with self._lock:
            if key in self._cache:
                self.hits += 1
                return self._cache[key]
        value = self._evaluate(strategy, snapshot, voter)
        with self._lock:
            self.misses += 1
            self._cache[key] = value
        return value

    def _evaluate(self, strategy: Strategy, snapshot: int, voter: str) -> float:
        p = strategy.params
        if strategy.name in ("erc20-votes", "erc20-balance-of"):
            token = self.w3.eth.contract(address=to_checksum_address(p["address"]), abi=ERC20_ABI)
            try:
                if strategy.name == "erc20-votes":
                    raw = token.functions.getPastVotes(voter, snapshot).call()
                else:
                    raw = token.functions.balanceOf(voter).call(block_identifier=snapshot)
            except Exception as exc:
                raise PowerError(f"{strategy.name} at block {snapshot}: {exc}") from exc
            return int(raw) / 10 ** int(p.get("decimals", 18))
        listed = {a.lower() for a in p.get("addresses", [])}
        if voter.lower() in listed:
            return 1.0
        if "workstream" in p:
            with self.sessions() as session:
                found = session.scalar(
                    select(models.Member.id).where(
                        models.Member.workstream_id == int(p["workstream"]),
                        models.Member.account == voter,
                        models.Member.joined_block <= snapshot,
                        or_(models.Member.left_block.is_(None), models.Member.left_block > snapshot),
                    )
                )
            return 1.0 if found is not None else 0.0
        return 0.0
