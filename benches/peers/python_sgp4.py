"""Times python-sgp4's SatrecArray on the exported satellites and checks it
agrees with the sgp4 crate's positions (reference.csv). Prints one JSON line.

    python3 python_sgp4.py DIR
"""

import json
import sys
import time

import numpy as np
from sgp4 import omm
from sgp4.api import WGS72, Satrec, SatrecArray

folder = sys.argv[1]
with open(f"{folder}/satellites.json") as f:
    fields = json.load(f)
reference = np.loadtxt(f"{folder}/reference.csv", delimiter=",", skiprows=1)
minutes = reference[0, 0]

sats = []
for row in fields:
    sat = Satrec()
    omm.initialize(sat, {k: str(v) for k, v in row.items()})
    sats.append(sat)
array = SatrecArray(sats)
epoch_jd = sats[0].jdsatepoch + sats[0].jdsatepochF
jd = np.array([np.floor(epoch_jd)])
fr = np.array([epoch_jd - np.floor(epoch_jd) + minutes / 1440.0])

best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    e, r, v = array.sgp4(jd, fr)
    best = min(best, time.perf_counter() - start)
diff = float(np.max(np.abs(r[:, 0, :] - reference[:, 1:4])))
print(json.dumps({
    "propagator": "python-sgp4 SatrecArray",
    "version": __import__("sgp4").__version__,
    "satellites": len(sats),
    "ns_per_propagation": best * 1e9 / len(sats),
    "errors": int(np.count_nonzero(e)),
    "max_diff_km": diff,
}))
