#!/usr/bin/env bash
# The test command (README's second command; .ci/run calls it). Installs what the tests need
# (Python readers of Iceberg: pyiceberg and DuckDB with its iceberg extension), then runs the
# whole test suite with the test runner's own summary at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r ci/requirements-test.txt
# The interop tests skip (visibly) when a reader is missing; here they must run.
export LAKEPROOF_REQUIRE_INTEROP=1

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi
