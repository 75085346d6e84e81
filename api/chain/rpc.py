"""A JSON-RPC connection whose calls are retried with exponential back-off."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from web3 import Web3
from web3.exceptions import Web3Exception
from web3.types import RPCEndpoint

log = logging.getLogger(__name__)
T = TypeVar("T")

# What a flaky or restarting node looks like from here.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.HTTPError,
    ConnectionError,
    TimeoutError,
    Web3Exception,
    ValueError,  # web3.py raises ValueError for JSON-RPC error responses
)


class RpcUnavailable(Exception):
    """The node kept failing for all allowed attempts."""


class RpcWaitStopped(RpcUnavailable):
    """`Backoff.stop()` turned true while waiting to retry (Ctrl-C, SIGTERM)."""


@dataclass
class Backoff:
    """Exponential back-off: `initial` seconds doubling up to `maximum`; `attempts` None
    means retry forever (the follower), a number bounds it (one-shot runs, tests)."""

    initial: float = 0.5
    maximum: float = 30.0
    attempts: int | None = None
    stop: Callable[[], bool] = lambda: False  # checked every 0.1 s of a wait

    def delays(self):
        delay, attempt = self.initial, 0
        while self.attempts is None or attempt < self.attempts:
            yield delay
            delay, attempt = min(delay * 2, self.maximum), attempt + 1


def connect(url: str, *, timeout: float = 30.0) -> Web3:
    """web3.py over HTTP, asking the node its chain id once: web3's validation asks it before
    every eth_call and gas estimate (two of every three requests of a view otherwise), and a
    node does not change chains under a connection."""
    provider = Web3.HTTPProvider(
        url,
        request_kwargs={"timeout": timeout},
        cache_allowed_requests=True,
        cacheable_requests={RPCEndpoint("eth_chainId")},
    )
    return Web3(provider)


def with_retries(call: Callable[[], T], *, what: str, backoff: Backoff, url: str = "") -> T:
    """Run `call`, retrying transient RPC failures with back-off; each failure is logged."""
    last: BaseException | None = None
    for delay in itertools.chain([0.0], backoff.delays()):
        if delay:
            _pause(delay, backoff.stop)
        try:
            return call()
        except TRANSIENT_ERRORS as exc:
            last = exc
            log.warning(
                "rpc %s failed (%s: %s); retrying",
                what,
                type(exc).__name__,
                exc,
                extra={"rpc_url": url, "retry_in": delay},
            )
    raise RpcUnavailable(f"{what} failed after retries: {last}") from last


def _pause(seconds: float, stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if stop():
            raise RpcWaitStopped("stopped while waiting for the node")
        time.sleep(min(0.1, left))
