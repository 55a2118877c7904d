"""Reads a bidlab Arrow log with pyarrow and pandas and prints what a data scientist would check."""
import json
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

path = sys.argv[1]
with pa.memory_map(path) as source:
    reader = ipc.open_file(source)
    table = reader.read_all()
    batches = reader.num_record_batches
frame = pd.read_feather(path)
won = frame[frame["won"]]
print(json.dumps({
    "rows": table.num_rows,
    "batches": batches,
    "types": {f.name: str(f.type) for f in table.schema},
    "won": int(frame["won"].sum()),
    "spend_cpm": float(won["paid_cpm"].sum()),
    "null_prices": int(frame["price_cpm"].isna().sum()),
    "first_ifa": json.loads(frame["request"].iloc[0])["device"]["ifa"],
    "purchases": sum(sum(1 for p in json.loads(s) if p["kind"] == "purchase") for s in frame["postbacks"]),
    "propensity_mean": float(frame["propensity"].mean()),
}))
