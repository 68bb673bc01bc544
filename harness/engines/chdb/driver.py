#!/usr/bin/env python3
"""lakeproof driver for chDB (ClickHouse embedded in Python, PyPI `chdb`).

Lake tables: views over icebergLocal('<table dir>') pinned to the snapshot named by the given
metadata file (SETTINGS iceberg_snapshot_id=<current-snapshot-id of that metadata.json>).
icebergLocal picks the newest metadata file in <dir>/metadata itself; iceberg('file://…') does not
work in chDB 4.4. Local file access is limited to paths under the user_files path, which chDB
resolves as "." (the working directory), so the driver runs with cwd "/".
Inventory tables: views over postgresql('host:port', db, table, user, password, schema).
Timeout: SET max_execution_time before each query (ClickHouse cancels the query itself).
Results are fetched as an Arrow table.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import protocol  # noqa: E402
from protocol import QueryTimeout, local_path  # noqa: E402


def ch_str(s) -> str:
    """ClickHouse string literal (backslash is an escape character there)."""
    return "'" + str(s).replace("\\", "\\\\").replace("'", "\\'") + "'"


def ch_ident(s) -> str:
    return "`" + str(s).replace("\\", "\\\\").replace("`", "\\`") + "`"


class ChdbEngine(protocol.Engine):
    name = "chdb"

    def __init__(self):
        os.chdir("/")  # user_files_path is "." : make every absolute path readable
        import chdb
        from chdb import session as chs
        self.chdb = chdb
        self.sess = chs.Session()  # temporary database directory, removed on close
        self._exec("SET session_timezone='UTC'")
        # Standard SQL's bare UNION means UNION DISTINCT; ClickHouse wants it spelled out.
        self._exec("SET union_default_mode='DISTINCT'")
        # Standard SQL's CAST(NULL AS VARCHAR) is a NULL string; ClickHouse's CAST drops
        # nullability unless told to keep it, and then cannot convert NULL.
        self._exec("SET cast_keep_nullable=1")
        self._exec("SET output_format_parquet_compression_method='zstd'")
        threads = os.environ.get("LAKEPROOF_THREADS")
        if threads:
            self._exec(f"SET max_threads={int(threads)}")
        self.timeout_set = None

    def _exec(self, sql: str):
        return self.sess.query(sql, "CSV")

    def version(self) -> dict:
        return {"version": self.chdb.__version__,
                "clickhouse": str(getattr(self.chdb, "engine_version", "")),
                "library": f"chdb {self.chdb.__version__} (ClickHouse {getattr(self.chdb, 'engine_version', '?')})"}

    def open(self, tables: dict, postgres) -> dict:
        names = []
        for name, t in tables.items():
            table_dir = local_path(t["location"]).rstrip("/")
            settings = ""
            meta_uri = t.get("metadata_location")
            if meta_uri:
                with open(local_path(meta_uri), encoding="utf-8") as f:
                    sid = json.load(f).get("current-snapshot-id")
                if sid is not None and int(sid) >= 0:
                    settings = f" SETTINGS iceberg_snapshot_id={int(sid)}"
            self._exec(f"CREATE OR REPLACE VIEW {ch_ident(name)} AS SELECT * FROM "
                       f"icebergLocal({ch_str(table_dir)}){settings}")
            names.append(name)
        access = "icebergLocal(table dir) pinned to the metadata's snapshot"
        if postgres:
            hp = f"{postgres.get('host', '127.0.0.1')}:{postgres.get('port', 5432)}"
            schema = postgres.get("schema") or "public"
            for tname in postgres.get("tables") or []:
                args = ", ".join(ch_str(x) for x in (hp, postgres.get("dbname"), tname,
                                                     postgres.get("user"),
                                                     postgres.get("password") or "", schema))
                self._exec(f"CREATE OR REPLACE VIEW {ch_ident(tname)} AS "
                           f"SELECT * FROM postgresql({args})")
                names.append(tname)
            access += " + postgresql() table function"
        return {"access_path": access, "tables": names}

    def query(self, sql, timeout_secs, max_rows):
        want = float(timeout_secs) if timeout_secs else 0.0
        if want != self.timeout_set:
            self._exec(f"SET max_execution_time={want:g}")
            self.timeout_set = want
        try:
            tbl = self.sess.query(sql, "ArrowTable")
        except Exception as e:
            msg = str(e)
            if "TIMEOUT_EXCEEDED" in msg or "Timeout exceeded" in msg:
                raise QueryTimeout(msg) from e
            raise
        if tbl is None or not hasattr(tbl, "column_names"):
            return [], [], False
        columns = list(tbl.column_names)
        truncated = False
        if max_rows is not None and tbl.num_rows > max_rows:
            tbl = tbl.slice(0, max_rows)
            truncated = True
        cols = [c.to_pylist(maps_as_pydicts="lossy") for c in tbl.columns]
        rows = list(zip(*cols)) if cols else []
        return columns, rows, truncated

    def ctas(self, sql, out_dir, timeout_secs):
        target = os.path.join(out_dir, "part-0.parquet")
        self.query(f"INSERT INTO FUNCTION file({ch_str(target)}, Parquet) {sql}", timeout_secs, 1)

    def close(self):
        try:
            self.sess.close()
        except Exception:
            pass


if __name__ == "__main__":
    protocol.serve(ChdbEngine)
