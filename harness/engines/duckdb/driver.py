#!/usr/bin/env python3
"""lakeproof driver for DuckDB (in-process, Python package `duckdb`).

Lake tables: views over iceberg_scan('<metadata.json>') (the SQL catalog writes no version-hint
file, so the metadata file is passed explicitly). Extensions come from PyPI wheels
(duckdb-extension-iceberg / -avro / -postgres-scanner) and are LOADed from their files: DuckDB
cannot download extensions here. Inventory tables: ATTACH ... (TYPE postgres, READ_ONLY) and views.
Timeout: a timer thread calls con.interrupt().
"""

import glob
import importlib.util
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import protocol  # noqa: E402
from protocol import QueryTimeout, local_path, quote_ident, sql_str  # noqa: E402


def extension_file(name: str) -> str:
    """Path of the .duckdb_extension shipped by PyPI package duckdb-extension-<name>."""
    mod = "duckdb_extension_" + name
    spec = importlib.util.find_spec(mod)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"PyPI package for DuckDB extension {name!r} is not installed ({mod})")
    d = os.path.dirname(spec.origin)
    files = sorted(glob.glob(os.path.join(d, "extensions", "*", "*.duckdb_extension")))
    if not files:
        raise RuntimeError(f"no .duckdb_extension file inside {d}")
    return files[-1]


class DuckDBEngine(protocol.Engine):
    name = "duckdb"

    def __init__(self):
        import duckdb
        self.duckdb = duckdb
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET TimeZone='UTC'")
        threads = os.environ.get("LAKEPROOF_THREADS")
        if threads:
            self.con.execute(f"SET threads={int(threads)}")
        mem = os.environ.get("LAKEPROOF_MEMORY_LIMIT")
        if mem:
            self.con.execute(f"SET memory_limit={sql_str(mem)}")
        self.loaded = set()
        for ext in ("avro", "iceberg"):
            self._load(ext)
        self.pg_attached = False

    def _load(self, ext: str) -> None:
        if ext in self.loaded:
            return
        self.con.execute(f"LOAD {sql_str(extension_file(ext))}")
        self.loaded.add(ext)

    def version(self) -> dict:
        v = self.duckdb.__version__
        return {"version": v, "library": f"duckdb {v} (python)"}

    def open(self, tables: dict, postgres) -> dict:
        names = []
        for name, t in tables.items():
            meta = local_path(t["metadata_location"])
            self.con.execute(f"CREATE OR REPLACE VIEW {quote_ident(name)} AS "
                             f"SELECT * FROM iceberg_scan({sql_str(meta)})")
            names.append(name)
        access = "iceberg_scan(metadata.json)"
        if postgres:
            self._load("postgres_scanner")
            if self.pg_attached:
                self.con.execute("DETACH pg")
            dsn = " ".join(f"{k}={v}" for k, v in (
                ("host", postgres.get("host", "127.0.0.1")), ("port", postgres.get("port", 5432)),
                ("user", postgres.get("user")), ("password", postgres.get("password")),
                ("dbname", postgres.get("dbname"))) if v not in (None, ""))
            self.con.execute(f"ATTACH {sql_str(dsn)} AS pg (TYPE postgres, READ_ONLY)")
            self.pg_attached = True
            schema = postgres.get("schema") or "public"
            for tname in postgres.get("tables") or []:
                self.con.execute(f"CREATE OR REPLACE VIEW {quote_ident(tname)} AS SELECT * FROM "
                                 f"pg.{quote_ident(schema)}.{quote_ident(tname)}")
                names.append(tname)
            access += " + postgres_scanner(ATTACH)"
        return {"access_path": access, "tables": names}

    def query(self, sql, timeout_secs, max_rows):
        timer = None
        fired = threading.Event()
        if timeout_secs:
            def fire():
                fired.set()
                self.con.interrupt()
            timer = threading.Timer(timeout_secs, fire)
            timer.daemon = True
            timer.start()
        try:
            cur = self.con.execute(sql)
            columns = [d[0] for d in cur.description] if cur.description else []
            if not columns:
                return [], [], False
            if max_rows is None:
                rows = cur.fetchall()
                truncated = False
            else:
                rows = cur.fetchmany(max_rows + 1)
                truncated = len(rows) > max_rows
                rows = rows[:max_rows]
            return columns, rows, truncated
        except Exception as e:
            if fired.is_set():
                raise QueryTimeout(str(e)) from e
            raise
        finally:
            if timer is not None:
                timer.cancel()

    def ctas(self, sql, out_dir, timeout_secs):
        target = os.path.join(out_dir, "part-0.parquet")
        self.query(f"COPY ({sql}) TO {sql_str(target)} (FORMAT parquet, COMPRESSION zstd)",
                   timeout_secs, 1)

    def close(self):
        self.con.close()


if __name__ == "__main__":
    protocol.serve(DuckDBEngine)
