"""What every HTTP model shares: amounts, addresses, the enums' labels as Literal types, `Out`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.chain import types as chain_types

Amount = Annotated[str, Field(pattern=r"^[0-9]{1,78}$", examples=["1000000000000000000"])]
AddressStr = Annotated[str, Field(examples=["0x66aB6D9362d4F35596279692F0251Db635165871"])]
HexStr = Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]*$")]

PROPOSAL_STATES = tuple(state.label for state in chain_types.ProposalState)
if TYPE_CHECKING:
    ProposalState = str
    TaskStatus = str
    SupportName = str
else:  # the enums' labels as Literal types, so the OpenAPI schema lists them
    ProposalState = Literal[PROPOSAL_STATES]
    TaskStatus = Literal[chain_types.TaskStatus.labels()]
    SupportName = Literal[tuple(s.label for s in chain_types.Support)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)
