"""Deploy the governance and work contracts and write the deployment manifest.

    brownie run scripts/deploy.py --network teal-ganache

Parameters come from config/deploy.yaml (profile from TEAL_DEPLOY_PROFILE, default
`devnet`); the manifest goes to deployments/<network>.json (or TEAL_MANIFEST) and holds
what the indexer needs: chain id, addresses, deployment block and ABIs.

The deploy hands the whole supply to the treasury (timelock) and the profile's named
allocations (vesting ones through TealVesting wallets); the deployer keeps at most
`deployer_keeps` and never votes. Before writing the manifest it checks that no account but
the timelock or the escrow could reach quorum alone, and refuses otherwise (a devnet can
waive this with `allow_capture: true` in its profile or TEAL_ALLOW_CAPTURE=1).
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from brownie import (
    MerkleDistributor,
    StipendStreams,
    TaskBoard,
    TealForwarder,
    TealGovernor,
    TealTimelock,
    TealToken,
    TealVesting,
    Workstreams,
    accounts,
    chain,
    network,
    web3,
)
from brownie.network.account import Account

from scripts.brownie_receipts import confirm_mined_transactions

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "config" / "deploy.yaml"
MANIFEST_VERSION = 1
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
TOKEN_UNIT = 10**18
DAY = 86_400
# The deployer may keep at most this share of quorum (e.g. gas money for a devnet's demo).
DEPLOYER_MAX_SHARE_OF_QUORUM = 0.01
ALLOW_CAPTURE_ENV = "TEAL_ALLOW_CAPTURE"


def load_params(profile: str | None = None) -> dict[str, Any]:
    """The deploy parameters of `profile` (or TEAL_DEPLOY_PROFILE, or `devnet`)."""
    profile = profile or os.environ.get("TEAL_DEPLOY_PROFILE", "devnet")
    profiles = yaml.safe_load(CONFIG_FILE.read_text())
    if profile not in profiles:
        raise SystemExit(f"deploy: no profile {profile!r} in {CONFIG_FILE} (have: {', '.join(profiles)})")
    return profiles[profile]


@dataclass
class Deployment:
    """The deployed contracts, as Brownie objects."""

    token: Any
    timelock: Any
    governor: Any
    deployer: Account
    start_block: int
    # Work contracts (scripts/deploy.py `deploy_work`); None when only governance is deployed.
    workstreams: Any = None
    task_board: Any = None
    # Reward contracts (deployed with the work contracts): merkle epochs and stipend streams.
    distributor: Any = None
    stipends: Any = None
    # The ERC-2771 forwarder both work contracts trust (OpenZeppelin ERC2771Forwarder).
    forwarder: Any = None
    # The parameters deployed with, and the TealVesting wallet of each vesting allocation by name.
    params: dict[str, Any] = field(default_factory=dict)
    vesting: dict[str, Any] = field(default_factory=dict)

    def contracts(self) -> dict[str, Any]:
        contracts = {"TealToken": self.token, "TealTimelock": self.timelock, "TealGovernor": self.governor}
        if self.workstreams is not None:
            contracts["Workstreams"] = self.workstreams
        if self.task_board is not None:
            contracts["TaskBoard"] = self.task_board
        if self.distributor is not None:
            contracts["MerkleDistributor"] = self.distributor
        if self.stipends is not None:
            contracts["StipendStreams"] = self.stipends
        if self.forwarder is not None:
            contracts["TealForwarder"] = self.forwarder
        return contracts


def check_split(params: dict[str, Any]) -> None:
    """The profile hands out exactly its supply: treasury + allocations + deployer_keeps."""
    supply = params["token"]["supply"]
    allocated = sum(a["amount"] for a in params.get("allocations") or [])
    kept = params.get("deployer_keeps", 0)
    if params["treasury"] + allocated + kept != supply:
        raise SystemExit(
            f"deploy: treasury {params['treasury']:,} + allocations {allocated:,} + deployer_keeps {kept:,} "
            f"must equal the supply {supply:,} (config/deploy.yaml)"
        )


def beneficiary(allocation: dict[str, Any]) -> str:
    """The address an allocation goes to: an address, or an index into the node's accounts."""
    to = allocation.get("to")
    if isinstance(to, bool) or to is None or to == "":
        raise SystemExit(
            f"deploy: allocation {allocation['name']!r} has no beneficiary: set its `to` in config/deploy.yaml"
        )
    if isinstance(to, int):
        return _dev_account(to, allocation["name"])
    return str(web3.to_checksum_address(str(to)))


