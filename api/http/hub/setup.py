"""Wiring the hub into the API app: `install_hub(app, state)` (called by create_app, which
also includes the hub's REST routes, api.http.routes.snapshot)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy import select

from api.db import models
from api.http.deps import AppState
from api.http.hub.hub import Hub
from api.hub.spaces import Space, dao_space, document_spaces, workstream_space

log = logging.getLogger(__name__)


def build_spaces(state: AppState) -> dict[str, Space]:
    manifest = state.chain.manifest
    threshold = quorum = 0.0
    governor = state.chain.governor
    if governor is not None:
        try:
            threshold = int(governor.functions.proposalThreshold().call()) / 10**18
            # The Governor's quorum at the last mined block: the signal vote asks as much as the binding one.
            head = int(state.chain.w3.eth.block_number)
            quorum = int(governor.functions.quorum(max(head - 1, 0)).call()) / 10**18
        except Exception as exc:  # noqa: BLE001 - the node may be down at start; 0 until known
            log.warning("proposalThreshold/quorum unavailable (%s): the DAO space's are 0", exc)
    spaces: dict[str, Space] = {}
    dao = dao_space(manifest, threshold=threshold, quorum=quorum)
    if dao is not None:
        spaces[dao.id] = dao
    with state.sessions() as session:
        for ws in session.scalars(select(models.Workstream)):
            space = workstream_space(ws.id, ws.name, str(manifest.chain_id))
            spaces[space.id] = space
    for space in document_spaces(state.store):
        spaces[space.id] = space
    return spaces


def install_hub(app: FastAPI, state: AppState) -> None:
    from api.http.hub.graphql import graphql_app

    state.extra["hub"] = Hub(
        spaces=build_spaces(state),
        w3=state.chain.w3,
        sessions=state.sessions,
        store=state.store,
        key=state.relayer.account if state.relayer else None,
    )
    # An ASGI app as a route (not a mount): /graphql answers without a redirect to /graphql/.
    app.add_route("/graphql", graphql_app(), methods=["GET", "POST"], include_in_schema=False)  # type: ignore[arg-type]
