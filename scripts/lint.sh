#!/usr/bin/env bash
# Static checks: ruff over all Python, mypy over the api package, and the import contracts
# (the api package's layers; lint-imports); settings in pyproject.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
ruff check api scripts bench tests tools
ruff format --check api scripts bench tests tools
mypy api
lint-imports --no-cache
