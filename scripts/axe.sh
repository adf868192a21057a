#!/usr/bin/env bash
# Install axe-core (accessibility rules) for the browser tests into .cache/axe; idempotent, offline after once.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm saknas; axe-core kan inte installeras (tillgänglighetstesterna hoppas över)" >&2
  exit 1
fi
mkdir -p .cache/axe
npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4 >/dev/null
test -f .cache/axe/node_modules/axe-core/axe.min.js
