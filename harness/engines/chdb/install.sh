#!/usr/bin/env bash
# Installs the chDB engine for lakeproof (idempotent). chdb 4.4.0 pulls chdb-core 26.9.0
# (ClickHouse 26.9.2.1), pyarrow and pandas.
set -euo pipefail
PY=${PYTHON:-python3}
$PY -m pip install --quiet --disable-pip-version-check 'chdb==4.4.0' 'chdb-core==26.9.0' 'pyarrow>=14'
$PY -c 'import chdb; print("chdb", chdb.__version__, "ClickHouse", chdb.engine_version)'
