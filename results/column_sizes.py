"""Where the bytes go: compressed size per column of a table's Parquet files, largest first.
Usage: column_sizes.py WAREHOUSE TABLE [NAMESPACE]. Used to explain compression ratios."""
import glob, os, sys
from collections import Counter
import pyarrow.parquet as pq

wh, table = sys.argv[1], sys.argv[2]
ns = sys.argv[3] if len(sys.argv) > 3 else "security"
sizes, rows, total = Counter(), 0, 0
for f in glob.glob(os.path.join(wh, ns, table, "data", "**", "*.parquet"), recursive=True):
    md = pq.ParquetFile(f).metadata
    rows += md.num_rows
    for g in range(md.num_row_groups):
        rg = md.row_group(g)
        for c in range(rg.num_columns):
            col = rg.column(c)
            sizes[col.path_in_schema] += col.total_compressed_size
            total += col.total_compressed_size
print(f"{table}: {rows} rows, {total/1e6:.1f} MB compressed, {total/max(rows,1):.1f} B/row")
for name, s in sizes.most_common(12):
    print(f"  {name:40} {s/1e6:8.2f} MB {100*s/total:5.1f}% {s/max(rows,1):6.2f} B/row")
