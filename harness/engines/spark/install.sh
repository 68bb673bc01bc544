#!/usr/bin/env bash
# Installs the Spark engine for lakeproof (idempotent): PySpark 3.5.9 (bundles Spark's jars),
# the Iceberg Spark runtime jar 1.10.2 shipped inside snowpark-connect-deps-iceberg 1.0.2
# (1.0.3's jar is broken), Debian's PostgreSQL JDBC driver, and a Java 17 runtime if missing.
set -euo pipefail
PY=${PYTHON:-python3}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
[ -f /usr/share/java/postgresql.jar ] || need_apt+=(libpostgresql-jdbc-java)
if [ ${#need_apt[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi
$PY -m pip install --quiet --disable-pip-version-check \
  'pyspark==3.5.9' 'py4j==0.10.9.9' 'snowpark-connect-deps-iceberg==1.0.2'
$PY - <<'PYEOF'
import glob, importlib.util, os, pyspark
d = os.path.dirname(importlib.util.find_spec("snowpark_connect_deps_iceberg").origin)
jars = glob.glob(os.path.join(d, "jars", "iceberg-spark-runtime-3.5_2.12-*.jar"))
assert jars, "iceberg-spark-runtime-3.5_2.12 jar not found in " + d
print("pyspark", pyspark.__version__, "+", os.path.basename(jars[0]))
PYEOF
