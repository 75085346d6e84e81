"""Deploy the governance and work contracts and write the deployment manifest.

    brownie run scripts/deploy.py --network teal-ganache

Parameters come from config/deploy.yaml (profile from TEAL_DEPLOY_PROFILE, default
`devnet`); the manifest goes to deployments/<network>.json (or TEAL_MANIFEST) and holds
what the indexer needs: chain id, addresses, deployment block and ABIs.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from brownie import TaskBoard, TealGovernor, TealTimelock, TealToken, Workstreams, accounts, chain, network
from brownie.network.account import Account

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "config" / "deploy.yaml"
MANIFEST_VERSION = 1
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
TOKEN_UNIT = 10**18


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

    def contracts(self) -> dict[str, Any]:
        contracts = {"TealToken": self.token, "TealTimelock": self.timelock, "TealGovernor": self.governor}
        if self.workstreams is not None:
            contracts["Workstreams"] = self.workstreams
        if self.task_board is not None:
            contracts["TaskBoard"] = self.task_board
        return contracts


def deploy_governance(params: dict[str, Any], deployer: Account) -> Deployment:
    """Deploy token, timelock and governor, wire the roles and fund the treasury.

    After this the governor is the timelock's only proposer, canceller and executor, the
    deployer holds no role on the timelock, and the timelock holds `treasury` tokens.
    """
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
        tx,
    )
    for role in ("PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        timelock.grantRole(getattr(timelock, role)(), governor, tx)
    timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer, tx)
    token.transfer(timelock, params["treasury"] * TOKEN_UNIT, tx)
    return Deployment(token=token, timelock=timelock, governor=governor, deployer=deployer, start_block=start_block)


def deploy_work(deployment: Deployment) -> Deployment:
    """Deploy the Workstreams registry (escrow) and the TaskBoard, administered by the timelock.

    The two point at each other immutably: the board's address is computed from the
    deployer's next nonce and given to the registry, and the board's constructor checks that
    the registry names it. Nobody but the timelock holds any power over either contract.
    Returns `deployment` with `workstreams` and `task_board` filled in.
    """
    deployer = deployment.deployer
    tx = {"from": deployer}
    board_address = deployer.get_deployment_address(deployer.nonce + 1)
    workstreams = Workstreams.deploy(deployment.timelock, board_address, tx)
    task_board = TaskBoard.deploy(workstreams, tx)
    if task_board.address != board_address:  # the constructor check makes this unreachable
        raise RuntimeError(f"deploy: TaskBoard at {task_board.address}, expected {board_address}")
    deployment.workstreams = workstreams
    deployment.task_board = task_board
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


def write_manifest(deployment: Deployment, path: Path | None = None) -> Path:
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
    params = load_params()
    deployer = accounts[0]
    print(f"network: {network.show_active()} (chain id {chain.id})")
    print(f"deployer: {deployer.address}")
    print(f"parameters: {json.dumps(params)}")
    confirm_live_network()

    deployment = deploy_all(params, deployer)
    for name, contract in deployment.contracts().items():
        print(f"{name}: {contract.address}")
    print(f"manifest: {write_manifest(deployment)}")
    return deployment
