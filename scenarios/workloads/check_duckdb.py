#!/usr/bin/env python3
"""Run every query of every workload profile on a lakeproof warehouse with DuckDB.

  python3 check_duckdb.py [--warehouse /work/lake-dev] [--namespace security]
                          [--catalog-name lakeproof] [--scenario ../smoke.toml]
                          [--profiles alerting,dashboard,...] [--show 0]

Reads the tables through the DuckDB iceberg extension (current metadata file of each table from
the SQLite SQL catalog, via pyiceberg), evaluates parameters.toml, fills the placeholders the way
the runner does, and prints per query: rows and time. Alerting queries are also run over the
whole scenario ({{from}} = start, {{to}} = end + 1 h, as the runner's recall check does) and their
`event_key` column compared with the labels: attacks detected (an attack counts when at least one
of its labelled events is returned, the runner's rule), labelled events returned / labelled events
of that kind, and returned keys that are not labelled with that kind (false positives).

The PostgreSQL inventory of the federation profile (inv_users, inv_hosts, inv_aws_accounts) is
emulated as DuckDB tables derived from the logs, so the join logic runs; its values are stand-ins.
Uses `<query>.duckdb.sql` when a variant exists, and renders `{{epoch_seconds(…)}}` and
`{{plain(…)}}` as the runner does for DuckDB. Exit code 1 if any query fails or an
alerting query misses an attack.
"""

import argparse
import glob
import os
import sys
import time
import tomllib
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILES = ["alerting", "dashboard", "adhoc", "batch", "federation"]


def connect(warehouse, catalog_name, namespace):
    import duckdb
    import duckdb_extension_avro
    import duckdb_extension_iceberg
    from pyiceberg.catalog.sql import SqlCatalog

    cat = SqlCatalog(catalog_name, uri=f"sqlite:///{warehouse}/catalog.db", warehouse=f"file://{warehouse}")
    con = duckdb.connect()
    for mod in (duckdb_extension_avro, duckdb_extension_iceberg):
        ext = glob.glob(os.path.join(os.path.dirname(mod.__file__), "**", "*.duckdb_extension"), recursive=True)[0]
        con.execute(f"INSTALL '{ext}'")
    con.execute("LOAD avro")
    con.execute("LOAD iceberg")
    con.execute("SET TimeZone = 'UTC'")
    for _, table in cat.list_tables(namespace):
        loc = cat.load_table(f"{namespace}.{table}").metadata_location.removeprefix("file://")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM iceberg_scan('{loc}')")
    return con


