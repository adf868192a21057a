#!/usr/bin/env bash
# The whole suite: first on SQLite, then the database tests again on a real PostgreSQL
# server started on loopback by scripts/postgres.sh (skipped, and said so, when none can run).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
# axe-core for the accessibility checks of the browser tests (npm; skipped with a reason if absent).
bash scripts/axe.sh || true
$BIN/ruff check src tests bench || status=$?
$BIN/mypy || status=$?
# The layers of docs/architecture.md (contracts in pyproject.toml); a broken one fails the run.
$BIN/lint-imports --no-logo || status=$?
$BIN/pytest "$@" || status=$?
if pg_url=$(bash scripts/postgres.sh); then
  echo "== PostgreSQL: $pg_url"
  UPPFOLJ_DB="$pg_url" $BIN/pytest -m "not browser" tests/web tests/test_acceptance.py "$@" || status=$?
else
  echo "PostgreSQL kunde inte startas; databastesterna kördes bara på SQLite" >&2
fi
exit $status
