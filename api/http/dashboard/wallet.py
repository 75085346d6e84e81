"""What the dashboard's wallet module (static/wallet.js, built from wallet/src by esbuild) reads
from its own origin: the chain and contract facts it acts on, revert data explained in the
CLI's own words (api/chain/errors.py, one table for both), and the EIP-712 typed data of a
document the wallet signs, built by api/content/signing.py so the API verifies what was signed.

Reads stay server-rendered; these endpoints only serve the actions.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.chain import typed_data as typed_data_builders
from api.chain.client import Token
from api.chain.errors import ErrorCatalog, explain
from api.chain.forwarding import FORWARD_TARGETS, FORWARDER
from api.content import Document, parse_document
from api.content.errors import ContentError
from api.content.signing import content_digest, typed_data
from api.http.dashboard.security import SECURITY_HEADERS
from api.http.deps import SessionDep, StateDep, checked_address
from api.http.errors import ApiError
from api.http.queries.rewards import posted_leaf

log = logging.getLogger(__name__)
router = APIRouter(prefix="/dashboard", include_in_schema=False)
BUNDLE = Path(__file__).parent / "static" / "wallet.js"

# The contract functions the page calls, by contract; their ABI entries come from the manifest
# the server runs with, so a changed signature (claim's arguments) reaches the page unedited.
FUNCTIONS = {
    "TaskBoard": ["claim", "claimBySig", "abandon", "submit", "approve", "reject", "reopenExpired", "createTask"],
    "TealGovernor": ["castVote", "castVoteWithReason", "propose", "queue", "execute", "hasVoted"],
    "TealToken": ["delegate", "delegates", "decimals", "transfer"],
    "Workstreams": [
        "withdrawOwed",
        "owed",
        "proposeMemberChange",
        "approveMemberChange",
        "hasApprovedMemberChange",
        "withdrawMemberChange",
    ],
    "MerkleDistributor": ["claim", "isClaimed"],
}


def bundle_version() -> str:
    try:
        return hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


@lru_cache(maxsize=2)
def _bundle(mtime_ns: int) -> tuple[bytes, bytes]:
    """The bundle and its gzip (compressed once per build, keyed by its modification time)."""
    code = BUNDLE.read_bytes()
    return code, gzip.compress(code, 9, mtime=0)


@router.get("/static/wallet.js")
async def wallet_js(request: Request) -> Response:
    try:
        code, zipped = _bundle(BUNDLE.stat().st_mtime_ns)
    except OSError:
        raise ApiError(404, "bundle_missing", "the wallet bundle is not built: run scripts/setup.sh") from None
    headers = {**SECURITY_HEADERS, "Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        return Response(zipped, media_type="text/javascript", headers={**headers, "Content-Encoding": "gzip"})
    return Response(code, media_type="text/javascript", headers=headers)


@router.get("/wallet/config.json")
def config(state: StateDep) -> JSONResponse:
    """Chain id, the node to add to a wallet, contract addresses and the ABI entries the page
    calls, the document signing domain and whether the relay pays for gas."""
    manifest = state.chain.manifest
    contracts: dict[str, Any] = {}
    for name, wanted in FUNCTIONS.items():
        deployed = manifest.contracts.get(name)
        if deployed is None:
            continue
        contracts[name] = {
            "address": to_checksum_address(deployed.address),
            "abi": [item for item in deployed.abi if item.get("type") == "function" and item.get("name") in wanted],
        }
    return JSONResponse(
        {
            "chainId": manifest.chain_id,
            "rpcUrl": state.settings.rpc_url,
            "contracts": contracts,
            "documentDomain": state.domain.eip712_domain(),
            "relayer": state.relayer.address if state.relayer is not None else None,
            # Member and contributor actions the relayer can send through the forwarder (ERC-2771).
            "forwarder": to_checksum_address(manifest.contracts[FORWARDER].address)
            if FORWARDER in manifest.contracts and state.relayer is not None
            else None,
        },
        headers=SECURITY_HEADERS,
    )


class RevertIn(BaseModel):
    data: str = Field(max_length=20_000, pattern=r"^0x[0-9a-fA-F]*$")


class _ChainContext:
    """The reads `explain` makes for context (who holds a claim, budgets), over the API's
    ChainView instead of the CLI's ChainClient."""

    def __init__(self, state: Any) -> None:
        self.contracts = state.chain.contracts
        self.w3 = state.chain.w3

    def call(self, contract_name: str, function: str, *args: Any) -> Any:
        return self.contracts[contract_name].functions[function](*args).call()

    def token(self, address: str) -> Token:
        erc20 = self.contracts.get("TealToken")
        contract = self.w3.eth.contract(address=to_checksum_address(address), abi=erc20.abi)
        return Token(
            to_checksum_address(address), contract.functions.symbol().call(), int(contract.functions.decimals().call())
        )


