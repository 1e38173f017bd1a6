#!/usr/bin/env python3
"""Reference S4 allocation, the original engine's per-pair approach, in NumPy.

For every (merchant, country, n_sites) pair it takes ALL tiles of the country:
z = floor(w*n/K), r = (w*n) mod K, gives +1 to the S = n - sum(z) tiles with the largest r (ties by tile_id
ascending, via np.lexsort), and keeps the non-zero rows. Cost: O(tiles log tiles) per pair, i.e. pairs x tiles.

Input: a folder written by `allot-bench macro segment1b-reference` (raw little-endian arrays + meta.json).
Output (stdout, one JSON line): rows, sites, checksum (sum of tile_id*count mod 2^64), seconds.
"""
import json
import os
import sys
import time

import numpy as np


def main(folder: str) -> None:
    meta = json.load(open(os.path.join(folder, "meta.json")))
    k = np.uint64(meta["denominator"])
    tiles = np.fromfile(os.path.join(folder, "tile_ids.u64"), dtype="<u8")
    weights = np.fromfile(os.path.join(folder, "weights.u64"), dtype="<u8")
    offsets = np.fromfile(os.path.join(folder, "country_offsets.i64"), dtype="<i8")
    pair_country = np.fromfile(os.path.join(folder, "pair_country.i32"), dtype="<i4")
    pair_sites = np.fromfile(os.path.join(folder, "pair_nsites.i64"), dtype="<i8")

    start = time.perf_counter()
    rows = 0
    sites = 0
    checksum = np.uint64(0)
    with np.errstate(over="ignore"):
        for c, n in zip(pair_country.tolist(), pair_sites.tolist()):
            lo, hi = offsets[c], offsets[c + 1]
            w = weights[lo:hi]
            t = tiles[lo:hi]
            prod = w * np.uint64(n)  # w <= 10^dp and n small: no overflow at the benchmark's dp
            z = (prod // k).astype(np.int64)
            r = (prod % k).astype(np.int64)
            s = n - int(z.sum())
            if s > 0:
                order = np.lexsort((t, -r))  # remainder desc, then tile_id asc
                z[order[:s]] += 1
            nz = np.flatnonzero(z)
            rows += nz.size
            sites += int(z[nz].sum())
            checksum = checksum + (t[nz] * z[nz].astype(np.uint64)).sum(dtype=np.uint64)
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": rows, "sites": sites, "checksum": str(int(checksum)), "seconds": seconds}))


if __name__ == "__main__":
    main(sys.argv[1])
