#!/usr/bin/env bash
# The extension's part of the test suite: unit tests, the .vsix build, and the end-to-end test in real VS Code.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
npm test
npm run package
size=$(stat -c %s flowscript.vsix)
echo "flowscript.vsix: $size bytes"
if [ "$size" -ge 2097152 ]; then echo "the .vsix must stay under 2 MB" >&2; exit 1; fi
bash scripts/e2e.sh
