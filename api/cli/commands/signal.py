"""`teal signal propose|vote|results|verify`: gasless signal votes on teal's Snapshot-compatible
hub (POST /snapshot), signed with the same EIP-712 messages snapshot.js signs.

The signer is a keystore account (`--from NAME`, `--password-file`), as for every chain
command. Scripts without a keystore may name an environment variable holding a raw key with
`--key-env NAME` instead (a fallback, documented in docs/hub.md).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import httpx
import typer

from api.cli.commands.session import FromOpt, PasswordFileOpt
from api.hub import typed
from api.hub.scores import parse_choice
from api.hub.scores import scores as compute_scores

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

DEFAULT_API = "http://127.0.0.1:8000"
ApiOpt = Annotated[str, typer.Option("--api", envvar="TEAL_API_URL", help="The teal API's base URL.")]
KeyEnvOpt = Annotated[
    str | None,
    typer.Option(
        "--key-env",
        help="For scripts without a keystore: the environment variable holding the "
        "signer's raw private key (instead of --from).",
    ),
]

app = typer.Typer(help="Gasless signal votes (Snapshot-compatible hub).", no_args_is_help=True)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def _signer(sender: str | None, password_file: Path | None, key_env: str | None) -> LocalAccount:
    """The signing account: a keystore account unlocked with its password, or (for scripts)
    the raw key in the environment variable named by --key-env."""
    if key_env is not None:
        if sender:
            raise _fail("--from and --key-env name two signers: give one")
        value = os.environ.get(key_env)
        if not value:
            raise _fail(f"set {key_env} to the signer's private key (0x...), or sign with --from NAME")
        try:
            from eth_account import Account

            return Account.from_key(value)
        except ValueError:
            raise _fail(f"{key_env} is not a private key") from None
    from api.cli.commands.failures import describe
    from api.cli.commands.session import Session

    try:
        return Session(password_file=password_file).unlock(sender)
    except Exception as exc:
        explained = describe(exc)
        if explained is None:
            raise
        raise _fail(explained[1]) from None


def _send(api: str, account: Any, kind: str, fields: list[dict[str, str]], message: dict[str, Any]) -> dict[str, Any]:
    message = {"from": account.address, "timestamp": int(time.time()), **message}
    types = {kind: fields}
    sig = account.sign_message(typed.signable(typed.DOMAIN, types, message)).signature.hex()
    data = {"domain": typed.DOMAIN, "types": types, "message": message}
    envelope = {"address": account.address, "sig": "0x" + sig, "data": data}
    try:
        r = _http(api).post("/snapshot", json=envelope)
    except httpx.HTTPError as exc:
        raise _fail(f"cannot reach {api}: {exc}") from None
    if r.status_code != 200:
        body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
        raise _fail(f"{r.status_code}: {body.get('error_description') or r.text[:200]}")
    return r.json()


def _http(api: str) -> httpx.Client:
    return httpx.Client(base_url=api, timeout=30)


def _get(api: str, path: str, **params: Any) -> Any:
    try:
        r = _http(api).get(path, params=params)
    except httpx.HTTPError as exc:
        raise _fail(f"cannot reach {api}: {exc}") from None
    if r.status_code != 200:
        raise _fail(f"{path}: {r.status_code} {r.text[:200]}")
    return r.json() if r.headers.get("content-type", "").startswith("application/json") else r.content


@app.command()
def propose(
    title: Annotated[str, typer.Option(help="Title.")],
    choice: Annotated[list[str], typer.Option("--choice", help="A choice (repeat).")],
    snapshot: Annotated[int, typer.Option(help="Block whose voting power counts (in the past).", min=0)],
    body: Annotated[str, typer.Option(help="Text (Markdown).")] = "",
    space: Annotated[str, typer.Option(help="Space id.")] = "dao",
    voting: Annotated[str, typer.Option("--type", help=f"One of {', '.join(typed.VOTING_TYPES)}.")] = "single-choice",
    minutes: Annotated[int, typer.Option(help="Voting period in minutes.", min=1)] = 60 * 24 * 3,
    api: ApiOpt = DEFAULT_API,
    sender: FromOpt = None,
    password_file: PasswordFileOpt = None,
    key_env: KeyEnvOpt = None,
) -> None:
    """Open a signal proposal; prints its id and CID."""
    now = int(time.time())
    message = {
        "space": space, "type": voting, "title": title, "body": body, "discussion": "", "choices": choice,
        "labels": [], "start": now, "end": now + minutes * 60, "snapshot": snapshot, "plugins": "{}",
        "privacy": "", "app": "teal-cli",
    }  # fmt: skip
    out = _send(api, _signer(sender, password_file, key_env), "Proposal", typed.PROPOSAL, message)
    typer.echo(f"proposal {out['id']} ipfs {out['ipfs']}")


@app.command()
def vote(
    proposal: Annotated[str, typer.Argument(help="Proposal id (0x...).")],
    choice: Annotated[str, typer.Option(help='1; [1,3] for approval/ranked; {"1":2,"2":1} for weighted/quadratic.')],
    reason: Annotated[str, typer.Option(help="Why (public).")] = "",
    api: ApiOpt = DEFAULT_API,
    sender: FromOpt = None,
    password_file: PasswordFileOpt = None,
    key_env: KeyEnvOpt = None,
) -> None:
    """Vote (a later vote replaces your earlier one)."""
    p = _get(api, f"/snapshot/proposals/{proposal}")
    try:
        value = json.loads(choice)
    except ValueError:
        raise _fail(f"--choice {choice!r} is not JSON") from None
    ctype = typed.CHOICE_TYPE[p["type"]]
    if ctype == "string":
        value = json.dumps(value)
    message = {
        "space": p["space"], "proposal": proposal, "choice": value, "reason": reason,
        "app": "teal-cli", "metadata": "{}",
    }  # fmt: skip
    out = _send(api, _signer(sender, password_file, key_env), "Vote", typed.vote_fields(ctype), message)
    typer.echo(f"vote {out['id']} ipfs {out['ipfs']} receipt {out['relayer']['receipt']}")


@app.command()
def results(proposal: Annotated[str, typer.Argument(help="Proposal id.")], api: ApiOpt = DEFAULT_API) -> None:
    """Scores per choice, total, state."""
    p = _get(api, f"/snapshot/proposals/{proposal}")
    typer.echo(f"{p['title']} [{p['type']}] {p['state']}, scores {p['scores_state']}, {p['votes']} votes")
    for name, score in zip(p["choices"], p["scores"], strict=True):
        typer.echo(f"  {name}: {score:g}")
    met = "met" if p["quorum_met"] else "not met"
    typer.echo(f"  total: {p['scores_total']:g} (quorum {p['quorum']:g}, {met})")


@app.command()
def verify(
    proposal: Annotated[str, typer.Argument(help="Proposal id.")],
    api: ApiOpt = DEFAULT_API,
    rpc: Annotated[str | None, typer.Option(help="Node URL: re-check every voter's power at the snapshot.")] = None,
) -> None:
    """Refetch every message by CID, re-check signatures, receipts and (with --rpc) voting power,
    recompute the scores and compare with the API's."""
    p = _get(api, f"/snapshot/proposals/{proposal}")
    votes = _get(api, f"/snapshot/proposals/{proposal}/votes", first=1000)["items"]
    problems: list[str] = []
    power = None
    if rpc:
        from api.chain.rpc import connect
        from api.hub.spaces import Space
        from api.hub.strategies import Strategies

        spaces = {s["id"]: Space.model_validate(s) for s in _get(api, "/snapshot/spaces")["items"]}
        power = (Strategies(w3=connect(rpc), sessions=None), spaces[p["space"]])  # type: ignore[arg-type]
    ballots = []
    for v in [{"id": p["id"], "ipfs": p["ipfs"], "voter": p["author"]}, *votes]:
        raw = _http(api).get(f"/documents/{v['ipfs']}").content
        from api.content import compute_cid

        if compute_cid(raw, cid_version=0) != v["ipfs"] and compute_cid(raw, cid_version=1) != v["ipfs"]:
            problems.append(f"{v['ipfs']}: the bytes served are not that CID's")
        envelope = json.loads(raw)
        data = envelope["data"]
        sm = typed.signable(data["domain"], data["types"], data["message"])
        if "0x" + typed.digest(sm).hex() != v["id"]:
            problems.append(f"{v['ipfs']}: its hash is not message {v['id']}")
        if typed.recover(sm, envelope["sig"]) != v["voter"]:
            problems.append(f"{v['ipfs']}: not signed by {v['voter']} (a contract signer needs EIP-1271)")
        meta = _get(api, f"/snapshot/messages/{v['id']}")
        from eth_account import Account
        from eth_account.messages import encode_defunct

        if Account.recover_message(encode_defunct(text=v["ipfs"]), signature=meta["receipt"]) is None:
            problems.append(f"{v['ipfs']}: bad receipt")
        if "choice" in v:
            vp = v["vp"]
            if power is not None:
                vp, _ = power[0].power(power[1], p["snapshot"], v["voter"])
                if abs(vp - v["vp"]) > 1e-9 * max(1.0, vp):
                    problems.append(f"{v['voter']}: power {vp} at the snapshot, the hub counted {v['vp']}")
            ballots.append((parse_choice(p["type"], data["message"]["choice"]), vp))
    mine = compute_scores(p["type"], len(p["choices"]), ballots)
    if any(abs(a - b) > 1e-9 * max(1.0, abs(a)) for a, b in zip(mine, p["scores"], strict=True)):
        problems.append(f"scores differ: recomputed {mine}, the API says {p['scores']}")
    for line in problems:
        typer.echo(f"MISMATCH {line}")
    if problems:
        raise typer.Exit(1)
    typer.echo(f"ok: {len(votes)} votes and the proposal verified by CID and signature; scores {mine} match")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="signal")