def _dev_account(index: int, name: str) -> str:
    """Account `index` of a local chain: derived from the mnemonic Brownie launched it with
    (m/44'/60'/0'/0/index, as Ganache and Anvil derive their own), else the node's own.

    The mnemonic comes first: a node's account list can grow (keys unlocked later), so its
    eleventh entry is not always the mnemonic's eleventh account."""
    node_accounts = web3.eth.accounts  # not Brownie's `accounts`, which also lists keys added locally
    mnemonic = network.main.CONFIG.active_network.get("cmd_settings", {}).get("mnemonic")
    if not mnemonic and index < len(node_accounts):
        return str(node_accounts[index])
    if not mnemonic:
        raise SystemExit(
            f"deploy: allocation {name!r} goes to account {index}, but the node has {len(node_accounts)} "
            f"accounts and no known mnemonic: give its `to` as an address in config/deploy.yaml"
        )
    from eth_account import Account as EthAccount
    from eth_account.hdaccount import key_from_seed
    from eth_account.hdaccount.mnemonic import Mnemonic

    key = key_from_seed(Mnemonic.to_seed(mnemonic), f"m/44'/60'/0'/0/{index}")
    return str(EthAccount.from_key(key).address)


def with_float(params: dict[str, Any], tokens: int) -> dict[str, Any]:
    """Tests, benches and the narrated walkthrough only: a copy of `params` whose deployer keeps
    `tokens` out of the treasury to hand out to its own holders. That is a capturing balance,
    so the copy also waives the quorum check (`allow_capture`)."""
    floated = copy.deepcopy(params)
    if tokens > floated["treasury"]:
        raise ValueError(f"a float of {tokens:,} is more than the treasury's {floated['treasury']:,}")
    floated["treasury"] -= tokens
    floated["deployer_keeps"] = floated.get("deployer_keeps", 0) + tokens
    floated["allow_capture"] = True
    return floated


def deploy_governance(params: dict[str, Any], deployer: Account) -> Deployment:
    """Deploy token, timelock and governor, wire the roles and hand out the supply.

    After this the governor is the timelock's only proposer, canceller and executor, the
    deployer holds no role on the timelock, the timelock holds `treasury` tokens, each
    allocation is with its beneficiary (or its TealVesting wallet) and the deployer keeps
    `deployer_keeps` tokens, undelegated.
    """
    check_split(params)
    allocations = params.get("allocations") or []
    recipients = [beneficiary(a) for a in allocations]  # refuse a missing one before deploying anything
    tx = {"from": deployer}
    start_block = chain.height + 1
    token_params, gov = params["token"], params["governor"]

    token = TealToken.deploy(
        token_params["name"], token_params["symbol"], deployer, token_params["supply"] * TOKEN_UNIT, tx
    )
    # The deployer is a temporary admin only to wire the governor in; renounced below.
    timelock = TealTimelock.deploy(params["timelock"]["min_delay"], [], [], deployer, tx)
    governor = TealGovernor.deploy(
        token,
        timelock,
        gov["voting_delay"],
        gov["voting_period"],
        gov["proposal_threshold"] * TOKEN_UNIT,
        gov["quorum_percent"],
        gov["late_quorum_extension"],
        tx,
    )
    for role in ("PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        timelock.grantRole(getattr(timelock, role)(), governor, tx)
    timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer, tx)
    token.transfer(timelock, params["treasury"] * TOKEN_UNIT, tx)
    deployment = Deployment(
        token=token, timelock=timelock, governor=governor, deployer=deployer, start_block=start_block, params=params
    )
    for allocation, recipient in zip(allocations, recipients, strict=True):
        vesting = allocation.get("vesting")
        if vesting:
            start = chain.time() + vesting.get("start_days", 0) * DAY
            wallet = TealVesting.deploy(
                recipient, start, vesting["duration_days"] * DAY, vesting.get("cliff_days", 0) * DAY, tx
            )
            deployment.vesting[allocation["name"]] = wallet
            recipient = wallet.address
        token.transfer(recipient, allocation["amount"] * TOKEN_UNIT, tx)
    return deployment


