#!/usr/bin/env bash
# The test command (README's second command; .ci/run calls it). Installs what the tests need —
# the Python Iceberg readers (pyiceberg, DuckDB), pySigma, SeaweedFS for the S3 + REST catalog test, the
# engines (DuckDB, chDB, Spark), PostgreSQL for federation, Chromium and fonts for the report —
# then checks formatting and lints, and runs the whole test suite with the test runner's own
# summary at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r ci/requirements-test.txt
for engine in duckdb chdb spark; do bash "harness/engines/$engine/install.sh" >/dev/null; done
bash ci/postgres.sh >/dev/null
# Headless Chromium renders report.html in the report test; DejaVu Sans draws the PNG plots' text.
if ! command -v chromium >/dev/null || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
# Tests that need one of these skip (visibly) when it is missing; here they must run.
export LAKEPROOF_REQUIRE_INTEROP=1

# Format and lint gates: the code is formatted with rustfmt.toml, and clippy's warnings are errors.
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi
