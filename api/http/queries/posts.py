"""Posts: thread roots by workstream, topic, category or author; a thread; follow-through.

Posts are `teal/post@1` documents. A thread's root is a post without `reply_to`; replies
point at their parent. Lists (newest first) and threads
(oldest reply first) order by the post's signed `created_at`. A post belongs to workstream N when it carries the tag
`workstream:N`; any other tag is a topic. A post's follow-through is every task whose spec
document says `addresses_post: <the post's CID>`, with its state and what was paid for it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from api.db import models
from api.http.deps import checked_address
from api.http.errors import ApiError
from api.http.pagination import Page, decode_cursor, encode_cursor
from api.http.queries.common import cid_spellings, find_document
from api.http.queries.tasks import payment_out
from api.http.schemas.contributors import Earning
from api.http.schemas.posts import FollowThroughTask, PostOut, TeamHide, ThreadOut

D = models.Document
MAX_THREAD = 500


def _reply_counts(session: Session, cids: list[str]) -> dict[str, int]:
    if not cids:
        return {}
    parent = D.body["reply_to"].as_string()
    rows = session.execute(
        select(parent, func.count()).where(D.kind == "post", D.status == "ok", parent.in_(cids)).group_by(parent)
    )
    return {cid: n for cid, n in rows}


def _follow_through(session: Session, cids: list[str]) -> dict[str, list[FollowThroughTask]]:
    if not cids:
        return {}
    addressed = D.body["addresses_post"].as_string()
    specs: dict[str, str] = dict(
        session.execute(
            select(D.cid, addressed).where(D.kind == "task-spec", D.status == "ok", addressed.in_(cids))
        ).all()
    )
    if not specs:
        return {}
    tasks = list(
        session.scalars(
            select(models.Task).where(models.Task.spec_cid.in_(list(specs))).order_by(models.Task.id).limit(1000)
        )
    )
    payments: dict[int, list[models.Payment]] = defaultdict(list)
    for p in session.scalars(
        select(models.Payment).where(models.Payment.task_id.in_([t.id for t in tasks])).order_by(models.Payment.id)
    ):
        payments[p.task_id].append(p)
    out: dict[str, list[FollowThroughTask]] = defaultdict(list)
    for t in tasks:
        out[specs[t.spec_cid]].append(
            FollowThroughTask(
                task_id=t.id,
                workstream_id=t.workstream_id,
                status=t.status,
                reward=str(t.reward),
                paid=[payment_out(p) for p in payments[t.id]],
            )
        )
    return out


def _team_tag(workstream_id: int) -> str:
    return f"workstream:{workstream_id}"


def check_post_hide(session: Session, body: dict[str, Any], author: str) -> None:
    """A `teal/post-hide@1` may be published when its post is an indexed post tagged with its
    team (`workstream:<id>`) and its author is a current member of that team; otherwise a 4xx."""
    team = int(body["workstream_id"])
    post = find_document(session, str(body["post"]))
    if post is None or post.kind != "post" or post.status != "ok":
        raise ApiError(404, "post_not_found", f"no post {body['post']}", field="body.body.post")
    if _team_tag(team) not in (post.body or {}).get("tags", []):
        raise ApiError(
            422,
            "not_a_team_post",
            f"post {post.cid} is not tagged {_team_tag(team)}: it is not in workstream {team}'s views",
            field="body.body.workstream_id",
        )
    member = session.scalar(
        select(models.Member.account).where(
            models.Member.workstream_id == team, models.Member.account == author, models.Member.active.is_(True)
        )
    )
    if member is None:
        raise ApiError(
            403,
            "not_member",
            f"{author} is not a member of workstream {team}: only its members hide posts from its views",
            field="body.author",
        )


def _hides(session: Session, cids: list[str]) -> dict[str, list[TeamHide]]:
    """Per post, each team whose current members voted to hide it: a member's latest vote
    counts once; hidden when they reach the team's approval threshold."""
    if not cids:
        return {}
    target = D.body["post"].as_string()
    # A hide may name its post in either spelling (CIDv0 or v1).
    spelled = {spelling: cid for cid in cids for spelling in cid_spellings(cid)}
    votes: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    rows = session.execute(
        select(target, D.body, D.author)
        .where(D.kind == "post-hide", D.status == "ok", target.in_(list(spelled)))
        .order_by(func.coalesce(D.signed_at, 0), D.cid)
    )
    for post, body, author in rows:
        if author:
            votes[(spelled[post], int(body["workstream_id"]))][author] = str(body.get("reason", ""))
    if not votes:
        return {}
    teams = {team for _, team in votes}
    members: dict[int, set[str]] = defaultdict(set)
    for team, account in session.execute(
        select(models.Member.workstream_id, models.Member.account).where(
            models.Member.workstream_id.in_(teams), models.Member.active.is_(True)
        )
    ):
        members[team].add(account)
    required = dict(
        session.execute(
            select(models.Workstream.id, models.Workstream.approvals_required).where(models.Workstream.id.in_(teams))
        ).all()
    )
    out: dict[str, list[TeamHide]] = defaultdict(list)
    for (post, team), by in sorted(votes.items()):
        counted = sorted((a for a in by if a in members[team]), key=str.lower)
        if not counted:
            continue
        needed = max(1, int(required.get(team, 1)))
        out[post].append(
            TeamHide(
                workstream_id=team,
                hidden=len(counted) >= needed,
                members=counted,
                required=needed,
                reasons=[by[a] for a in counted if by[a]],
            )
        )
    return out


