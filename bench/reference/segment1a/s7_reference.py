#!/usr/bin/env python3
"""Straightforward reference implementation of Segment 1A S7 (spec: ../shared/specs/30-segment1a-s7.md).

Independent of the C# code: plain Python (struct, hashlib, math). Used by the macro benchmark
`s7-reference` for the speed ratio and for a bit-for-bit agreement check on sampled merchants.

Input (tab-separated, one merchant per line, written by the benchmark):
    merchant_id  N  isos(comma)  alphas(comma, shortest round-trip decimal)
Output (tab-separated, one merchant per line; doubles in repr(), which round-trips exactly):
    merchant_id  draws  blocks  gammas(comma)  weights(comma)  q(comma)  ranks(comma)  counts(comma)
Usage: s7_reference.py INPUT OUTPUT SEED FINGERPRINT
Prints one JSON line with merchants and elapsed seconds.
"""
import hashlib
import json
import math
import struct
import sys
import time

MASK64 = (1 << 64) - 1
PHILOX_M = 0xD2B74407B1CE6E93
PHILOX_W = 0x9E3779B97F4A7C15
TAU = float.fromhex("0x1.921fb54442d18p+2")
ONE_MINUS = float.fromhex("0x1.fffffffffffffp-1")
TWO_M64 = 2.0 ** -64


def enc_str(s):
    b = s.encode("utf-8")
    return struct.pack("<I", len(b)) + b


def philox(lo, hi, key):
    c0, c1, k = lo, hi, key
    for _ in range(10):
        p = PHILOX_M * c0
        c0 = (p >> 64) ^ k ^ c1
        c1 = p & MASK64
        k = (k + PHILOX_W) & MASK64
    return c0, c1


def master(seed, fingerprint_hex):
    return hashlib.sha256(enc_str("mlr:1A.master") + bytes.fromhex(fingerprint_hex) + struct.pack("<Q", seed)).digest()


class Stream:
    def __init__(self, m, label, ids=b""):
        h = hashlib.sha256(m + enc_str("mlr:1A") + enc_str(label) + ids).digest()
        self.key = struct.unpack("<Q", h[24:32])[0]
        self.hi = struct.unpack(">Q", h[16:24])[0]
        self.lo = struct.unpack(">Q", h[24:32])[0]
        self.draws = 0
        self.blocks = 0

    def block(self, lanes):
        x = philox(self.lo, self.hi, self.key)
        self.lo += 1
        if self.lo > MASK64:
            self.lo = 0
            self.hi = (self.hi + 1) & MASK64
        self.blocks += 1
        self.draws += lanes
        return x

    @staticmethod
    def u01(x):
        u = float(x + 1) * TWO_M64  # Python ints do not wrap; float() rounds to nearest
        return ONE_MINUS if u == 1.0 else u

    def uniform(self):
        return self.u01(self.block(1)[0])

    def normal(self):
        x0, x1 = self.block(2)
        u1, u2 = self.u01(x0), self.u01(x1)
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(TAU * u2)

    def gamma(self, a):
        if a <= 0.0:
            raise ValueError("alpha must be > 0")
        if a < 1.0:
            g = self.gamma(a + 1.0)
            u = self.uniform()
            return g * math.pow(u, 1.0 / a)
        d = a - 1.0 / 3.0
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            n = self.normal()
            x = 1.0 + c * n
            if x <= 0.0:
                continue
            v = x * x * x
            u = self.uniform()
            if math.log(u) < 0.5 * n * n + d - d * v + d * math.log(v):
                return d * v


def allocate(m, merchant_id, n_total, isos, alphas):
    k = len(isos)
    draws = blocks = 0
    if k == 1:
        gammas, weights = [], [1.0]
    else:
        s = Stream(m, "dirichlet_gamma_vector", struct.pack("<Q", merchant_id))
        gammas = [s.gamma(a) for a in alphas]
        total = 0.0
        for g in gammas:
            total += g
        if total == 0.0:
            raise ValueError("E_DIRICHLET_SUM merchant %d" % merchant_id)
        weights = [g / total for g in gammas]
        draws, blocks = s.draws, s.blocks
    floors, qs = [], []
    for w in weights:
        a = n_total * w
        f = math.floor(a)
        q = min(round((a - f) * 1e8), 99999999)  # round() on floats is round-half-even
        floors.append(f)
        qs.append(q)
    d = n_total - sum(floors)
    if not (0 <= d < k):
        raise ValueError("INTEGER_SUM_MISMATCH merchant %d" % merchant_id)
    order = sorted(range(k), key=lambda i: (-qs[i], isos[i]))
    ranks = [0] * k
    counts = list(floors)
    for pos, i in enumerate(order):
        ranks[i] = pos + 1
        if pos < d:
            counts[i] += 1
    return draws, blocks, gammas, weights, qs, ranks, counts


def main(argv):
    inp, out, seed, fingerprint = argv[1], argv[2], int(argv[3]), argv[4]
    m = master(seed, fingerprint)
    start = time.perf_counter()
    count = 0
    with open(inp, encoding="ascii") as fi, open(out, "w", encoding="ascii") as fo:
        for line in fi:
            mid, n, isos, alphas = line.rstrip("\n").split("\t")
            mid, n = int(mid), int(n)
            isos = isos.split(",")
            alphas = [float(a) for a in alphas.split(",")]
            draws, blocks, g, w, q, r, c = allocate(m, mid, n, isos, alphas)
            fo.write("%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n" % (
                mid, draws, blocks, ",".join(map(repr, g)), ",".join(map(repr, w)),
                ",".join(map(str, q)), ",".join(map(str, r)), ",".join(map(str, c))))
            count += 1
    print(json.dumps({"merchants": count, "seconds": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
