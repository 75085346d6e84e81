"""Request dependencies as `Annotated` aliases: `SessionDep`, `StoreDep`, `SettingsDep`, ..."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from eth_utils import is_address, is_checksum_address, to_checksum_address
from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from api.content import DocumentStore, SigningDomain
from api.content.post_index import PostIndex
from api.http.chainview import ChainView
from api.http.errors import ApiError, quote
from api.http.limits import SharedRateLimiter
from api.http.relay import Relayer
from api.settings import Settings


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    store: DocumentStore
    chain: ChainView
    domain: SigningDomain
    relayer: Relayer | None
    relay_limiter: SharedRateLimiter
    post_author_limiter: SharedRateLimiter
    post_ip_limiter: SharedRateLimiter
    post_index: PostIndex
    extra: dict[str, object] = field(default_factory=dict)


# These are `async def` on purpose: FastAPI runs plain `def` dependencies in its thread pool,
# a hop that costs more than the work here (making a session opens no connection yet).
async def get_state(request: Request) -> AppState:
    return request.app.state.teal


async def get_session(request: Request) -> AsyncIterator[Session]:
    session = request.app.state.teal.sessions()
    try:
        yield session
    finally:
        session.close()


async def get_settings(request: Request) -> Settings:
    return request.app.state.teal.settings


async def get_store(request: Request) -> DocumentStore:
    return request.app.state.teal.store


async def get_chain(request: Request) -> ChainView:
    return request.app.state.teal.chain


StateDep = Annotated[AppState, Depends(get_state)]
SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]
ChainDep = Annotated[ChainView, Depends(get_chain)]


def page_limit(settings: Settings, limit: int | None) -> int:
    """The page size in effect: the default when absent, never above TEAL_PAGE_SIZE_MAX."""
    return min(limit or settings.page_size_default, settings.page_size_max)


def checked_address(value: str, field_name: str) -> str:
    """A checksummed address, or 422 `invalid_address` naming the field."""
    body = value[2:] if value.startswith("0x") else ""
    ok = is_address(value) and value.startswith("0x")
    if ok and body != body.lower() and body != body.upper() and not is_checksum_address(value):
        ok = False
    if not ok:
        raise ApiError(
            422,
            "invalid_address",
            f"{quote(value)} is not a 0x-prefixed 20-byte address (mixed case must be a valid EIP-55 checksum)",
            field=field_name,
        )
    return to_checksum_address(value)


T = TypeVar("T")


async def run_read(session: Session, read: Callable[[], T]) -> T:
    """Run a short read for an `async def` endpoint. On SQLite it runs right here: a local
    page read is shorter than the hop to a worker thread, and under load those hops queue on
    the GIL behind each other. PostgreSQL reads wait on a socket, so they go to the thread
    pool and the event loop keeps serving meanwhile."""
    if session.get_bind().dialect.name == "sqlite":
        return read()
    return await run_in_threadpool(read)
