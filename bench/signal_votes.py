"""Signal-hub votes accepted per second (signature check + voting power, the hub's `check`),
cache cold and warm, next to a bare eth_account ecrecover loop in the same run.

Starts its own Ganache on a free port, deploys TealToken from Brownie's build artifact
(`brownie compile` first), gives N voters delegated tokens, opens one signal proposal in a
SQLite hub and times `Hub.check` over N pre-signed votes. Run: `python bench/signal_votes.py`.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eth_account import Account
from web3 import Web3

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.content.local_store import LocalStore
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.http.hub.hub import Hub, proposals_t
from api.hub import typed
from api.hub.spaces import Space, Strategy

ROOT = Path(__file__).resolve().parents[1]
N = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    port = free_port()
    node = subprocess.Popen(
        [str(ROOT / "node_modules/.bin/ganache"), "--server.port", str(port), "--chain.chainId", "1337",
         "--hardfork", "shanghai", "--wallet.totalAccounts", "1", "--logging.quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        run(port)
    finally:
        node.terminate()
        node.wait()


def run(port: int) -> None:
    w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{port}"))
    for _ in range(100):
        try:
            w3.eth.block_number  # noqa: B018
            break
        except Exception:  # noqa: BLE001
            time.sleep(0.1)
    art = json.loads((ROOT / "build/contracts/TealToken.json").read_text())
    deployer = w3.eth.accounts[0]
    factory = w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
    tx = factory.constructor("Teal", "TEAL", deployer, 10**9 * 10**18).transact({"from": deployer})
    token = w3.eth.contract(address=w3.eth.wait_for_transaction_receipt(tx).contractAddress, abi=art["abi"])
    voters = [Account.create() for _ in range(N)]
    for v in voters:
        w3.eth.wait_for_transaction_receipt(token.functions.transfer(v.address, 10**18).transact({"from": deployer}))
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    snapshot = w3.eth.block_number - 1
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]

    tmp = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{tmp / 'hub.db'}")
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    space = Space(id="dao", name="bench", network="1337",
                  strategies=(Strategy(name="erc20-balance-of", params={"address": token.address}),))  # fmt: skip
    hub = Hub(spaces={"dao": space}, w3=w3, sessions=sessions, store=LocalStore(root=tmp / "store"), key=None)
    now = int(time.time())
    with sessions.begin() as s:
        s.execute(proposals_t.insert().values(
            id="0xbench", ipfs="", space="dao", author=deployer, created=now, type="single-choice",
            title="bench", body="", discussion="", choices=["A", "B"], start=now - 10, end=now + 3600,
            snapshot=snapshot, canceled=False, updates=[],
        ))  # fmt: skip
    types = {"Vote": typed.VOTE_NUMBER}
    envelopes, signables = [], []
    for i, v in enumerate(voters):
        msg = {"from": v.address, "space": "dao", "timestamp": now, "proposal": "0xbench", "choice": 1 + i % 2,
               "reason": "", "app": "", "metadata": "{}"}  # fmt: skip
        sm = typed.signable(typed.DOMAIN, types, msg)
        sig = "0x" + v.sign_message(sm).signature.hex()
        envelopes.append(
            {"address": v.address, "sig": sig, "data": {"domain": typed.DOMAIN, "types": types, "message": msg}}
        )
        signables.append((sm, sig))

    def timed(fn: object) -> float:
        start = time.perf_counter()
        for _item in fn():  # type: ignore[operator]
            pass
        return N / (time.perf_counter() - start)

    bare = timed(lambda: (Account.recover_message(sm, signature=sig) for sm, sig in signables))
    cold = timed(lambda: (hub.check(e) for e in envelopes))
    warm = timed(lambda: (hub.check(e) for e in envelopes))
    assert all(hub.check(e).vp == 1.0 for e in envelopes[:3])
    print(f"votes checked: {N} (single-choice, erc20-balance-of through Ganache)")
    print(f"bare eth_account ecrecover : {bare:8.0f} /s")
    print(f"hub.check, cache cold      : {cold:8.0f} /s  ratio {cold / bare:.2f}")
    print(f"hub.check, cache warm      : {warm:8.0f} /s  ratio {warm / bare:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
