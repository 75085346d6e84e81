"""Request body size limit (ASGI middleware) and the per-minute rate limits shared by every
API worker (relays, posts)."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy import case, delete
from sqlalchemy.orm import Session, sessionmaker

from api.db import models
from api.db.session import upsert

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodySizeLimit:
    """Answer 413 to any request whose body is over `max_bytes`: at once when its
    Content-Length says so, otherwise by counting streamed (chunked) bytes before the app
    sees any of them. Bodies are small here (documents, signatures), so buffering is fine."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _send_error(send, 400, "bad_request", "Content-Length is not a number")
                return
            if declared > self.max_bytes:
                await _send_error(send, 413, "request_too_large", self._message(declared))
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await _send_error(send, 413, "request_too_large", self._message(total, streamed=True))
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay_receive() -> Message:
            if replay:
                return replay.pop()
            return await receive()

        await self.app(scope, replay_receive, send)

    def _message(self, size: int, *, streamed: bool = False) -> str:
        what = f"over {size - 1} bytes" if streamed else f"{size} bytes"
        return f"request body is {what}; the limit is {self.max_bytes} bytes (TEAL_MAX_REQUEST_BYTES)"


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "field": "body"}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SharedRateLimiter:
    """A per-minute limit per key (a client IP, a post's author), shared by every API worker:
    a token bucket per `scope:key` in the `relay_rate` table, `per_minute` tokens refilled
    continuously. One upsert refills and takes a token under the row's lock and returns what
    is left; when that is below zero the transaction is rolled back (nothing taken). Times
    are the workers' wall clocks."""

    SWEEP_EVERY = 1000  # calls between deletions of buckets full again (idle for over a minute)

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        per_minute: int,
        scope: str = "ip",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sessions = sessions
        self.scope = scope
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._calls = 0

    def acquire(self, key: str) -> float:
        """Take one token for `key`; returns 0 when allowed, else seconds until one is free."""
        now = self.clock()
        table = models.RelayRate
        elapsed = case((table.stamp < now, now - table.stamp), else_=0.0)
        refilled = table.tokens + elapsed * self.rate
        with self.sessions() as session:
            statement = (
                upsert(session)(table)
                .values(key=f"{self.scope}:{key}"[:72], tokens=self.capacity - 1, stamp=now)
                .on_conflict_do_update(
                    index_elements=[table.key],
                    set_={
                        "tokens": case((refilled > self.capacity, self.capacity), else_=refilled) - 1,
                        "stamp": case((table.stamp > now, table.stamp), else_=now),
                    },
                )
                .returning(table.tokens)
            )
            left = float(session.execute(statement).scalar_one())
            if left < 0:
                session.rollback()
                return -left / self.rate
            self._calls += 1
            if self._calls % self.SWEEP_EVERY == 0:
                session.execute(delete(table).where(table.stamp < now - 120))
            session.commit()
        return 0.0
