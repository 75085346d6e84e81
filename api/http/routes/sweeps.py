"""Sweeps: governance's recovery of tokens sent to the escrow or the board by mistake."""

from __future__ import annotations

from fastapi import APIRouter

from api.http.deps import SessionDep, SettingsDep, page_limit
from api.http.pagination import Page
from api.http.queries.accounts import sweeps
from api.http.routes.common import Cursor, Limit
from api.http.schemas.accounts import SweepOut

router = APIRouter(prefix="/sweeps", tags=["treasury"])


@router.get(
    "",
    response_model=Page[SweepOut],
    summary="Tokens sent by mistake and swept to the treasury (Workstreams.sweep, TaskBoard.sweep), newest first.",
)
def list_sweeps(
    session: SessionDep, settings: SettingsDep, limit: Limit = None, cursor: Cursor = None
) -> Page[SweepOut]:
    return sweeps(session, size=page_limit(settings, limit), cursor=cursor)
