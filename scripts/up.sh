#!/usr/bin/env bash
# Install whatever is missing, then run the main job: a local Ganache chain, the contracts
# deployed, and a governance demo that prints each step.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
exec brownie run scripts/demo.py --network "${TEAL_NETWORK:-teal-ganache}" --silent
