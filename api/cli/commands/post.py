"""`teal post`: start a thread or reply to a post, as a `teal/post@1` document signed with the
sender's key (EIP-712, the domain the API verifies) and sent to an API's `POST /posts`.

Posts never appear on chain: the API stores the document and records it for `GET /posts`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.commands.failures import teal_command
from api.cli.commands.session import (
    CliError,
    Session,
    chain_command,
)

if TYPE_CHECKING:  # httpx is imported where a command uses it
    import httpx

DEFAULT_API_URL = "http://127.0.0.1:8000"
ApiOpt = Annotated[
    str | None,
    typer.Option(
        "--api",
        envvar="TEAL_API_URL",
        help="The Teal API (env TEAL_API_URL; default: the running devnet's, else " + DEFAULT_API_URL + ").",
    ),
]
CATEGORIES = ["question", "problem", "idea", "discussion", "answer"]


def _api_error(response: Any, url: str) -> CliError:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    message = error.get("message") or response.text[:200].strip() or response.reason_phrase
    field = f" ({error['field']})" if error.get("field") else ""
    return CliError(
        error.get("code", "api_refused"), f"the API at {url} refused ({response.status_code}): {message}{field}"
    )


def _devnet_api_url() -> str | None:
    """The API of the `teal up` devnet this machine runs, the one the chain commands find too."""
    from api.cli.devnet.record import current_devnet

    devnet = current_devnet()
    return devnet.api_url if devnet else None


def _request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    import httpx

    try:
        return httpx.request(method, url, timeout=30, **kwargs)
    except httpx.HTTPError as exc:
        raise CliError(
            "api_unavailable", f"no API at {url}: {exc} (start one with `teal serve` or `scripts/up.sh`)"
        ) from None


@teal_command
@chain_command(sender=True)
def post(
    session: Session,
    text: Annotated[str, typer.Option(help="The post's text (Markdown).")],
    title: Annotated[str | None, typer.Option(help="Title (a new thread needs one).")] = None,
    category: Annotated[
        str | None,
        typer.Option(
            help="question, problem, idea, discussion or answer (default: discussion, or answer for a reply)."
        ),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A topic tag (repeat; at most 10).")] = None,
    workstream: Annotated[
        int | None, typer.Option(help="Post in this workstream's board (adds the tag workstream:N).", min=0)
    ] = None,
    reply_to: Annotated[str | None, typer.Option("--reply-to", help="CID of the post this answers.")] = None,
    api: ApiOpt = None,
) -> None:
    """Post a new thread, or a reply with --reply-to CID; signed by --from, sent to the API."""
    from api.content.schemas import parse_body

    if category is not None and category not in CATEGORIES:
        raise CliError("bad_category", f"unknown category {category!r}; one of {', '.join(CATEGORIES)}")
    tags = list(tag or []) + ([f"workstream:{workstream}"] if workstream is not None else [])
    body: dict[str, Any] = {
        "category": category or ("answer" if reply_to else "discussion"),
        "text": text,
        "tags": tags,
        "created_at": int(time.time()),  # signed with the post; the API checks it against its clock
    }
    if title is not None:
        body["title"] = title
    if reply_to is not None:
        body["reply_to"] = reply_to
    if reply_to is None and title is None:
        raise CliError("no_title", "a new thread needs --title (or answer a post with --reply-to CID)")
    model = parse_body("teal/post@1", body)  # a bad field is one line naming it, before any key is unlocked
    base = (api or _devnet_api_url() or DEFAULT_API_URL).rstrip("/")
    if reply_to is not None:
        parent = _request("GET", f"{base}/posts/{reply_to}")
        if parent.status_code == 404:
            raise CliError("no_parent", f"the API at {base} has no post {reply_to} to reply to")
        if parent.status_code >= 400:
            raise _api_error(parent, base)
    account = session.unlock()
    doc = session.prepare_document(model, author=account)
    session.out.progress(f"posting {doc.cid} to {base}/posts")
    response = _request("POST", f"{base}/posts", json=doc.document.envelope())
    if response.status_code >= 400:
        raise _api_error(response, base)
    answer = response.json()
    if answer.get("cid") != doc.cid:
        raise CliError("store_mismatch", f"the API answered CID {answer.get('cid')}, expected {doc.cid}")
    what = f"reply to {reply_to}" if reply_to else f"thread {title!r}"
    session.out.result(
        {
            "cid": doc.cid,
            "author": account.address,
            "reply_to": reply_to,
            "created": bool(answer.get("created")),
            "url": f"{base}/posts/{doc.cid}",
            "body": doc.document.body_json,
        },
        text=f"posted {what} as {doc.cid} ({base}/posts/{doc.cid})"
        + ("" if answer.get("created", True) else "; the API already had it"),
    )


@teal_command
@chain_command(sender=True)
def hide_post(
    session: Session,
    cid: Annotated[str, typer.Argument(help="The post to hide (its CID).")],
    workstream: Annotated[int, typer.Option(help="Your team: the post must be tagged workstream:N.", min=0)],
    reason: Annotated[str, typer.Option(help="Why (shown beside the hidden post).")] = "",
    api: ApiOpt = None,
) -> None:
    """Vote, as a member, to hide a post from your team's views: hidden once as many members as
    the team's approval threshold voted; never deleted (signed teal/post-hide@1)."""
    from api.content.schemas import parse_body

    model = parse_body(
        "teal/post-hide@1",
        {"post": cid, "workstream_id": workstream, "reason": reason, "created_at": int(time.time())},
    )
    base = (api or _devnet_api_url() or DEFAULT_API_URL).rstrip("/")
    account = session.unlock()
    doc = session.prepare_document(model, author=account)
    response = _request("POST", f"{base}/posts/{cid}/hides", json=doc.document.envelope())
    if response.status_code >= 400:
        raise _api_error(response, base)
    thread = _request("GET", f"{base}/posts/{cid}")
    if thread.status_code >= 400:
        raise _api_error(thread, base)
    team = next((h for h in thread.json()["root"]["hides"] if h["workstream_id"] == workstream), None)
    votes, needed = (len(team["members"]), team["required"]) if team else (0, 0)
    hidden = bool(team and team["hidden"])
    session.out.result(
        {
            "cid": doc.cid,
            "post": cid,
            "workstream_id": workstream,
            "votes": votes,
            "required": needed,
            "hidden": hidden,
        },
        text=f"voted to hide post {cid} from workstream {workstream}'s views ({votes} of {needed} members): "
        + ("it is hidden" if hidden else "not hidden yet"),
    )


def register(root: typer.Typer) -> None:
    root.command("post")(post)
    root.command("hide-post")(hide_post)
