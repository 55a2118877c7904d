"""Writes compressed and uncompressed Arrow IPC fixtures for arrow-compressed.test.ts.

Usage: scripts/python.sh test/io/table/write_compressed_arrow.py DIR

small-{c}.feather, small-{c}.arrows, small-{c}.arrow (c: uncompressed, lz4, zstd)
    The fixture table of table-fixtures.ts (CELLS), record batches of 4, 4 and 2 rows: Feather v2
    through pyarrow.feather, stream and file through pyarrow.ipc. NaN and null stay distinct.
pandas-{c}.feather (c: uncompressed, lz4, zstd; lz4 is df.to_feather's default)
    A 50,000-row DataFrame in record batches of 20,000: buffers of 160 kB, so each LZ4 frame holds
    several linked 64 kB blocks. A categorical, NaN (null to pandas), ±inf, -0.0.
frame.lz4, frame.zst, frame.bin
    One buffer compressed by Arrow's own codecs, and its uncompressed bytes.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

out = Path(sys.argv[1])
nan, inf = float("nan"), float("inf")

small = pa.table(
    {
        "id": pa.array(range(1, 11), pa.int32()),
        "x": pa.array([0.1, -0.0, nan, inf, -inf, 1e-36, 1.7976931348623157e308, 5e-324, None, 0.30000000000000004], pa.float64()),
        "cat": pa.array(pd.Categorical(["red", "green", None, "red", "blue", "green", "red", "007", "blue", "red"])),
        "note": pa.array(["plain", "a, b", 'say "hi"', "two\nlines", "ünï ☃", None, "x", "y", "z", "end"]),
        "flag": pa.array([True, False, True, None, False, True, True, False, False, True]),
        "n": pa.array([10, None, -3, 0, 2147483647, -2147483648, None, 5, 6, 7], pa.int32()),
        "big": pa.array([9007199254740992, -5, 0, None, 1, 2, 3, 4, 5, -9007199254740992], pa.int64()),
    }
)

for c in ["uncompressed", "lz4", "zstd"]:
    feather.write_feather(small, out / f"small-{c}.feather", compression=c, chunksize=4)
    options = pa.ipc.IpcWriteOptions(compression=None if c == "uncompressed" else c)
    with pa.ipc.new_stream(out / f"small-{c}.arrows", small.schema, options=options) as writer:
        writer.write_table(small, max_chunksize=4)
    with pa.ipc.new_file(out / f"small-{c}.arrow", small.schema, options=options) as writer:
        writer.write_table(small, max_chunksize=4)

rng = np.random.default_rng(7)
n = 50_000
x = np.round(rng.normal(size=n), 3)
x[rng.random(n) < 0.05] = np.nan
x[::997] = np.inf
x[1::997] = -np.inf
x[2::997] = -0.0
df = pd.DataFrame(
    {
        "x": x,
        "noise": rng.random(n),
        "count": rng.integers(-(2**40), 2**40, n),
        "site": pd.Categorical(rng.choice(["news.example", "games.example", "shop.example", None], n)),
        "ua": rng.choice(["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5", "ünï ☃"], n),
    }
)
for c in ["uncompressed", "lz4", "zstd"]:
    df.to_feather(out / f"pandas-{c}.feather", compression=c, chunksize=20_000)

raw = np.round(rng.normal(size=20_000), 2).tobytes()
(out / "frame.bin").write_bytes(raw)
(out / "frame.lz4").write_bytes(pa.Codec("lz4").compress(raw).to_pybytes())
(out / "frame.zst").write_bytes(pa.Codec("zstd").compress(raw).to_pybytes())
