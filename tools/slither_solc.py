#!/usr/bin/env python3
"""Slither-only shim: turn crytic-compile's legacy `solc <remaps> <file> --combined-json ...`
call into a standard-JSON run of the project's solc-js adapter, and answer in combined-json.

`slither . --compile-force-framework brownie` cannot analyse this project: Brownie keeps one
artifact per contract name, so OpenZeppelin's re-export files (interfaces/IERC165.sol,
interfaces/IERC1271.sol) have none and crytic-compile fails with "... does not exist"; and
a plain `brownie compile` even drops some library artifacts until `brownie compile --all`.
Run Slither per contract through this shim instead (Slither in its own virtualenv):

    slither contracts/work/TaskBoard.sol --solc tools/slither_solc.py \
        --solc-remaps "@openzeppelin/=node_modules/@openzeppelin/" --filter-paths "node_modules|contracts/test"
"""

import json
import subprocess
import sys
from pathlib import Path

ADAPTER = str(Path(__file__).resolve().parent / "solc" / "solc-v0.8.28")
args = sys.argv[1:]
if args[:1] == ["--version"]:
    sys.exit(subprocess.call([ADAPTER, "--version"]))
remaps = [a for a in args if "=" in a and not a.startswith("-")]
files = [a for a in args if a.endswith(".sol")]
inp = {
    "language": "Solidity",
    "sources": {f: {"urls": [f]} for f in files},
    "settings": {
        "remappings": remaps,
        "evmVersion": "shanghai",
        "optimizer": {"enabled": True, "runs": 200},
        "outputSelection": {
            "*": {
                "*": ["abi", "evm.bytecode", "evm.deployedBytecode", "evm.methodIdentifiers", "userdoc", "devdoc"],
                "": ["ast"],
            }
        },
    },
}
for f in files:
    inp["sources"][f] = {"content": open(f).read()}
out = json.loads(
    subprocess.run(
        [ADAPTER, "--standard-json", "--allow-paths", "."],
        input=json.dumps(inp),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
)
errors = [e for e in out.get("errors", []) if e["severity"] == "error"]
if errors:
    sys.stderr.write("\n".join(e["formattedMessage"] for e in errors))
    sys.exit(1)
contracts = {}
for path, named in out["contracts"].items():
    for name, c in named.items():
        contracts[f"{path}:{name}"] = {
            "abi": c["abi"],
            "bin": c["evm"]["bytecode"]["object"],
            "bin-runtime": c["evm"]["deployedBytecode"]["object"],
            "srcmap": c["evm"]["bytecode"]["sourceMap"],
            "srcmap-runtime": c["evm"]["deployedBytecode"]["sourceMap"],
            "userdoc": c["userdoc"],
            "devdoc": c["devdoc"],
            "hashes": c["evm"]["methodIdentifiers"],
        }
source_list = sorted(out["sources"], key=lambda p: out["sources"][p]["id"])
print(
    json.dumps(
        {
            "contracts": contracts,
            "sources": {p: {"AST": out["sources"][p]["ast"]} for p in source_list},
            "sourceList": source_list,
            "version": "0.8.28+commit.7893614a.Emscripten.clang",
        }
    )
)
