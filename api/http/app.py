"""The HTTP API's application factory: `create_app(settings)`.

Read side over the indexed database, write side (documents, signed posts, relayed claims
and votes), one typed error body, a request size limit and CORS from settings.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import __version__
from api.chain.manifest import load_manifest
from api.content import SigningDomain, open_store
from api.content.post_index import PostIndex
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.http.chainview import ChainView
from api.http.deps import AppState
from api.http.errors import ERROR_RESPONSES, install_error_handlers
from api.http.guard import ResponseGuard
from api.http.hub.setup import install_hub
from api.http.limits import BodySizeLimit, SharedRateLimiter
from api.http.relay import Relayer, load_relayer
from api.http.relay_policy import RelayLedger, SenderLock
from api.settings import Settings

log = logging.getLogger(__name__)

DESCRIPTION = """
Teal's HTTP API: proposals, workstreams, tasks, contributors, posts and team metrics read
from the indexed chain; documents, signed posts and relayed signed claims and votes written.

* Lists answer `{"items": [...], "next_cursor": ...}`; pass `next_cursor` back as `cursor`.
* Amounts are decimal strings in the token's base units.
* Errors are always `{"error": {"code", "message", "field"}}`.
"""

# /docs (Swagger UI) and /redoc load their scripts, styles and icon from DOCS_ASSETS: the
# files the fastapi-offline package ships, served by this app, so the docs work offline. Their
# pages may reach this origin only (ReDoc's sidebar would fetch a logo from its CDN; the
# policy stops it before any request). The inline script is Swagger UI's own start-up call.
DOCS_ASSETS = "/docs/assets"
DOCS_FILES = files("fastapi_offline") / "static"
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

TAGS = [
    {"name": "health", "description": "Liveness and chain/indexer status."},
    {"name": "proposals", "description": "Governance proposals, live state, tallies and votes."},
    {"name": "workstreams", "description": "Teams: charter, members, guardrails, budget."},
    {"name": "tasks", "description": "The task board and each task's full record."},
    {"name": "contributors", "description": "One address: work, earnings, reviews, votes, power."},
    {
        "name": "posts",
        "description": "Questions, problems and ideas, threaded; follow-through to tasks.",
    },
    {"name": "metrics", "description": "Team metrics per workstream and period."},
    {
        "name": "documents",
        "description": "Content-addressed documents: read verified bytes, publish.",
    },
    {"name": "relay", "description": "Submit signed claims and votes from the relayer account."},
]


def create_app(settings: Settings, *, migrate: bool = True) -> FastAPI:
    """Build the app; validates settings against the deployment's chain before serving."""
    manifest = load_manifest(settings.manifest)
    settings.check_for_chain(manifest.chain_id)
    engine = make_engine(settings.database)
    if migrate:
        upgrade(engine)
    chain = ChainView(settings=settings, manifest=manifest)
    sessions = make_sessionmaker(engine)
    governor = manifest.contracts.get("TealGovernor")
    account = load_relayer(settings, manifest.chain_id)
    store = open_store(settings)
    state = AppState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        store=store,
        chain=chain,
        domain=SigningDomain(chain_id=manifest.chain_id, verifying_contract=governor.address if governor else None),
        relayer=Relayer(
            chain=chain,
            account=account,
            receipt_timeout=settings.relay_receipt_timeout,
            ledger=RelayLedger(sessions=sessions, settings=settings),
            sender=SenderLock(account.address, sessions=sessions),
        )
        if account
        else None,
        relay_limiter=SharedRateLimiter(sessions=sessions, per_minute=settings.relay_rate_limit),
        post_author_limiter=SharedRateLimiter(
            sessions=sessions, per_minute=settings.post_rate_limit, scope="post-author"
        ),
        post_ip_limiter=SharedRateLimiter(sessions=sessions, per_minute=settings.post_rate_limit_ip, scope="post-ip"),
        post_index=PostIndex(store=store, documents_dir=settings.documents_dir),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.store.close()
        engine.dispose()

    app = FastAPI(
        title="Teal API",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # served by add_docs, from this app's own files
        redoc_url=None,
    )
    app.state.teal = state
    add_docs(app)
    install_error_handlers(app)

    from api.http.routes import (
        contributors,
        documents,
        health,
        metrics,
        posts,
        proposals,
        relay,
        rewards,
        snapshot,
        sweeps,
        tasks,
        workstreams,
    )

    for module in (
        health,
        proposals,
        workstreams,
        metrics,
        tasks,
        contributors,
        posts,
        documents,
        relay,
        rewards,
        sweeps,
    ):
        app.include_router(module.router, responses=ERROR_RESPONSES)
    from api.http.dashboard import router as dashboard  # read-only HTML pages under /dashboard
    from api.http.dashboard.render import error_page

    app.include_router(dashboard)
    app.state.dashboard_error_page = error_page  # HTML error pages under /dashboard
    install_hub(app, state)  # Snapshot-compatible signal hub: /snapshot, /graphql
    app.include_router(snapshot.router)

    # Innermost: an exception no handler took is answered here (uvicorn keeps the connection),
    # and every header value is made legal before it leaves.
    app.add_middleware(ResponseGuard)
    origins = settings.cors_origin_list
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["content-type"],
            max_age=600,
        )
    # Outermost: oversize bodies are refused before anything reads them.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    return app


def add_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc, with every file they load served under DOCS_ASSETS."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(DOCS_FILES)), name="docs-assets")
    headers = {"Content-Security-Policy": DOCS_CSP, "X-Content-Type-Options": "nosniff"}

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            oauth2_redirect_url=None,
            swagger_ui_parameters={"validatorUrl": None},  # no badge from the public validator
        )
        page.headers.update(headers)
        return page

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        page.headers.update(headers)
        return page


# How `teal serve --workers N` tells each worker process how to log (not settings: logging is
# the command's own option).
WORKER_LOG_LEVEL = "TEAL_SERVE_LOG_LEVEL"
WORKER_JSON_LOGS = "TEAL_SERVE_JSON_LOGS"


def close_app(app: FastAPI) -> None:
    """Release what `create_app` opened, for an app that is never served."""
    state: AppState = app.state.teal
    state.store.close()
    state.engine.dispose()


def worker_app() -> FastAPI:
    """uvicorn factory of each `teal serve --workers N` process: settings from the TEAL_*
    environment `teal serve` set, logging as it was told, no migration (done before start)."""
    import os

    from api import logs
    from api.settings import load_settings

    logs.configure(level=os.environ.get(WORKER_LOG_LEVEL, "info"), json_lines=bool(os.environ.get(WORKER_JSON_LOGS)))
    return create_app(load_settings(), migrate=False)


def app_from_env() -> FastAPI:
    """uvicorn factory entry point: `uvicorn --factory api.http.app:app_from_env`."""
    from api.settings import load_settings

    return create_app(load_settings())
