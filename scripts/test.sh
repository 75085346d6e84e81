#!/usr/bin/env bash
# Install whatever is missing, then run the whole test suite.
#   scripts/test.sh               # on Ganache
#   scripts/test.sh --anvil       # the same suite on Anvil
#   scripts/test.sh tests/unit -k vote   # any other arguments go to `brownie test`
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

network=teal-test-ganache
args=()
for arg in "$@"; do
  case "$arg" in
    --anvil) network=teal-test-anvil ;;
    *) args+=("$arg") ;;
  esac
done
bash scripts/lint.sh
if [ ${#args[@]} -eq 0 ] && [ "$network" = teal-test-ganache ]; then
  # The suite runs on Ganache; what only Anvil can do (its own reorg RPC) runs there first.
  brownie test tests/indexer/test_reorgs.py -k anvil_reorg --network teal-test-anvil
fi
exec brownie test --durations=15 "${args[@]}" --network "$network"
