"""When a block was, or will likely be, mined: governance deadlines are block numbers, people
think in dates.

The indexer keeps the timestamp of every block that had an event (`events.block_timestamp`)
and of recent range ends (`blocks.timestamp`). A block between two known ones is placed by
linear interpolation; a block past the newest known one (a voting end still ahead) by the
average block time over the last `WINDOW` indexed blocks. Every estimate says so (`est.`);
only a block whose own timestamp is known is shown as exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from api.http.queries.blocks import nearest_block_time

WINDOW = 1_000  # blocks over which the average block time is measured


@dataclass(frozen=True)
class BlockTime:
    block: int
    timestamp: int
    estimated: bool


@dataclass
class BlockClock:
    """Block number -> timestamp for one request (answers memoised)."""

    session: Session
    chain_id: int
    _answers: dict[int, BlockTime | None] = field(default_factory=dict)
    _pace: list[float | None] = field(default_factory=list)  # [] until measured

    def _nearest(self, block: int, *, before: bool) -> tuple[int, int] | None:
        """The closest block at or before (or at or after) `block` with a known timestamp."""
        return nearest_block_time(self.session, self.chain_id, block, before=before)

    def seconds_per_block(self) -> float | None:
        """The average block time over the last WINDOW indexed blocks (None: too few known)."""
        if not self._pace:
            latest = self._nearest(2**62, before=True)
            pace = None
            if latest is not None:
                earlier = self._nearest(max(0, latest[0] - WINDOW), before=False)
                if earlier is not None and earlier[0] < latest[0]:
                    pace = (latest[1] - earlier[1]) / (latest[0] - earlier[0])
            self._pace.append(pace)
        return self._pace[0]

    def at(self, block: int | None) -> BlockTime | None:
        """The block's timestamp, exact when indexed, else estimated; None when unknowable."""
        if block is None or block < 0:
            return None
        if block not in self._answers:
            self._answers[block] = self._estimate(block)
        return self._answers[block]

    def _estimate(self, block: int) -> BlockTime | None:
        below = self._nearest(block, before=True)
        if below is not None and below[0] == block:
            return BlockTime(block, below[1], estimated=False)
        above = self._nearest(block, before=False)
        if below is not None and above is not None:
            share = (block - below[0]) / (above[0] - below[0])
            return BlockTime(block, round(below[1] + share * (above[1] - below[1])), estimated=True)
        pace = self.seconds_per_block()
        anchor = below or above
        if pace is None or anchor is None:
            return None
        return BlockTime(block, round(anchor[1] + (block - anchor[0]) * pace), estimated=True)
