#!/usr/bin/env python3
"""Independent check of a lakeproof lake's OCSF tables: reads every class table of namespace
`ocsf` with pyiceberg and with DuckDB (row counts must agree), turns a deterministic sample of
rows into OCSF JSON events (absent attributes omitted, timestamps as epoch milliseconds as OCSF's
timestamp_t says, `unmapped` as an object) and validates them with `jsonschema` against the JSON
Schema that the published `ocsf-json-schema` package generates from its own copy of OCSF 1.8.0
(the OCSF server's export, not lakeproof's vendored source files), with the profiles each event
declares in metadata.profiles.

    python3 harness/ocsf/validate_jsonschema.py WAREHOUSE [--sample N]

Prints JSON: {"tables": {class: {"pyiceberg_rows", "duckdb_rows", "checked", "invalid",
"examples"}}}; exits 1 when a sampled event is invalid or the readers disagree.
"""

import argparse
import datetime
import glob
import json
import os
import sys

import duckdb
import duckdb_extension_avro
import duckdb_extension_iceberg
import jsonschema
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema
from pyiceberg.catalog.sql import SqlCatalog

OCSF_VERSION = "1.8.0"


def to_ocsf(value, key=None):
    """An Arrow row value as OCSF JSON: nulls dropped, timestamps in ms, maps as objects."""
    if isinstance(value, dict):
        out = {k: to_ocsf(v, k) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v is not None and v != {}}
    if key == "unmapped" and isinstance(value, list):
        return {k: v for k, v in value if v is not None}
    if isinstance(value, list):
        return [to_ocsf(v) for v in value if v is not None]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    return value


def duckdb_connection():
    con = duckdb.connect()
    for mod in (duckdb_extension_avro, duckdb_extension_iceberg):
        ext = glob.glob(os.path.join(os.path.dirname(mod.__file__), "**", "*.duckdb_extension"), recursive=True)[0]
        con.execute(f"INSTALL '{ext}'")
    con.execute("LOAD avro")
    con.execute("LOAD iceberg")
    return con


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("warehouse")
    ap.add_argument("--sample", type=int, default=2000, help="events validated per class (spread evenly)")
    args = ap.parse_args()
    warehouse = os.path.abspath(args.warehouse)
    cat = SqlCatalog("lakeproof", uri=f"sqlite:///{warehouse}/catalog.db", warehouse=f"file://{warehouse}")
    schemas = OcsfJsonSchemaEmbedded(get_ocsf_schema(OCSF_VERSION))
    con = duckdb_connection()
    validators = {}
    report = {"ocsf_version": OCSF_VERSION, "tables": {}}
    failed = False
    for _, name in sorted(cat.list_tables("ocsf")):
        table = cat.load_table(f"ocsf.{name}")
        rows = table.scan().to_arrow()
        loc = table.metadata_location.removeprefix("file://")
        duck = con.execute(f"SELECT count(*) FROM iceberg_scan('{loc}')").fetchone()[0]
        stride = max(1, rows.num_rows // max(1, args.sample))
        sample = rows.take(list(range(0, rows.num_rows, stride))).to_pylist()
        invalid, examples = 0, []
        for row in sample:
            event = to_ocsf(row)
            profiles = tuple(event.get("metadata", {}).get("profiles", []))
            if (name, profiles) not in validators:
                schema = schemas.get_class_schema(name, list(profiles))
                validators[(name, profiles)] = jsonschema.Draft202012Validator(schema)
            errors = list(validators[(name, profiles)].iter_errors(event))
            if errors:
                invalid += 1
                if len(examples) < 5:
                    e = errors[0]
                    examples.append(f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        report["tables"][name] = {
            "pyiceberg_rows": rows.num_rows,
            "duckdb_rows": duck,
            "checked": len(sample),
            "invalid": invalid,
            "examples": examples,
        }
        failed |= invalid > 0 or duck != rows.num_rows
    print(json.dumps(report, indent=1))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