def deploy_work(deployment: Deployment) -> Deployment:
    """Deploy the ERC-2771 forwarder, the Workstreams registry (escrow), the TaskBoard and the
    reward contracts (MerkleDistributor, StipendStreams), administered by the timelock.

    They point at each other immutably: the board's and the reward contracts' addresses are
    computed from the deployer's next nonces and given to the registry, and each of their
    constructors checks that the registry names it. Registry and board trust the forwarder
    (TealForwarder, OpenZeppelin's ERC2771Forwarder) for signed, relayed requests. Nobody but the
    timelock holds any power over any of them; the forwarder has no owner at all.
    Returns `deployment` with the forwarder, the work and the reward contracts filled in.
    """
    deployer = deployment.deployer
    tx = {"from": deployer}
    forwarder = TealForwarder.deploy(tx)
    board_address, distributor_address, stipends_address = (
        deployer.get_deployment_address(deployer.nonce + offset) for offset in (1, 2, 3)
    )
    workstreams = Workstreams.deploy(
        deployment.timelock, board_address, forwarder, distributor_address, stipends_address, tx
    )
    task_board = TaskBoard.deploy(workstreams, tx)
    distributor = MerkleDistributor.deploy(workstreams, tx)
    stipends = StipendStreams.deploy(workstreams, tx)
    for name, contract, expected in (
        ("TaskBoard", task_board, board_address),
        ("MerkleDistributor", distributor, distributor_address),
        ("StipendStreams", stipends, stipends_address),
    ):
        if contract.address != expected:  # the constructor checks make this unreachable
            raise RuntimeError(f"deploy: {name} at {contract.address}, expected {expected}")
    deployment.forwarder = forwarder
    deployment.workstreams = workstreams
    deployment.task_board = task_board
    deployment.distributor = distributor
    deployment.stipends = stipends
    return deployment


def deploy_all(params: dict[str, Any], deployer: Account) -> Deployment:
    """Governance, then the work contracts it administers (unless `work.deploy` is false)."""
    deployment = deploy_governance(params, deployer)
    if params.get("work", {}).get("deploy", True):
        deploy_work(deployment)
    return deployment


def manifest(deployment: Deployment) -> dict[str, Any]:
    """The deployment manifest the indexer reads: chain, addresses, start block, ABIs."""
    return {
        "version": MANIFEST_VERSION,
        "network": network.show_active(),
        "chain_id": chain.id,
        "start_block": deployment.start_block,
        "contracts": {
            name: {"address": contract.address, "abi": contract.abi}
            for name, contract in deployment.contracts().items()
        },
    }


def _tokens(amount: int) -> str:
    return f"{amount / TOKEN_UNIT:,.0f} TEAL"


def quorum_holders(deployment: Deployment) -> list[tuple[str, int, str]]:
    """Accounts that could reach quorum alone, as (address, reachable votes, what) sorted by
    address; the deployer is listed too once it keeps more than 1% of quorum. Reachable votes:
    the account's votes now, plus its balance unless already delegated to itself (it can
    self-delegate at any time), plus what its vesting wallets hold. The timelock (treasury)
    and the escrow (Workstreams) are exempt; a vesting wallet counts for its beneficiary."""
    token = web3.eth.contract(address=deployment.token.address, abi=deployment.token.abi)
    governor = web3.eth.contract(address=deployment.governor.address, abi=deployment.governor.abi)
    quorum = (
        token.functions.totalSupply().call()
        * governor.functions.quorumNumerator().call()
        // (governor.functions.quorumDenominator().call())
    )
    exempt = {deployment.timelock.address}
    if deployment.workstreams is not None:
        exempt.add(deployment.workstreams.address)
    wallets = {w.address: str(w.owner()) for w in deployment.vesting.values()}
    accounts_seen = {deployment.deployer.address}
    for event in token.events.Transfer().get_logs(from_block=deployment.start_block):
        accounts_seen.add(event["args"]["to"])
    for event in token.events.DelegateChanged().get_logs(from_block=deployment.start_block):
        accounts_seen.add(event["args"]["toDelegate"])
    accounts_seen |= set(wallets.values())
    risks = []
    for address in sorted(accounts_seen - exempt - set(wallets)):
        reachable = token.functions.getVotes(address).call()
        if token.functions.delegates(address).call() != address:
            reachable += token.functions.balanceOf(address).call()
        reachable += sum(token.functions.balanceOf(w).call() for w, owner in wallets.items() if owner == address)
        if reachable >= quorum:
            risks.append(
                (
                    address,
                    reachable,
                    f"could reach quorum alone: {_tokens(reachable)} against a quorum of {_tokens(quorum)}",
                )
            )
        elif address == deployment.deployer.address and reachable > quorum * DEPLOYER_MAX_SHARE_OF_QUORUM:
            risks.append(
                (
                    address,
                    reachable,
                    f"(the deployer) keeps {_tokens(reachable)}, more than 1% of the quorum of {_tokens(quorum)}",
                )
            )
    return risks


