#!/usr/bin/env bash
# Install whatever is missing, then run the whole test suite.
#   scripts/test.sh               # on Ganache, the contract tests on Anvil as well (CI runs this)
#   scripts/test.sh --anvil       # the same suite on Anvil
#   scripts/test.sh tests/unit -k vote   # any other arguments go to `brownie test`
# The whole suite runs on TEAL_TEST_WORKERS processes (pytest-xdist; default: the machine's
# cores, at most 4), each with its own chain on the network's port + its number; 1 turns that off.
# Runs with arguments use one process unless they pass -n themselves.
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
# Paths first: `brownie test` runs the whole tests/ folder when its first argument is an option.
if [ ${#args[@]} -gt 0 ]; then
  exec brownie test "${args[@]}" --durations=15 --network "$network"
fi

workers="${TEAL_TEST_WORKERS:-$(nproc)}"
[ "$workers" -le 4 ] || workers=4
parallel=()
[ "$workers" -le 1 ] || parallel=(-n "$workers")
# What only Anvil can do (its own reorg RPC), on a fresh Anvil of its own: after other modules'
# snapshots and reverts, anvil_reorg at depth 5 has left a chain whose latest state lacks the
# token (seen 2026-11-29 when it shared a worker with tests/unit, and in the whole suite on Anvil).
anvil_reorg=tests/indexer/test_reorgs.py::test_anvil_reorg_replaces_blocks_under_the_indexer
brownie test "$anvil_reorg" --network teal-test-anvil
if [ "$network" = teal-test-ganache ]; then
  # The contract tests run on Anvil as well, with the two state machines (task board, rewards),
  # which need only the EVM and run faster there.
  brownie test tests/unit tests/integration --durations=15 "${parallel[@]}" --network teal-test-anvil
  exec brownie test --durations=15 "${parallel[@]}" \
    --deselect tests/integration/test_stateful.py::test_work_state_machine \
    --deselect tests/integration/test_rewards_stateful.py::test_rewards_state_machine --network teal-test-ganache
fi
exec brownie test --durations=15 "${parallel[@]}" --deselect "$anvil_reorg" --network "$network"
