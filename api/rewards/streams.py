"""Stipend streams: what a stream has accrued at a time, by StipendStreams' own formula, so
the indexer's rows and the API's answers agree with `stream(id)` to the wei.

A stream stops accruing by itself at its cutoff (IWorkstreams.stipendCutoff): the end of the
recipient's membership, the team's first pause after the start, or the team's current term
end, whichever comes first."""

from __future__ import annotations

from typing import Protocol

from eth_abi import encode
from eth_utils import keccak


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
    @property
    def stopped(self) -> bool: ...
    @property
    def cutoff(self) -> int | None: ...


def accrues_until(stream: StreamTerms, term_end: int) -> int:
    """When the stream stops accruing (StipendStreams `stream(id).accruesUntil`), given its
    team's current term end."""
    if stream.stopped:
        return stream.end
    return min(stream.end, term_end, stream.cutoff if stream.cutoff is not None else term_end)


def accrued(stream: StreamTerms, time: int) -> int:
    """What stream `stream` has accrued at `time` (no later than its `accrues_until`):
    StipendStreams `_accrued`, to the wei."""
    if time <= stream.start:
        return stream.base
    if time >= stream.end:
        return stream.base + stream.amount
    return stream.base + stream.amount * (time - stream.start) // (stream.end - stream.start)


def start_stream_action_id(
    workstream_id: int, started: int, recipient: str, amount: int, start: int, end: int, cid: str
) -> bytes:
    """The team action a `startStream` approval counts toward: StipendStreams' keccak256(abi.encode(
    "startStream", workstreamId, streamsStarted(workstreamId), recipient, amount, start, end, cid))."""
    return keccak(
        encode(
            ["string", "uint256", "uint256", "address", "uint256", "uint64", "uint64", "string"],
            ["startStream", workstream_id, started, recipient, amount, start, end, cid],
        )
    )
