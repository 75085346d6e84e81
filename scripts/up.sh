#!/usr/bin/env bash
# The main command: install whatever is missing, then `teal up`: a local chain (Ganache; Anvil
# with --chain anvil), the contracts deployed, the demo DAO seeded, indexed and served by the API.
# Options go to `teal up` (see `teal up --help`); Ctrl-C stops everything it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
exec teal up "$@"
