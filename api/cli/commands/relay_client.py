"""Sending signed claims and ballots to a Teal API's relay (`POST /relay/claims|votes`),
whose relayer account pays the gas; the API's typed errors become one-line CLI errors."""

from __future__ import annotations

from typing import Any

from api.cli.commands.session import CliError


def post_to_relay(base_url: str, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    import httpx

    url = base_url.rstrip("/") + f"/relay/{kind}"
    try:
        response = httpx.post(url, json=payload, timeout=120)
    except httpx.HTTPError as exc:
        raise CliError("relay_unavailable", f"no relay at {url}: {exc} (start the API with `teal serve`)") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 400:
        error = body.get("error") or {} if isinstance(body, dict) else {}
        message = error.get("message") or response.text[:200]
        raise CliError(error.get("code", "relay_refused"), f"the relay refused ({response.status_code}): {message}")
    return dict(body)
