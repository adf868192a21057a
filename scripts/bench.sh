#!/usr/bin/env bash
# `make bench`: every benchmark in the same environment; each writes its own section of
# bench/RESULTS.md. Generated data goes to bench/data/ (git-ignored).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
# The deadline load run drives gunicorn with locust (the optional "bench" dependencies).
[ -x "$BIN/locust" ] && [ -x "$BIN/gunicorn" ] || $BIN/pip install -q -e '.[dev,bench]'
for script in bench/bench_engine.py bench/bench_sie.py bench/bench_documents.py bench/bench_web.py bench/bench_serve.py bench/bench_city.py bench/bench_forecast.py bench/bench_forecast_demo.py bench/bench_load.py; do
  if [ -f "$script" ]; then
    echo "== $script"
    $BIN/python "$script" || status=$?
  fi
done
exit $status
