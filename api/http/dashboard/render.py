"""Templates (autoescaped), the stylesheet, and the security headers of every dashboard page."""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.http.dashboard import formatting
from api.http.dashboard.markdown import render_markdown, safe_url
from api.http.dashboard.security import SECURITY_HEADERS
from api.http.deps import AppState

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
CSS = (HERE / "static" / "dashboard.css").read_bytes()
CSS_VERSION = hashlib.sha256(CSS).hexdigest()[:12]


def _wallet_version() -> str:
    from api.http.dashboard.wallet import bundle_version  # the bundle can be rebuilt while serving

    return bundle_version()


env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters.update(
    markdown=render_markdown,
    duration=formatting.duration,
    when=formatting.when,
    iso=formatting.iso,
    reason=formatting.reason,
    day=formatting.day,
    short=formatting.short,
    percent=formatting.percent,
)
env.tests["safe_url"] = safe_url
env.globals.update(css_version=CSS_VERSION, share=formatting.share, wallet_version=_wallet_version)


class TokenLabels:
    """Symbol and decimals per token address, read once from the chain (ERC-20 views).

    While the node is unreachable amounts go without a unit, and the token is asked again
    after RETRY seconds (not on every amount of every page).
    """

    RETRY = 60.0

    def __init__(self, state: AppState) -> None:
        self.state = state
        self.known: dict[str, tuple[str, int]] = {}
        self.failed: dict[str, float] = {}

    def __call__(self, token: str | None) -> tuple[str, int]:
        if not token:
            return "", formatting.DECIMALS
        if token in self.known:
            return self.known[token]
        fallback = "", formatting.DECIMALS  # a bare figure rather than a wrong unit
        erc20 = self.state.chain.contracts.get("TealToken")
        if erc20 is None or time.monotonic() - self.failed.get(token, -self.RETRY) < self.RETRY:
            return fallback
        try:
            contract = self.state.chain.w3.eth.contract(address=to_checksum_address(token), abi=erc20.abi)
            self.known[token] = (
                str(contract.functions.symbol().call()),
                int(contract.functions.decimals().call()),
            )
        except Exception as exc:  # noqa: BLE001 - node down or not an ERC-20: show the address
            log.warning("no symbol for token %s (%s); amounts shown without a unit", token, exc)
            self.failed[token] = time.monotonic()
            return fallback
        return self.known[token]


def labels(state: AppState) -> TokenLabels:
    found = state.extra.get("dashboard_tokens")
    if not isinstance(found, TokenLabels):
        found = state.extra["dashboard_tokens"] = TokenLabels(state)
    return found


def page(state: AppState, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    token_label = labels(state)
    governance = state.chain.manifest.contracts.get("TealToken")
    default_token = governance.address if governance else None

    def amount(raw: str | int | None, token: str | None = None) -> str:
        symbol, decimals = token_label(token or default_token)
        return formatting.tokens(raw, symbol, decimals)

    html = env.get_template(template).render(amount=amount, **context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def error_page(state: AppState, status: int, code: str, message: str) -> HTMLResponse:
    """The dashboard's error page (the API's error handlers answer it under /dashboard)."""
    return page(state, "error.html", status=status, code=code, message=message)


def stylesheet() -> Response:
    return Response(
        CSS,
        media_type="text/css",
        headers={**SECURITY_HEADERS, "Cache-Control": "public, max-age=31536000, immutable"},
    )
