#!/usr/bin/env bash
# Slither (static analysis) over the project's contracts, each compiled by the project's
# solc-js through tools/slither_solc.py; Slither lives in a virtualenv of its own
# (.venv-slither), since its pins (crytic-compile, web3) differ from Brownie's.
#   scripts/slither.sh                      # medium and high findings, every contract
#   scripts/slither.sh --exclude-low ...    # other arguments go to slither
# The triage of every finding is in docs/contracts.md ("Static analysis"). Like Slither, it exits
# non-zero while any finding is reported.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
venv=.venv-slither
if [ ! -x "$venv/bin/slither" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet slither-analyzer==0.11.6
fi
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--exclude-informational --exclude-low --exclude-optimization)
status=0
for contract in contracts/governance/*.sol contracts/work/TaskBoard.sol contracts/work/Workstreams.sol \
  contracts/work/TealForwarder.sol contracts/rewards/MerkleDistributor.sol contracts/rewards/StipendStreams.sol; do
  echo "== $contract"
  "$venv/bin/slither" "$contract" --solc tools/slither_solc.py \
    --solc-remaps "@openzeppelin/=node_modules/@openzeppelin/" --filter-paths "node_modules|contracts/test" \
    "${args[@]}" || status=$?
done
exit "$status"
