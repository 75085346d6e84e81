# Source this file to use the project's tools in a shell: brownie, teal, ganache, anvil and the
# offline Solidity compiler. scripts/setup.sh installs them.
TEAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TEAL_ROOT
export PATH="$TEAL_ROOT/.venv/bin:$TEAL_ROOT/node_modules/.bin:$PATH"
# py-solc-x (and so Brownie) finds `solc-v0.8.28` here: a small adapter over solc-js.
export SOLCX_BINARY_PATH="$TEAL_ROOT/tools/solc"