# Stand-in for the PostgreSQL inventory, derived from the logs (same column names and types as
# the real tables): hosts from the Windows computers (IP from their outbound WFP events, owner =
# most frequent interactive logon on a workstation), users from domain logons (admin = received
# special privileges on a server, aws_user_name = the IAM user of the same name), accounts from
# CloudTrail.
INVENTORY = [
    """CREATE TABLE inv_hosts AS
    WITH hosts AS (SELECT DISTINCT computer FROM windows_security),
    ips AS (
      SELECT computer, source_address AS ip, row_number() OVER (PARTITION BY computer ORDER BY count(*) DESC, source_address) AS r
      FROM windows_security WHERE event_id = 5156 AND direction = '%%14593' AND source_address LIKE '10.%'
      GROUP BY computer, source_address),
    owners AS (
      SELECT computer, lower(target_user_name) AS sam,
             row_number() OVER (PARTITION BY computer ORDER BY count(*) DESC, lower(target_user_name)) AS r
      FROM windows_security WHERE event_id = 4624 AND logon_type IN (2, 11) AND target_user_name NOT LIKE '%$'
        AND target_user_name NOT IN ('-', 'SYSTEM', 'LOCAL SERVICE', 'NETWORK SERVICE', 'ANONYMOUS LOGON')
        AND target_user_name NOT LIKE 'DWM-%' AND target_user_name NOT LIKE 'UMFD-%'
      GROUP BY computer, lower(target_user_name))
    SELECT upper(split_part(h.computer, '.', 1)) AS name, h.computer AS fqdn,
           CASE WHEN h.computer LIKE 'ws-%' THEN 'workstation' WHEN h.computer LIKE 'dc%' THEN 'domain_controller' ELSE 'server' END AS role,
           i.ip, CASE WHEN h.computer LIKE 'ws-%' THEN o.sam END AS owner_sam
    FROM hosts h LEFT JOIN ips i ON i.computer = h.computer AND i.r = 1
    LEFT JOIN owners o ON o.computer = h.computer AND o.r = 1""",
    """CREATE TABLE inv_users AS
    WITH u AS (
      SELECT lower(target_user_name) AS sam, min(target_user_sid) AS sid
      FROM windows_security
      WHERE event_id = 4624 AND target_domain_name = 'FABRIKAM' AND target_user_sid LIKE 'S-1-5-21-%'
        AND target_user_name NOT LIKE '%$'
      GROUP BY lower(target_user_name)),
    adm AS (SELECT DISTINCT lower(subject_user_name) AS sam FROM windows_security
            WHERE event_id = 4672 AND computer NOT LIKE 'ws-%'),
    iam AS (SELECT DISTINCT user_identity.user_name AS n FROM cloudtrail WHERE user_identity.type = 'IAMUser')
    SELECT u.sam, u.sam AS display_name, u.sam || '@fabrikam.com' AS email,
           (['Engineering', 'Sales', 'Finance', 'IT', 'HR', 'Operations'])[1 + CAST(hash(u.sam) % 6 AS BIGINT)] AS department,
           adm.sam IS NOT NULL AS admin, u.sid,
           (SELECT min(h.name) FROM inv_hosts h WHERE h.owner_sam = u.sam) AS workstation,
           'US' AS country, iam.n AS aws_user_name
    FROM u LEFT JOIN adm ON adm.sam = u.sam LEFT JOIN iam ON iam.n = u.sam""",
    """CREATE TABLE inv_aws_accounts AS
    SELECT DISTINCT recipient_account_id AS id, 'acct-' || right(recipient_account_id, 4) AS alias
    FROM cloudtrail WHERE recipient_account_id IS NOT NULL""",
]


def sql_time(dt):
    return dt.strftime("%Y-%m-%d %H:%M:%S")


# The dialect placeholders as DuckDB spells them (harness/src/engines/dialect.rs).
DUCKDB_DIALECT = {
    "epoch_seconds": lambda arg: f"CAST(EXTRACT(EPOCH FROM {arg}) AS BIGINT)",
    "plain": lambda arg: arg,
}


def substitute(sql, values, query):
    out, rest = [], sql
    while "{{" in rest:
        i = rest.index("{{")
        j = rest.index("}}", i)
        key = rest[i + 2:j].strip()
        function, paren, arg = key.partition("(")
        if paren and arg.endswith(")") and function.strip() in DUCKDB_DIALECT:
            out.append(rest[:i] + DUCKDB_DIALECT[function.strip()](arg[:-1].strip()))
        elif key not in values:
            raise KeyError(f"query {query}: unknown placeholder {{{{{key}}}}}")
        else:
            out.append(rest[:i] + values[key])
        rest = rest[j + 2:]
    return "".join(out) + rest


