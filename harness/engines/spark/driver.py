#!/usr/bin/env python3
"""lakeproof driver for Apache Spark 3.5 (PySpark, local[2]) with the Iceberg runtime.

Lake tables: temp views over spark.read.format("iceberg").load("<metadata.json>") (Iceberg's
path-based loading treats a path containing "metadata.json" as a static table: the SQL catalog
that lakeproof writes (SQLite) is not readable from Spark's Iceberg runtime without a SQLite JDBC
driver, and no version-hint file exists for a Hadoop catalog).
Inventory tables: temp views over the JDBC source with Debian's PostgreSQL driver jar.
Timeout: every query runs in its own job group; a timer cancels the group.

The JVM is started once per driver process (lazily, on the first "open" or "query"); "version"
answers without starting it. Knobs (environment): LAKEPROOF_SPARK_DRIVER_MEMORY (default 4g),
LAKEPROOF_SPARK_MASTER (default local[2]), LAKEPROOF_SPARK_SHUFFLE_PARTITIONS (default 4),
LAKEPROOF_ICEBERG_JAR, LAKEPROOF_PG_JAR.
"""

import glob
import importlib.util
import os
import sys
import re
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import protocol  # noqa: E402
from protocol import QueryTimeout, local_path, log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PG_JAR = "/usr/share/java/postgresql.jar"


def iceberg_jar() -> str:
    env = os.environ.get("LAKEPROOF_ICEBERG_JAR")
    if env:
        return env
    spec = importlib.util.find_spec("snowpark_connect_deps_iceberg")
    if spec is None or spec.origin is None:
        raise RuntimeError("snowpark-connect-deps-iceberg is not installed (run install.sh)")
    d = os.path.dirname(spec.origin)
    jars = sorted(glob.glob(os.path.join(d, "jars", "iceberg-spark-runtime-3.5_2.12-*.jar")))
    if not jars:
        raise RuntimeError(f"no iceberg-spark-runtime-3.5_2.12 jar in {d}/jars")
    return jars[-1]


class SparkEngine(protocol.Engine):
    name = "spark"

    def __init__(self):
        import pyspark  # fail early (and cheaply) if it is missing
        self.pyspark = pyspark
        self.jar = iceberg_jar()
        self.spark = None
        self.startup_ms = None

    def _session(self):
        if self.spark is not None:
            return self.spark
        from pyspark.sql import SparkSession
        jars = [self.jar]
        pg = os.environ.get("LAKEPROOF_PG_JAR", PG_JAR)
        if os.path.exists(pg):
            jars.append(pg)
        else:
            log(f"PostgreSQL JDBC jar {pg} missing: postgres views will not work")
        java_opts = "-Duser.timezone=UTC"
        log4j = os.path.join(HERE, "log4j2.properties")
        if os.path.exists(log4j):
            java_opts += f" -Dlog4j2.configurationFile=file:{log4j}"
        t0 = time.perf_counter()
        b = (SparkSession.builder
             .master(os.environ.get("LAKEPROOF_SPARK_MASTER", "local[2]"))
             .appName("lakeproof")
             .config("spark.jars", ",".join(jars))
             .config("spark.driver.memory", os.environ.get("LAKEPROOF_SPARK_DRIVER_MEMORY", "4g"))
             .config("spark.driver.extraJavaOptions", java_opts)
             .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions",
                     os.environ.get("LAKEPROOF_SPARK_SHUFFLE_PARTITIONS", "4"))
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1"))
        self.spark = b.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")
        self.startup_ms = (time.perf_counter() - t0) * 1000
        log(f"spark {self.spark.version} started in {self.startup_ms / 1000:.1f} s")
        return self.spark

    def version(self) -> dict:
        return {"version": self.pyspark.__version__,
                "iceberg_jar": os.path.basename(self.jar),
                "library": f"pyspark {self.pyspark.__version__} + {os.path.basename(self.jar)}"}

    def open(self, tables: dict, postgres) -> dict:
        spark = self._session()
        names = []
        for name, t in tables.items():
            meta = local_path(t["metadata_location"])
            spark.read.format("iceberg").load(meta).createOrReplaceTempView(name)
            names.append(name)
        access = "spark.read.format(iceberg).load(metadata.json)"
        if postgres:
            url = (f"jdbc:postgresql://{postgres.get('host', '127.0.0.1')}:"
                   f"{postgres.get('port', 5432)}/{postgres.get('dbname')}")
            schema = postgres.get("schema") or "public"
            for tname in postgres.get("tables") or []:
                (spark.read.format("jdbc")
                 .option("url", url)
                 .option("driver", "org.postgresql.Driver")
                 .option("dbtable", f'"{schema}"."{tname}"')
                 .option("user", postgres.get("user") or "")
                 .option("password", postgres.get("password") or "")
                 .load().createOrReplaceTempView(tname))
                names.append(tname)
            access += " + JDBC (postgresql.jar)"
        out = {"access_path": access, "tables": names}
        if self.startup_ms is not None:
            out["jvm_startup_ms"] = round(self.startup_ms, 1)
        return out

    def _run(self, timeout_secs, work):
        """Run work(spark) in its own job group, cancelled when the timeout fires."""
        spark = self._session()
        sc = spark.sparkContext
        group = "q-" + uuid.uuid4().hex[:12]
        sc.setJobGroup(group, "lakeproof query", interruptOnCancel=True)
        fired = threading.Event()
        timer = None
        if timeout_secs:
            def fire():
                fired.set()
                sc.cancelJobGroup(group)
            timer = threading.Timer(timeout_secs, fire)
            timer.daemon = True
            timer.start()
        try:
            return work(spark)
        except Exception as e:
            if fired.is_set():
                raise QueryTimeout(str(e).splitlines()[0] if str(e) else "cancelled") from e
            raise
        finally:
            if timer is not None:
                timer.cancel()
            sc.setLocalProperty("spark.jobGroup.id", None)

    @staticmethod
    def _spark_sql(sql):
        # Spark SQL wants STRING where standard SQL says VARCHAR without a length.
        return re.sub(r"\bAS\s+VARCHAR\b(?!\s*\()", "AS STRING", sql, flags=re.IGNORECASE)

    def query(self, sql, timeout_secs, max_rows):
        def work(spark):
            df = spark.sql(self._spark_sql(sql))
            columns = list(df.columns)
            if max_rows is None:
                rows = df.collect()
                truncated = False
            else:
                rows = df.take(max_rows + 1) if columns else df.collect()
                truncated = len(rows) > max_rows
                rows = rows[:max_rows]
            return columns, [tuple(r) for r in rows], truncated
        return self._run(timeout_secs, work)

    def ctas(self, sql, out_dir, timeout_secs):
        def work(spark):
            (spark.sql(self._spark_sql(sql)).write.mode("overwrite")
             .option("compression", "zstd").parquet("file://" + out_dir))
        self._run(timeout_secs, work)

    def close(self):
        if self.spark is not None:
            self.spark.stop()


if __name__ == "__main__":
    protocol.serve(SparkEngine)
