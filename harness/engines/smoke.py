#!/usr/bin/env python3
"""Smoke test for the lakeproof engine drivers.

For every engine whose Python package imports, start engines/<engine>/driver.py as a subprocess,
open the tables of a local Iceberg warehouse (metadata locations from the SQLite SQL catalog via
pyiceberg), run a few queries and compare the answers across engines.

  python3 smoke.py [--warehouse /work/lake-dev] [--catalog-name lakeproof] [--namespace security]
                   [--engines duckdb,chdb,spark] [--pg 'host=127.0.0.1 port=5432 user=u password=p dbname=d']

With --pg the inventory tables (schema "inventory": inv_users, inv_hosts, inv_aws_accounts) are
registered too and counted. Exit code 0 when every started engine answered every query and all
answers agree.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = {"duckdb": "duckdb", "chdb": "chdb", "spark": "pyspark"}

QUERIES = [
    ("count_windows", "SELECT count(*) AS n FROM windows_security"),
    ("conn_uids", "SELECT count(*) AS n, count(DISTINCT uid) AS u FROM zeek_conn"),
    ("top_ct_events", "SELECT event_name, count(*) AS n FROM cloudtrail "
                      "GROUP BY event_name ORDER BY n DESC, event_name LIMIT 5"),
    ("timestamps", "SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM zeek_dns"),
    ("ts_rows", "SELECT time_created, event_id, computer FROM windows_security "
                "ORDER BY time_created, event_record_id LIMIT 3"),
    ("map_value", "SELECT event_data['ObjectServer'] AS v, count(*) AS n FROM windows_security "
                  "WHERE event_data['ObjectServer'] IS NOT NULL "
                  "GROUP BY event_data['ObjectServer'] ORDER BY n DESC, v LIMIT 3"),
    ("map_row", "SELECT event_record_id, event_data FROM windows_security "
                "WHERE event_data['LayerName'] IS NOT NULL ORDER BY event_record_id LIMIT 1"),
    ("struct_field", "SELECT user_identity.type AS t, count(*) AS n FROM cloudtrail "
                     "GROUP BY user_identity.type ORDER BY n DESC, t LIMIT 3"),
]
PG_TABLES = ["inv_users", "inv_hosts", "inv_aws_accounts"]
PG_QUERIES = [
    ("pg_counts", "SELECT (SELECT count(*) FROM inv_users) AS users, "
                  "(SELECT count(*) FROM inv_hosts) AS hosts, "
                  "(SELECT count(*) FROM inv_aws_accounts) AS accounts"),
    ("pg_ts", "SELECT user_name, created_at FROM inv_users ORDER BY user_name"),
]


def lake_tables(warehouse, catalog_name, namespace):
    from pyiceberg.catalog.sql import SqlCatalog
    cat = SqlCatalog(catalog_name, uri=f"sqlite:///{os.path.join(warehouse, 'catalog.db')}",
                     warehouse=f"file://{warehouse}")
    out = {}
    for ident in cat.list_tables(namespace):
        t = cat.load_table(ident)
        out[ident[-1]] = {"metadata_location": t.metadata_location, "location": t.location()}
    return out


class Driver:
    def __init__(self, engine):
        self.engine = engine
        self.log_path = f"/tmp/lakeproof-smoke-{engine}.stderr"
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, engine, "driver.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(self.log_path, "w"),
            text=True, bufsize=1)

    def call(self, req, timeout=900):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        box = []
        th = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()), daemon=True)
        th.start()
        th.join(timeout)
        if not box:
            raise RuntimeError(f"{self.engine}: no reply to {req.get('op')} within {timeout}s")
        line = box[0]
        if not line:
            raise RuntimeError(f"{self.engine}: driver exited (see {self.log_path})")
        return json.loads(line)

    def stop(self):
        try:
            self.call({"op": "close"}, timeout=60)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def normalise(rows):
    """Rows for comparison: floats rounded (engines sum in different orders)."""
    def n(v):
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, dict):
            return {k: n(x) for k, x in sorted(v.items())}
        if isinstance(v, list):
            return [n(x) for x in v]
        return v
    return [n(r) for r in rows]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warehouse", default="/work/lake-dev")
    ap.add_argument("--catalog-name", default="lakeproof")
    ap.add_argument("--namespace", default="security")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--pg", default=None, help="libpq-style 'key=value ...' for the inventory DB")
    args = ap.parse_args()

    tables = lake_tables(args.warehouse, args.catalog_name, args.namespace)
    print(f"lake tables: {', '.join(sorted(tables))}")
    open_req = {"op": "open", "tables": tables}
    queries = list(QUERIES)
    if args.pg:
        kv = dict(x.split("=", 1) for x in args.pg.split())
        open_req["postgres"] = {"host": kv.get("host", "127.0.0.1"), "port": int(kv.get("port", 5432)),
                                "user": kv.get("user"), "password": kv.get("password"),
                                "dbname": kv.get("dbname"), "schema": kv.get("schema", "inventory"),
                                "tables": PG_TABLES}
        queries += PG_QUERIES

    results = {}   # engine -> name -> reply
    failures = []
    for engine in args.engines.split(","):
        mod = ENGINES[engine]
        if importlib.util.find_spec(mod) is None:
            print(f"\n== {engine}: SKIPPED ({mod} not importable; run {engine}/install.sh)")
            continue
        print(f"\n== {engine}")
        d = Driver(engine)
        try:
            v = d.call({"op": "version"})
            t_version = time.perf_counter() - d.t0
            o = d.call(open_req)
            t_open = time.perf_counter() - d.t0
            print(f"   version: {json.dumps(v)}")
            print(f"   open:    {json.dumps(o)}")
            print(f"   startup: first reply {t_version:.2f} s, open done {t_open:.2f} s after spawn")
            if not (v.get("ok") and o.get("ok")):
                failures.append(f"{engine}: version/open failed")
                continue
            results[engine] = {}
            for name, sql in queries:
                r = d.call({"op": "query", "sql": sql, "timeout_secs": 300, "max_rows": 1000})
                results[engine][name] = r
                if r.get("ok"):
                    print(f"   {name:15s} {r['elapsed_ms']:10.1f} ms  {json.dumps(r['rows'])}")
                else:
                    print(f"   {name:15s} ERROR {r.get('error')}")
                    failures.append(f"{engine}/{name}: {r.get('error', '')[:200]}")
            t_end = time.perf_counter()
            d.stop()
            print(f"   close:   {time.perf_counter() - t_end:.2f} s; total {time.perf_counter() - d.t0:.1f} s")
        except Exception as e:
            failures.append(f"{engine}: {e}")
            print(f"   FAILED: {e}")
            d.stop()

    print("\n== comparison")
    engines = list(results)
    for name, _ in queries:
        answers = {e: normalise(results[e][name]["rows"]) for e in engines
                   if results[e].get(name, {}).get("ok")}
        distinct = {json.dumps(a, sort_keys=True) for a in answers.values()}
        if len(answers) < 2:
            status = "n/a (fewer than 2 answers)"
        elif len(distinct) == 1:
            status = f"AGREE ({', '.join(answers)})"
        else:
            status = "DIFFER"
            failures.append(f"{name}: answers differ")
            for e, a in answers.items():
                status += f"\n      {e}: {json.dumps(a)}"
        print(f"   {name:15s} {status}")
    if failures:
        print("\nproblems:")
        for f in failures:
            print("   -", f)
        sys.exit(1)
    print("\nall engines agree")


if __name__ == "__main__":
    main()
