"""P3p's large Arrow file: vega-datasets' flights-3m.parquet written as an Arrow IPC file
(uncompressed, pyarrow's default batches: a timestamp[us], two int64, two large_string columns).

Usage: python bench/flights_arrow.py FLIGHTS.parquet OUT.arrow   (writes OUT only if missing)
"""
import os
import sys

import pyarrow.feather as feather
import pyarrow.parquet as pq

source, out = sys.argv[1], sys.argv[2]
if not os.path.exists(out):
    feather.write_feather(pq.read_table(source), out + ".part", compression="uncompressed")
    os.replace(out + ".part", out)
