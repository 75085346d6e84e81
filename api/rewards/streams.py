"""Stipend streams: what a stream has accrued at a time, by StipendStreams' own formula, so
the indexer's rows and the API's answers agree with `stream(id)` to the wei."""

from __future__ import annotations

from typing import Protocol


class StreamTerms(Protocol):
    """The time-independent fields of a StipendStreams `stream(id)` (an indexed row has them)."""

    @property
    def base(self) -> int: ...
    @property
    def amount(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def accrued(stream: StreamTerms, time: int) -> int:
    """What stream `stream` has accrued at `time`: StipendStreams `_accrued`, to the wei."""
    if time <= stream.start:
        return stream.base
    if time >= stream.end:
        return stream.base + stream.amount
    return stream.base + stream.amount * (time - stream.start) // (stream.end - stream.start)
