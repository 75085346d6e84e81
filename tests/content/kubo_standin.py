"""A Kubo RPC stand-in server for the adapter tests (see `serve`).

This is NOT an IPFS node. It is a real HTTP server on 127.0.0.1 that implements the few
Kubo RPC endpoints the adapter uses, as the Kubo RPC documentation describes them: every
call is a POST to /api/v0/<command> with arguments in the query string (`arg=...`), `add`
takes a multipart/form-data body and answers one JSON object per line, errors are HTTP 500
with `{"Message", "Code", "Type": "error"}`, and GET is refused with 405. To build the
blocks for `add` it uses this project's own importer (whose CIDs are checked against
Kubo-published vectors in test_cid_vectors.py).

Like a real node, a read of a block the node does not hold (`block/get`, `pin/add`, or
`block/stat` without `offline=true`) does not fail: the node searches the network, and the
request hangs until the client gives up (here: until the client disconnects, `hang_seconds`
pass, or the server stops). Only `offline=true` reads answer "not found" at once.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from api.content.cid import file_blocks, storage_key


@dataclass
class KuboStandIn:
    """State of the stand-in server, inspectable and steerable by tests."""

    blocks: dict[str, bytes] = field(default_factory=dict)  # storage key -> block bytes
    pins: set[str] = field(default_factory=set)
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    corrupt_reads: bool = False  # serve every block with one byte flipped
    wrong_add_hash: str | None = None  # answer `add` with this Hash instead of the real one
    address: str = ""
    hang_seconds: float = 120.0  # the longest an unknown-CID read hangs before "not found"
    stopping: threading.Event = field(default_factory=threading.Event)
    hung_reads: int = 0  # unknown-CID reads that hung so far

    def calls(self, command: str) -> list[dict[str, list[str]]]:
        return [q for _m, p, q in self.requests if p == f"/api/v0/{command}"]


def _handler(state: KuboStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, value: object, status: int = 200) -> None:
            self._send(status, (json.dumps(value) + "\n").encode(), "application/json")

        def _error(self, message: str) -> None:
            self._json({"Message": message, "Code": 0, "Type": "error"}, status=500)

        def do_GET(self) -> None:
            self._send(405, b"405 - Method Not Allowed\n", "text/plain")

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            length = int(self.headers.get("Content-Length") or 0)
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = self._read_chunked()
            else:
                body = self.rfile.read(length)
            state.requests.append(("POST", url.path, query))
            command = url.path.removeprefix("/api/v0/")
            handler = getattr(self, "cmd_" + command.replace("/", "_"), None)
            if handler is None:
                self._send(404, b"404 page not found\n", "text/plain")
                return
            handler(query, body)

        def _read_chunked(self) -> bytes:
            out = bytearray()
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()

        def cmd_version(self, query: dict[str, list[str]], body: bytes) -> None:
            self._json({"Version": "0.32.1", "Commit": "", "Repo": "16", "System": "amd64/linux"})

        def cmd_add(self, query: dict[str, list[str]], body: bytes) -> None:
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body
            )
            parts = [p for p in message.iter_parts() if p.get_filename() is not None]
            if len(parts) != 1:
                self._error(f"expected one file part, got {len(parts)}")
                return
            content = parts[0].get_payload(decode=True) or b""
            version = int(query.get("cid-version", ["0"])[0])
            raw_leaves = query.get("raw-leaves", ["false"])[0].lower() == "true"
            if raw_leaves != (version == 1):
                self._error("stand-in only builds Kubo's default DAGs")
                return
            root, blocks = file_blocks(content, cid_version=version)
            for cid, block in blocks:
                state.blocks[storage_key(cid)] = block
            if query.get("pin", ["true"])[0].lower() == "true":
                state.pins.add(storage_key(root))
            name = parts[0].get_filename() or root
            reply = {"Name": name, "Hash": state.wrong_add_hash or root, "Size": str(len(content))}
            self._json(reply)

        def _block(self, query: dict[str, list[str]]) -> tuple[str, bytes] | None:
            arg = query.get("arg", [""])[0]
            try:
                key = storage_key(arg)
            except ValueError:
                self._error(f"invalid path {arg!r}: invalid cid")
                return None
            block = state.blocks.get(key)
            if block is None:
                offline = query.get("offline", ["false"])[0].lower() == "true"
                if not offline and self._hang():  # the client gave up: nobody to answer
                    return None
                self._error(f"block was not found locally (offline): ipld: could not find {arg}")
                return None
            return arg, block

        def _hang(self) -> bool:
            """Wait as a node searching the network does; True when the client hung up (or the
            server stops) before `hang_seconds` passed."""
            import select
            import time

            state.hung_reads += 1
            deadline = time.monotonic() + state.hang_seconds
            while time.monotonic() < deadline and not state.stopping.is_set():
                readable, _w, _x = select.select([self.connection], [], [], 0.05)
                if readable and not self.connection.recv(1, socket.MSG_PEEK):  # b"": hung up
                    return True
            return state.stopping.is_set()

        def cmd_block_get(self, query: dict[str, list[str]], body: bytes) -> None:
            found = self._block(query)
            if found is None:
                return
            _arg, block = found
            if state.corrupt_reads and block:
                block = bytes([block[0] ^ 0x01]) + block[1:]
            self._send(200, block, "text/plain")

        def cmd_block_stat(self, query: dict[str, list[str]], body: bytes) -> None:
            found = self._block(query)
            if found is not None:
                self._json({"Key": found[0], "Size": len(found[1])})

        def cmd_pin_add(self, query: dict[str, list[str]], body: bytes) -> None:
            found = self._block(query)
            if found is not None:
                state.pins.add(storage_key(found[0]))
                self._json({"Pins": [found[0]]})

    return Handler


@contextmanager
def serve() -> Iterator[KuboStandIn]:
    """Run a stand-in on a free 127.0.0.1 port until the block exits."""
    state = KuboStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.address = f"/ip4/127.0.0.1/tcp/{server.server_address[1]}/http"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
