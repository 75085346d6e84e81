#!/usr/bin/env bash
# Installs whatever is missing for this project, and nothing when nothing changed:
# Node.js (Debian), npm packages (solc-js, OpenZeppelin, Ganache, Anvil), one Python virtual
# environment resolved in a single run (Brownie and everything else, from requirements.lock),
# and the Brownie networks. Safe to re-run. Source scripts/env.sh afterwards for PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing $*; install it with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  say "installing Debian packages: $*"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Python >= 3.11 -------------------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  apt_install python3 python3-venv python3-dev
fi
"$PYTHON" -c 'import venv' 2>/dev/null || apt_install python3-venv

# --- Node.js >= 18 --------------------------------------------------------------------------
if ! command -v node >/dev/null || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)'; then
  apt_install nodejs npm
fi

# --- PostgreSQL server (the indexer's tests run against a real one they start themselves) ---
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  apt_install postgresql
fi

# --- Headless Chromium (the dashboard's browser tests and bench drive Debian's build) -------
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install chromium chromium-driver
fi

# --- npm packages ---------------------------------------------------------------------------
npm_stamp="node_modules/.teal-stamp"
npm_hash="$(hash_of package.json package-lock.json)"
if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_hash" ]; then
  say "installing npm packages (solc-js, OpenZeppelin, Ganache, Anvil)"
  # `npm ci` rejects this lock: npm omits the other platforms' optional Anvil binaries from it
  # (an npm bug); `npm install` honours the same lock and leaves it unchanged.
  npm install --no-audit --no-fund --loglevel=error
  echo "$npm_hash" > "$npm_stamp"
fi

# --- The dashboard's wallet module: esbuild bundles api/http/dashboard/wallet/src into one file --
# (static/wallet.js, not committed), rebuilt when its sources or the npm lock change.
wallet_stamp="node_modules/.teal-wallet-stamp"
wallet_hash="$(hash_of package-lock.json api/http/dashboard/wallet/src/*.js)"
if [ ! -f api/http/dashboard/static/wallet.js ] || [ ! -f "$wallet_stamp" ] || [ "$(cat "$wallet_stamp")" != "$wallet_hash" ]; then
  say "bundling the dashboard's wallet module (esbuild)"
  npm run --silent build:wallet -- --log-level=warning
  echo "$wallet_hash" > "$wallet_stamp"
fi

# --- Python virtual environment: one resolver run over the lock file ------------------------
venv_stamp=".venv/.teal-stamp"
venv_hash="$(hash_of pyproject.toml requirements.lock)"
if [ ! -f "$venv_stamp" ] || [ "$(cat "$venv_stamp")" != "$venv_hash" ]; then
  [ -x .venv/bin/python ] || { say "creating .venv"; "$PYTHON" -m venv .venv; }
  [ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q --disable-pip-version-check "uv==0.13.8"
  say "installing Python packages from requirements.lock"
  .venv/bin/uv pip install -q --python .venv/bin/python -r requirements.lock -e '.[dev]'
  echo "$venv_hash" > "$venv_stamp"
fi

# --- schemathesis: its own tool environment (its hypothesis pin clashes with Brownie's) -----
# The API's fuzz test (tests/api/test_api_fuzz.py) runs its CLI against a live server.
st_stamp=".tools/schemathesis/.teal-stamp"
st_version="4.32.5"
if [ ! -f "$st_stamp" ] || [ "$(cat "$st_stamp")" != "$st_version" ]; then
  say "installing schemathesis $st_version into .tools/schemathesis"
  rm -rf .tools/schemathesis
  .venv/bin/uv venv -q --python "$(command -v "$PYTHON")" .tools/schemathesis
  .venv/bin/uv pip install -q --python .tools/schemathesis/bin/python "schemathesis==$st_version"
  echo "$st_version" > "$st_stamp"
fi

# --- Brownie: solc-js adapter and project networks ------------------------------------------
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
python "$ROOT/tools/register_networks.py"
