#!/usr/bin/env python3
"""Cluster bench: per-shard throughput and coordinator overhead of `run --cluster` at 1-3 local silos.

    bench/cluster/run_cluster_bench.py [--s4-merchants 2150000] [--s7-merchants 1000000] [--work /tmp/allot-cluster-bench]

One data root holds an S4 fixture and an S7 fixture. For each state: a local run (one process, --workers 1 and 2),
then runs through a cluster of 1, 2 and 3 silo processes (--workers 1 each) over a redis-server membership store
started on a free loopback port. Every cluster run's receipt must equal the local one (checked). Prints a Markdown
table; raw lines go to stderr. Figures: bench/results/cluster.md.
"""
import argparse, json, os, glob, shutil, socket, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ALLOT = ["dotnet", os.path.join(REPO, "src/Allot.Cli/bin/Release/net10.0/allot.dll")]
FP = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(args, **kw):
    t = time.time()
    p = subprocess.run(ALLOT + args, capture_output=True, text=True, **kw)
    wall = time.time() - t
    if p.returncode != 0:
        log(p.stdout, p.stderr); raise SystemExit(f"failed: {' '.join(args)}")
    return p.stdout, p.stderr, wall


def load_avg():
    return open("/proc/loadavg").read().split()[:3]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--s4-merchants", type=int, default=2150000)
    ap.add_argument("--s7-merchants", type=int, default=1000000)
    ap.add_argument("--work", default="/tmp/allot-cluster-bench")
    ap.add_argument("--silos", default="1,2,3")
    a = ap.parse_args()
    subprocess.run(["dotnet", "build", os.path.join(REPO, "src/Allot.Cli"), "-c", "Release", "-v", "q"], check=True, capture_output=True)
    root = os.path.join(a.work, "root")
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    fx, _, _ = run(["segment1b", "fixtures", "--data-root", root, "--merchants", str(a.s4_merchants), "--countries", "200", "--tiles-per-country", "10000", "--seed", "2027"])
    fx = json.loads(fx)
    s4_ids = ["--seed", fx["seed"], "--manifest-fingerprint", fx["manifest_fingerprint"], "--parameter-hash", fx["parameter_hash"]]
    run(["segment1a", "fixtures", "--data-root", root, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", FP, "--merchants", str(a.s7_merchants)])
    s7_ids = ["--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", FP]

    def clean():
        for d in ["data/layer1/1B/s4_alloc_plan", "control", "data/layer1/1A/ranking_residual_cache", "logs/rng/events/dirichlet_gamma_vector", "logs/rng/events/residual_rank", "logs/rng/trace", "logs/rng/audit", "reports"]:
            shutil.rmtree(os.path.join(root, d), ignore_errors=True)

    def s4(extra):
        out, err, wall = run(["segment1b", "run", "--data-root", root, *s4_ids, "--quiet", *extra])
        report = json.load(open(glob.glob(os.path.join(root, "control/**/s4_run_report.json"), recursive=True)[0]))
        return {"wall": wall, "rows": report["rows_emitted"], "sha": report["determinism_receipt"]["sha256_hex"], "exec": report.get("execution"), "timings": report.get("timings_seconds")}

    def s7(extra):
        out, err, wall = run(["segment1a", "s7", "run", "--data-root", root, *s7_ids, "--quiet", *extra])
        report = json.loads(out)
        return {"wall": wall, "rows": report["rows"], "sha": report["cache"]["sha256"], "exec": report.get("execution"), "timings": report.get("timings_ms")}

    results = []
    log("load before:", load_avg())
    for w in (1, 2):
        clean(); r = s4(["--workers", str(w)]); results.append(("S4", f"local --workers {w}", r)); log("S4 local", w, r["wall"], r["timings"])
        clean(); r = s7(["--workers", str(w)]); results.append(("S7", f"local --workers {w}", r)); log("S7 local", w, r["wall"], r["timings"])
    local = {st: r["sha"] for st, label, r in results}

    redis_dir = os.path.join(a.work, "redis"); os.makedirs(redis_dir)
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redis_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    membership = f"redis://127.0.0.1:{port}"
    try:
        for n in [int(x) for x in a.silos.split(",")]:
            cid = f"bench{n}"
            silos = []
            for i in range(n):
                p = subprocess.Popen(ALLOT + ["cluster", "silo", "--membership", membership, "--cluster-id", cid, "--data-root", root, "--silo-port", str(free_port()), "--gateway-port", str(free_port()), "--advertise", "127.0.0.1", "--workers", "1", "--name", f"silo-{i + 1}"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                silos.append(p)
            for p in silos:
                for line in p.stdout:
                    if line.startswith("allot cluster silo: ready"):
                        break
            try:
                cl = ["--cluster", membership, "--cluster-id", cid, "--cluster-min-silos", str(n)]
                clean(); r = s4(cl); results.append(("S4", f"cluster, {n} silo(s)", r)); log("S4 cluster", n, r["wall"], json.dumps(r["exec"]))
                assert r["sha"] == local["S4"], "S4 receipt differs from the local run"
                clean(); r = s7(cl); results.append(("S7", f"cluster, {n} silo(s)", r)); log("S7 cluster", n, r["wall"], json.dumps(r["exec"]))
                assert r["sha"] == local["S7"], "S7 cache receipt differs from the local run"
            finally:
                for p in silos:
                    p.terminate()
                for p in silos:
                    p.wait(30)
    finally:
        redis.terminate(); redis.wait()
        clean()
    log("load after:", load_avg())

    print("| state | how | wall s | rows | shards | shards per silo | Σ shard s | per-shard rows/s | silo input load s | receipt = local |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for st, label, r in results:
        e = r["exec"] or {}
        shard_s = e.get("shard_seconds_total")
        per = f"{r['rows'] / shard_s:,.0f}" if shard_s else ""
        load = ", ".join(f"{v:.1f}" for v in (e.get("input_load_seconds_per_silo") or {}).values())
        spp = ", ".join(str(v) for v in (e.get("shards_per_silo") or {}).values())
        print(f"| {st} | {label} | {r['wall']:.1f} | {r['rows']:,} | {e.get('shards_total', '')} | {spp} | {shard_s if shard_s is not None else ''} | {per} | {load} | {'yes' if r['sha'] == local[st] else 'NO'} |")


if __name__ == "__main__":
    main()
