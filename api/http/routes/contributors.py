"""One contributor: tasks done, earnings per token, reviews given, votes, delegation, power;
its nonces (what its next signatures must carry) and what the escrow owes it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.http.deps import ChainDep, SessionDep, checked_address
from api.http.queries.accounts import nonces, owed
from api.http.queries.contributors import contributor
from api.http.schemas.accounts import AccountOwedOut, NoncesOut
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


@router.get(
    "/{address}/nonces",
    response_model=NoncesOut,
    summary="The nonces the address's next signatures carry (forwarder, governor, tokens) and its claim nonces.",
)
def get_nonces(address: AddressPath, session: SessionDep, chain: ChainDep) -> NoncesOut:
    """Forwarder, governor and token nonces are read from the chain now (503 `chain_unavailable`
    when the node does not answer); used and cancelled claim nonces come from the index."""
    return nonces(session, chain, checked_address(address, "path.address"))


@router.get(
    "/{address}/owed",
    response_model=AccountOwedOut,
    summary="What the Workstreams escrow owes the address, per token (Workstreams.withdrawOwed pulls it).",
)
def get_owed(address: AddressPath, session: SessionDep) -> AccountOwedOut:
    return owed(session, checked_address(address, "path.address"))
