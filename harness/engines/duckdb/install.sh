#!/usr/bin/env bash
# Installs the DuckDB engine for lakeproof (idempotent). Extensions come as PyPI wheels because
# DuckDB cannot download extensions on this network; pytz is needed by DuckDB's Python client to
# return TIMESTAMP WITH TIME ZONE values.
set -euo pipefail
PY=${PYTHON:-python3}
$PY -m pip install --quiet --disable-pip-version-check \
  'duckdb==1.5.5' \
  'duckdb-extension-iceberg==1.5.5' \
  'duckdb-extension-avro==1.5.5' \
  'duckdb-extension-postgres-scanner==1.5.5' \
  'pytz==2026.2'
$PY -c 'import duckdb; print("duckdb", duckdb.__version__)'