def posts_out(session: Session, rows: list[models.Document]) -> list[PostOut]:
    cids = [r.cid for r in rows]
    replies = _reply_counts(session, cids)
    follow = _follow_through(session, cids)
    hides = _hides(session, cids)
    out = []
    for r in rows:
        body = r.body or {}
        tasks = follow.get(r.cid, [])
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for task in tasks:
            for p in task.paid:
                totals[p.token][0] += int(p.amount)
                totals[p.token][1] += 1
        out.append(
            PostOut(
                cid=r.cid,
                category=body.get("category", ""),
                title=body.get("title"),
                text=body.get("text", ""),
                tags=body.get("tags", []),
                reply_to=body.get("reply_to"),
                author=r.author,
                created_at=r.signed_at,
                replies=replies.get(r.cid, 0),
                follow_through=tasks,
                paid_total=[Earning(token=t, amount=str(a), payments=n) for t, (a, n) in sorted(totals.items())],
                hides=hides.get(r.cid, []),
            )
        )
    return out


@dataclass(frozen=True)
class PostFilters:
    """`GET /posts`'s query; `author` an address (checked: 422 when it is not one)."""

    workstream_id: int | None = None
    topic: str | None = None
    category: str | None = None
    author: str | None = None
    include_replies: bool = False
    size: int = 50
    cursor: str | None = None


def post_page(session: Session, f: PostFilters) -> Page[PostOut]:
    after = decode_cursor(f.cursor, "posts", (int, str))
    query = select(D).where(D.kind == "post", D.status == "ok")
    if not f.include_replies:
        query = query.where(D.body["reply_to"].as_string().is_(None))
    if f.category is not None:
        query = query.where(D.body["category"].as_string() == f.category)
    if f.author is not None:
        query = query.where(D.author == checked_address(f.author, "query.author"))
    # Newest first by the author's signed time (posts from before signed times: 0, by CID).
    when = func.coalesce(D.signed_at, 0)
    if after is not None:
        signed, cid = after
        query = query.where(or_(when < signed, and_(when == signed, D.cid < cid)))
    query = query.order_by(when.desc(), D.cid.desc())
    wanted = {f"workstream:{f.workstream_id}"} if f.workstream_id is not None else set()
    if f.topic is not None:
        wanted.add(f.topic)
    picked: list[models.Document] = []
    # Tags live inside the JSON body: filter them here, scanning in batches.
    for row in session.scalars(query.execution_options(yield_per=200)):
        if wanted <= set((row.body or {}).get("tags", [])):
            picked.append(row)
            if len(picked) > f.size:
                break
    more = len(picked) > f.size
    picked = picked[: f.size]
    return Page(
        items=posts_out(session, picked),
        next_cursor=encode_cursor("posts", [picked[-1].signed_at or 0, picked[-1].cid]) if more else None,
    )


def thread(session: Session, cid: str) -> ThreadOut:
    """A post (either spelling of its CID), its replies at every level and follow-through;
    404 `post_not_found` when `cid` is not an indexed, valid post."""
    root = find_document(session, cid)  # either spelling of the CID
    if root is None or root.kind != "post" or root.status != "ok":
        raise ApiError(404, "post_not_found", f"no post {cid}")
    replies: list[models.Document] = []
    frontier = [root.cid]
    parent = D.body["reply_to"].as_string()
    while frontier and len(replies) < MAX_THREAD:
        batch = list(
            session.scalars(
                select(D)
                .where(D.kind == "post", D.status == "ok", parent.in_(frontier))
                .order_by(func.coalesce(D.signed_at, 0), D.cid)
                .limit(MAX_THREAD - len(replies))
            )
        )
        replies.extend(batch)
        frontier = [r.cid for r in batch]
    # Replies at every level in the order their authors signed them.
    replies.sort(key=lambda r: (r.signed_at or 0, r.cid))
    posts = posts_out(session, [root, *replies])
    return ThreadOut(root=posts[0], replies=posts[1:])