@router.post("/wallet/explain")
def explain_revert(body: RevertIn, state: StateDep) -> JSONResponse:
    """Revert data in the one-line words `teal` prints for it."""
    catalog = state.extra.get("wallet_errors")
    if not isinstance(catalog, ErrorCatalog):
        catalog = state.extra["wallet_errors"] = ErrorCatalog(state.chain.manifest, state.chain.w3.codec)
    revert = catalog.decode(body.data)
    if revert is None:
        message = (
            "the contract refused without a reason it names"
            if body.data in ("", "0x")
            else (f"the contract refused with data this deployment does not name ({body.data[:10]})")
        )
        return JSONResponse({"code": "reverted", "message": message}, headers=SECURITY_HEADERS)
    return JSONResponse(
        {"code": revert.code, "name": revert.name, "message": explain(revert, _ChainContext(state))},
        headers=SECURITY_HEADERS,
    )


class UnsignedIn(BaseModel):
    schema_: str = Field(alias="schema", max_length=64)
    body: dict[str, Any]
    author: str = Field(max_length=64)


@router.post("/wallet/typed-document")
def typed_document(payload: UnsignedIn, state: StateDep) -> JSONResponse:
    """The EIP-712 typed data the author's wallet signs for this document (schema-checked
    first: a document the API would refuse is refused here, before the wallet asks)."""
    author = checked_address(payload.author, "body.author")
    try:
        unsigned = parse_document({"schema": payload.schema_, "body": payload.body})
    except ContentError as exc:
        raise ApiError(422, "invalid_document", str(exc), field="body.body") from None
    document = Document(schema_id=unsigned.schema_id, body=unsigned.body, body_json=unsigned.body_json, author=author)
    data = typed_data(document, state.domain)
    data["message"]["contentDigest"] = "0x" + content_digest(document).hex()
    return JSONResponse({"typed_data": data}, headers=SECURITY_HEADERS)


class ClaimTypedIn(BaseModel):
    task_id: int = Field(ge=0, lt=2**63)
    claimant: str = Field(max_length=64)
    reward: str = Field(pattern=r"^[0-9]{1,78}$", description="The reward the page showed (base units).")
    max_bond: str = Field(pattern=r"^[0-9]{1,78}$", description="The bond the page showed (base units).")
    valid_seconds: int = Field(default=3600, ge=60, le=7 * 86400)


@router.post("/wallet/typed-claim")
def typed_claim(payload: ClaimTypedIn, state: StateDep) -> JSONResponse:
    """The TaskBoard `Claim` a claimant signs for the relay (api/chain/typed_data.claim, the
    builder `teal task claim --relay` uses), binding the reward and bond the page showed, with a
    fresh unordered nonce and a deadline
    `valid_seconds` after the chain's latest block; the relay request's body beside it."""
    claimant = checked_address(payload.claimant, "body.claimant")
    board = state.chain.contracts.get("TaskBoard")
    if board is None:
        raise ApiError(404, "contract_not_deployed", "TaskBoard is not in this deployment's manifest")
    nonce = typed_data_builders.claim_nonce()
    reward, max_bond = int(payload.reward), int(payload.max_bond)
    if max(reward, max_bond) >= 2**256:
        raise ApiError(422, "invalid_request", "reward and bond must fit in uint256", field="body.reward")
    deadline = int(state.chain.w3.eth.get_block("latest")["timestamp"]) + payload.valid_seconds
    board_domain = typed_data_builders.board_domain(
        chain_id=state.chain.manifest.chain_id, verifying_contract=board.address
    )
    typed = typed_data_builders.claim(
        domain=board_domain,
        task_id=payload.task_id,
        claimant=claimant,
        reward=reward,
        max_bond=max_bond,
        nonce=nonce,
        deadline=deadline,
    )
    # Amounts and the 64-bit nonce pass 2**53: as JSON numbers a wallet's JavaScript would round
    # them (Ganache's signer refuses them), so uint values travel as decimal strings, as wallets accept.
    typed["message"] = {k: str(v) if isinstance(v, int) else v for k, v in typed["message"].items()}
    relay = {
        "task_id": payload.task_id,
        "claimant": claimant,
        "reward": str(reward),
        "max_bond": str(max_bond),
        "nonce": str(nonce),
        "deadline": deadline,
    }
    return JSONResponse(
        {"typed_data": typed, "relay": relay},
        headers=SECURITY_HEADERS,
    )


class BallotTypedIn(BaseModel):
    proposal_id: str = Field(pattern=r"^[0-9]{1,78}$")
    support: int = Field(ge=0, le=2)
    voter: str = Field(max_length=64)