def run(con, sql):
    t = time.perf_counter()
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    return cols, rows, (time.perf_counter() - t) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warehouse", default="/work/lake-dev")
    ap.add_argument("--namespace", default="security")
    ap.add_argument("--catalog-name", default="lakeproof")
    ap.add_argument("--scenario", default=os.path.join(HERE, "..", "smoke.toml"))
    ap.add_argument("--profiles", default=",".join(PROFILES))
    ap.add_argument("--show", type=int, default=0, help="print the first N rows of each answer")
    args = ap.parse_args()

    with open(args.scenario, "rb") as f:
        sc = tomllib.load(f)
    parse = lambda s: datetime.fromisoformat(str(s).replace("Z", "+00:00")).astimezone(timezone.utc)
    start, end = parse(sc["start"]), parse(sc["end"])

    con = connect(os.path.abspath(args.warehouse), args.catalog_name, args.namespace)
    base = {"dataset_from": sql_time(start), "dataset_to": sql_time(end)}
    params = dict(base)
    with open(os.path.join(HERE, "parameters.toml"), "rb") as f:
        for name, sql in sorted(tomllib.load(f).items()):
            _, rows, _ = run(con, substitute(sql, params, name))
            if not rows or rows[0][0] is None:
                sys.exit(f"parameters.toml: `{name}` returned no value")
            params[name] = str(rows[0][0])
    print("parameters: " + ", ".join(f"{k}={v}" for k, v in params.items()))

    labels = {}
    for kind, attack_id, key in con.execute("SELECT attack_kind, attack_id, event_key FROM labels").fetchall():
        labels.setdefault(kind, {}).setdefault(attack_id, set()).add(key)

    failures = 0
    for prof in args.profiles.split(","):
        d = os.path.join(HERE, prof)
        with open(os.path.join(d, "profile.toml"), "rb") as f:
            spec = tomllib.load(f)
        if prof == "federation":
            for stmt in INVENTORY:
                con.execute(stmt)
        w = spec.get("window_minutes")
        frm = max(start, end - timedelta(minutes=w)) if w else start
        values = dict(params, **{"from": sql_time(frm), "to": sql_time(end)})
        print(f"\n== {spec['name']}: window [{values['from']}, {values['to']}), {len(spec['query'])} queries")
        for q in spec["query"]:
            stem = q["file"][: -len(".sql")]
            path = os.path.join(d, f"{stem}.duckdb.sql")
            path = path if os.path.exists(path) else os.path.join(d, q["file"])
            with open(path) as f:
                text = f.read()
            try:
                run(con, substitute(text, values, q["name"]))  # warm-up (metadata, file cache)
                cols, rows, ms = run(con, substitute(text, values, q["name"]))
            except Exception as e:  # noqa: BLE001
                failures += 1
                print(f"  {q['name']:<40} FAILED: {str(e).splitlines()[0]}")
                continue
            line = f"  {q['name']:<40} {len(rows):>7} rows {ms:>9.1f} ms"
            kind = q.get("attack")
            if kind:
                whole = dict(values, **{"from": sql_time(start), "to": sql_time(end + timedelta(hours=1))})
                try:
                    cols_w, rows_w, ms_w = run(con, substitute(text, whole, q["name"]))
                except Exception as e:  # noqa: BLE001
                    failures += 1
                    print(f"{line}  recall run FAILED: {str(e).splitlines()[0]}")
                    continue
                if "event_key" not in cols_w:
                    failures += 1
                    print(f"{line}  no event_key column")
                    continue
                i = cols_w.index("event_key")
                keys = {r[i] for r in rows_w if r[i] is not None}
                attacks = labels.get(kind, {})
                found = sum(1 for evs in attacks.values() if evs & keys)
                kind_keys = set().union(*attacks.values()) if attacks else set()
                other = {k for evs in (e for kk, a in labels.items() if kk != kind for e in a.values()) for k in evs}
                fp = keys - kind_keys
                line += (f" | whole range: {len(rows_w)} rows {ms_w:.1f} ms, attacks {found}/{len(attacks)},"
                         f" labelled events {len(kind_keys & keys)}/{len(kind_keys)},"
                         f" unlabelled keys {len(fp - other)}, other-attack keys {len(fp & other)}")
                if found < len(attacks):
                    failures += 1
            print(line)
            for r in rows[: args.show]:
                print("      " + " | ".join("" if v is None else str(v)[:60] for v in r))
    print(f"\n{'FAILED' if failures else 'OK'}: {failures} problem(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
