"""An account's signing state and pull balances: the nonces its next signatures must carry,
what the Workstreams escrow owes it, and governance's sweeps of tokens sent by mistake."""

from __future__ import annotations

from pydantic import Field

from api.http.schemas.common import AddressStr, Amount, Out


class ContractNonce(Out):
    contract: AddressStr
    nonce: Amount = Field(description="The nonce the account's next signature for this contract must carry.")


class TokenNonce(ContractNonce):
    symbol: str | None = Field(description="The token's symbol, when it has one.")


class NoncesOut(Out):
    address: AddressStr
    forwarder: ContractNonce | None = Field(
        description="TealForwarder's `nonces(address)`: the next ERC-2771 ForwardRequest (`--relay`, "
        "`POST /relay/forward`); null when the deployment has no forwarder."
    )
    governor: ContractNonce | None = Field(
        description="TealGovernor's `nonces(address)`: the next ballot signed for `POST /relay/votes`."
    )
    tokens: list[TokenNonce] = Field(
        description="`nonces(address)` of TealToken and of each team's budget token that has EIP-2612 permit: "
        "the next permit (a bond in `claimWithPermit`) or, on TealToken, delegation (`POST /relay/delegations`); "
        "permits and delegations share it."
    )
    claim_nonces_used: list[Amount] = Field(
        description="TaskBoard claim-signature nonces used by a claim (unordered, Permit2-style), as indexed."
    )
    claim_nonces_cancelled: list[Amount] = Field(
        description="Claim-signature nonces the account cancelled (`cancelClaimNonces`), as indexed."
    )
    block: int | None = Field(description="The chain block the live nonces were read at.")


class OwedOut(Out):
    token: AddressStr
    owed: Amount = Field(description="What the Workstreams escrow owes now: deferred minus withdrawn.")
    deferred: Amount = Field(description="Every payment and returned bond whose push transfer failed, in all.")
    withdrawn: Amount = Field(description="Everything withdrawn with `withdrawOwed`, in all.")
    deferred_payments: int = Field(description="How many payments or returned bonds were deferred.")


class AccountOwedOut(Out):
    address: AddressStr
    items: list[OwedOut] = Field(
        description="One entry per token ever owed to the account, by token address; pull it with "
        "`teal task withdraw-owed` (Workstreams.withdrawOwed)."
    )
    indexed_block: int | None = Field(description="The last indexed block these balances follow.")


class SweepOut(Out):
    contract: str = Field(description="Workstreams (the escrow) or TaskBoard.")
    token: AddressStr
    to: AddressStr = Field(description="Where the tokens went (the timelock treasury).")
    amount: Amount
    block: int
    tx_hash: str
    at: int | None