@router.post("/wallet/typed-ballot")
def typed_ballot(payload: BallotTypedIn, state: StateDep) -> JSONResponse:
    """The Governor `Ballot` a holder signs for the relay (the builder `teal vote --relay` uses)."""
    voter = checked_address(payload.voter, "body.voter")
    governor = state.chain.governor
    if governor is None:
        raise ApiError(404, "contract_not_deployed", "TealGovernor is not in this deployment's manifest")
    proposal_id = int(payload.proposal_id)
    if proposal_id >= 2**256:
        raise ApiError(422, "invalid_request", "proposal_id does not fit in uint256", field="body.proposal_id")
    typed = typed_data_builders.ballot(
        domain=typed_data_builders.domain(
            name=governor.functions.name().call(),
            chain_id=state.chain.manifest.chain_id,
            verifying_contract=governor.address,
        ),
        proposal_id=proposal_id,
        support=payload.support,
        voter=voter,
        nonce=int(governor.functions.nonces(voter).call()),
    )
    typed["message"]["proposalId"] = str(proposal_id)  # beyond a JavaScript number's precision
    return JSONResponse(
        {"typed_data": typed, "relay": {"proposal_id": str(proposal_id), "support": payload.support, "voter": voter}},
        headers=SECURITY_HEADERS,
    )


class ForwardTypedIn(BaseModel):
    sender: str = Field(alias="from", max_length=64)
    to: str = Field(
        max_length=64, description="TaskBoard, Workstreams, MerkleDistributor or StipendStreams of this deployment."
    )
    data: str = Field(max_length=40_000, pattern=r"^0x([0-9a-fA-F]{2})*$")
    gas: int = Field(ge=21_000, lt=2**63)


@router.post("/wallet/typed-forward")
def typed_forward(payload: ForwardTypedIn, state: StateDep) -> JSONResponse:
    """The ERC-2771 `ForwardRequest` a member or contributor signs so the relayer sends their
    action (`POST /relay/forward` checks and sends it): built by api/chain/typed_data, as the
    CLI's relayed actions are, with the signer's forwarder nonce and a deadline an hour (at most
    the relay's limit) after the chain's latest block; the relay request's body beside it."""
    sender = checked_address(payload.sender, "body.from")
    to = checked_address(payload.to, "body.to")
    contracts = state.chain.contracts
    forwarder = contracts.get(FORWARDER)
    if forwarder is None or state.relayer is None:
        raise ApiError(404, "relay_unavailable", "this deployment has no relayer or forwarder: send it yourself")
    if to.lower() not in {contracts[n].address.lower() for n in FORWARD_TARGETS if n in contracts}:
        raise ApiError(422, "untrusted_target", f"{to} does not trust the forwarder", field="body.to")
    chain_time = int(state.chain.w3.eth.get_block("latest")["timestamp"])
    deadline = chain_time + min(3600, state.settings.relay_max_deadline_seconds)
    nonce = int(forwarder.functions.nonces(sender).call())
    typed = typed_data_builders.forward_request(
        domain=typed_data_builders.forwarder_domain(
            chain_id=state.chain.manifest.chain_id, verifying_contract=forwarder.address
        ),
        sender=sender,
        to=to,
        data=bytes.fromhex(payload.data[2:]),
        nonce=nonce,
        deadline=deadline,
        gas=payload.gas,
    )
    typed["message"] = {**typed["message"], "data": payload.data.lower(), "gas": str(payload.gas), "nonce": str(nonce)}
    relay = {
        "from": sender,
        "to": to,
        "value": "0",
        "gas": str(payload.gas),
        "nonce": str(nonce),
        "deadline": deadline,
        "data": payload.data.lower(),
        "chain_id": state.chain.manifest.chain_id,
    }
    return JSONResponse({"typed_data": typed, "relay": relay}, headers=SECURITY_HEADERS)


@router.get("/wallet/epoch-leaf")
def epoch_leaf(
    state: StateDep,
    session: SessionDep,
    epoch: int = Query(ge=0, lt=2**63),
    account: str = Query(max_length=64),
) -> JSONResponse:
    """The leaf of an epoch's distribution that pays `account`, with its merkle proof, for the
    page's claim button (`MerkleDistributor.claim(epoch, index, account, amount, proof)`);
    `leaf` is null when the distribution pays the account nothing."""
    leaf = posted_leaf(state.store, session, epoch, checked_address(account, "query.account"))
    if leaf is None:
        return JSONResponse({"epoch": epoch, "leaf": None}, headers=SECURITY_HEADERS)
    return JSONResponse(
        {
            "epoch": epoch,
            "leaf": {
                "index": str(leaf.index),
                "account": leaf.account,
                "amount": str(leaf.amount),
                "proof": ["0x" + p.hex() for p in leaf.proof],
                "claimed": leaf.claimed,
            },
        },
        headers=SECURITY_HEADERS,
    )
