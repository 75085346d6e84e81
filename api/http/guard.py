"""The last line of defence between the app and the connection (ASGI middleware).

- Any exception no handler took becomes the typed JSON 500 (the HTML error page under
  /dashboard) *here*, inside the app, so uvicorn never sees it and keeps the keep-alive
  connection open (Starlette's own 500 handler re-raises, and uvicorn then closes it).
- Every response header value is made legal before it is sent: control characters are
  percent-encoded and surrounding whitespace dropped, so no value that came from the URL can
  make the HTTP layer refuse the response and drop the connection.
"""

from __future__ import annotations

import re

from starlette.requests import Request

from api.http.errors import unexpected_response
from api.http.limits import ASGIApp, Message, Receive, Scope, Send

_ILLEGAL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def safe_header_value(value: bytes) -> bytes:
    """`value` with control characters percent-encoded and no surrounding whitespace."""
    return _ILLEGAL.sub(lambda m: b"%%%02X" % m.group()[0], value).strip(b" \t")


class ResponseGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {
                    **message,
                    "headers": [(name, safe_header_value(bytes(value))) for name, value in message.get("headers", [])],
                }
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as exc:
            if started:  # half a response is out: nothing valid can follow it
                raise
            response = await unexpected_response(Request(scope), exc)
            await response(scope, receive, guarded_send)
