"""Read a lakeproof warehouse with other Iceberg readers: pyiceberg (SqlCatalog) and DuckDB
(iceberg extension, iceberg_scan on the current metadata file). Prints JSON:
{reader: {table: [row_count, sum_of_key_lengths]}}. Usage: interop.py WAREHOUSE NAMESPACE KEYS_JSON
where KEYS_JSON maps table -> key column."""
import json, os, sys, glob

warehouse, namespace, keys = os.path.abspath(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
out = {}

from pyiceberg.catalog.sql import SqlCatalog
import pyarrow.compute as pc
cat = SqlCatalog("lakeproof", uri=f"sqlite:///{warehouse}/catalog.db", warehouse=f"file://{warehouse}")
out["pyiceberg"] = {}
metadata = {}
for t, key in keys.items():
    table = cat.load_table(f"{namespace}.{t}")
    metadata[t] = table.metadata_location
    arrow = table.scan(selected_fields=(key,)).to_arrow()
    lengths = pc.sum(pc.utf8_length(arrow[key])).as_py() or 0
    out["pyiceberg"][t] = [arrow.num_rows, lengths]

import duckdb, duckdb_extension_iceberg, duckdb_extension_avro  # noqa: F401 (wheels carry the extensions)
con = duckdb.connect()
for mod in (duckdb_extension_avro, duckdb_extension_iceberg):
    ext = glob.glob(os.path.join(os.path.dirname(mod.__file__), "**", "*.duckdb_extension"), recursive=True)[0]
    con.execute(f"INSTALL '{ext}'")
con.execute("LOAD avro")
con.execute("LOAD iceberg")
out["duckdb"] = {}
for t, key in keys.items():
    loc = metadata[t].removeprefix("file://")
    n, s = con.execute(f"SELECT count(*), coalesce(sum(length({key})), 0) FROM iceberg_scan('{loc}')").fetchone()
    out["duckdb"][t] = [n, int(s)]
print(json.dumps(out))
