#!/usr/bin/env bash
# Install everything the test suite needs (Python packages, Neovim, Node packages) and run every test.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e '.[dev]'

# Real-client tests need Neovim (Debian package).
if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq neovim >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq neovim >/dev/null; fi
fi

python -m pytest "$@"

if [ -f vscode-extension/package.json ]; then
  bash vscode-extension/scripts/test.sh
fi
