"""One contributor: tasks done, earnings per token, reviews given, votes, delegation, power."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.http.deps import SessionDep, checked_address
from api.http.queries.contributors import contributor
from api.http.schemas.contributors import ContributorOut

router = APIRouter(prefix="/contributors", tags=["contributors"])
AddressPath = Annotated[
    str,
    Path(
        max_length=64,
        description="0x address.",
        examples=["0x66aB6D9362d4F35596279692F0251Db635165871"],
    ),
]


@router.get("/{address}", response_model=ContributorOut, summary="Everything one address did and holds.")
def get_contributor(address: AddressPath, session: SessionDep) -> ContributorOut:
    return contributor(session, checked_address(address, "path.address"))