def capture_allowed(deployment: Deployment) -> bool:
    return bool(deployment.params.get("allow_capture")) or os.environ.get(ALLOW_CAPTURE_ENV, "") not in ("", "0")


_HOW_TO_FIX = (
    "give the supply to the treasury and allocations below quorum in config/deploy.yaml, or on a devnet set "
    f"`allow_capture: true` in the profile or {ALLOW_CAPTURE_ENV}=1"
)


def _share_key(allocation: dict[str, Any]) -> str:
    """Allocations to the same beneficiary add up; one not yet named stands alone."""
    to = allocation.get("to")
    return f"name:{allocation['name']}" if to is None else str(to).lower()


def check_params(params: dict[str, Any]) -> None:
    """Before deploying anything: refuse a profile whose own numbers hand one beneficiary (all its
    allocations together) quorum, or the deployer more than 1% of it. check_capture re-checks
    the chain itself before the manifest is written."""
    if params.get("allow_capture") or os.environ.get(ALLOW_CAPTURE_ENV, "") not in ("", "0"):
        return
    quorum = params["token"]["supply"] * params["governor"]["quorum_percent"] / 100
    shares: dict[str, int] = {}
    for allocation in params.get("allocations") or []:
        shares[_share_key(allocation)] = shares.get(_share_key(allocation), 0) + allocation["amount"]
    for key, amount in shares.items():
        if amount >= quorum:
            names = ", ".join(a["name"] for a in params["allocations"] if _share_key(a) == key)
            raise SystemExit(
                f"deploy: refusing to deploy: allocation {names} could reach quorum alone: "
                f"{amount:,} TEAL against a quorum of {quorum:,.0f} TEAL; {_HOW_TO_FIX}"
            )
    if params.get("deployer_keeps", 0) > quorum * DEPLOYER_MAX_SHARE_OF_QUORUM:
        raise SystemExit(
            f"deploy: refusing to deploy: the deployer keeps {params['deployer_keeps']:,} TEAL, more "
            f"than 1% of the quorum of {quorum:,.0f} TEAL; {_HOW_TO_FIX}"
        )


def check_capture(deployment: Deployment) -> None:
    """Refuse, in one line, a deployment where one account besides the timelock or escrow
    could reach quorum alone (unless the profile or TEAL_ALLOW_CAPTURE=1 allows it)."""
    if capture_allowed(deployment):
        return
    risks = quorum_holders(deployment)
    if risks:
        address, _, what = risks[0]
        more = f" (and {len(risks) - 1} more)" if len(risks) > 1 else ""
        raise SystemExit(f"deploy: refusing to write the manifest: {address} {what}{more}; {_HOW_TO_FIX}")


def write_manifest(deployment: Deployment, path: Path | None = None) -> Path:
    """Write the manifest (after check_capture: a capturable deployment gets none)."""
    check_capture(deployment)
    path = path or Path(os.environ.get("TEAL_MANIFEST") or ROOT / "deployments" / f"{network.show_active()}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest(deployment), indent=2))
    tmp.replace(path)  # readers never see a half-written manifest
    return path


def confirm_live_network() -> None:
    """Ask before spending real funds: anything but a local development chain is live."""
    if network.show_active() in ("development",) or "cmd" in network.main.CONFIG.active_network:
        return
    answer = input(f"Deploy to live network {network.show_active()!r}? Type 'yes': ")
    if answer.strip() != "yes":
        raise SystemExit("deploy: cancelled")


def main() -> Deployment:
    confirm_mined_transactions()
    params = load_params()
    deployer = accounts[0]
    print(f"network: {network.show_active()} (chain id {chain.id})")
    print(f"deployer: {deployer.address}")
    print(f"parameters: {json.dumps(params)}")
    check_params(params)  # before spending gas; the manifest is checked against the chain again
    confirm_live_network()

    deployment = deploy_all(params, deployer)
    for name, contract in deployment.contracts().items():
        print(f"{name}: {contract.address}")
    for name, wallet in deployment.vesting.items():
        print(f"vesting {name}: {wallet.address} (for {wallet.owner()})")
    print(f"manifest: {write_manifest(deployment)}")
    return deployment
