#!/usr/bin/env python3
"""Cluster bench: coordinator overhead of `run --cluster` vs a local run, and per-shard throughput, at 1-3 local silos.

    bench/cluster/run_cluster_bench.py [--s4-merchants 2150000] [--s7-merchants 1000000] [--states S4,S7]
                                       [--silos 1,2,3] [--workers 1] [--work /tmp/allot-cluster-bench] [--reuse]
                                       [--pairs N] [--allot BINARY] [--warm-silos]

One data root holds an S4 fixture and an S7 fixture (--reuse keeps them from an earlier call with the same sizes).
For each state (and round, --pairs): a local run (one process, --workers W), then runs through a cluster of 1, 2, 3 silo processes
(--workers W each) over a redis-server membership store on a free loopback port; silos are started afresh for each
state, so their peak RSS is that state's. Each run records wall, CPU (user+sys) and peak RSS of the coordinator
(/usr/bin/time) and of every silo (/proc: CPU spent during the run, VmHWM), and the load average before it.
With --warm-silos the silos serve every round (after one unrecorded run), their inputs touched before each run so
they load them again: a cluster serving run after run, instead of one started for each run. Every
cluster run's receipt must equal the local one (checked). Prints Markdown tables; raw lines go to stderr.
Figures: bench/results/cluster.md.
"""
import argparse, json, os, glob, shutil, socket, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ALLOT = ["dotnet", os.path.join(REPO, "src/Allot.Cli/bin/Release/net10.0/allot.dll")]
FP = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709"
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def load_avg():
    return open("/proc/loadavg").read().split()[:3]


def run(args, timed=False):
    """Runs the CLI; with timed, under /usr/bin/time: (stdout, wall, cpu s, peak RSS bytes)."""
    tf = "/tmp/allot-cluster-bench.time"
    prefix = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf] if timed else []
    t = time.time()
    p = subprocess.run(prefix + ALLOT + args, capture_output=True, text=True)
    wall = time.time() - t
    if p.returncode != 0:
        log(p.stdout, p.stderr); raise SystemExit(f"failed: {' '.join(args)}")
    if os.environ.get("ALLOT_T"):
        log(p.stderr.strip())
    if not timed:
        return p.stdout, wall, None, None
    e, u, s, m = open(tf).read().split()[-4:]
    return p.stdout, wall, float(u) + float(s), int(m) * 1024


def proc_cpu(pid):
    """CPU seconds (user+sys) of a process and its threads so far."""
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICK


def proc_hwm(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--s4-merchants", type=int, default=2150000)
    ap.add_argument("--s7-merchants", type=int, default=1000000)
    ap.add_argument("--states", default="S4,S7")
    ap.add_argument("--silos", default="1,2,3")
    ap.add_argument("--workers", type=int, default=1, help="threads of the local run and of each silo")
    ap.add_argument("--work", default="/tmp/allot-cluster-bench")
    ap.add_argument("--no-warm-up", action="store_true", help="start the silos with --no-warm-up (their first run then pays the process's one-time costs)")
    ap.add_argument("--reuse", action="store_true", help="keep the fixtures of an earlier call with the same sizes")
    ap.add_argument("--allot", help="the allot binary to run (e.g. a ReadyToRun publish: dotnet publish src/Allot.Cli -c Release -r linux-x64 -o DIR, then DIR/allot); default: the framework-dependent Release build, built first")
    ap.add_argument("--pairs", type=int, default=1, help="repeat (local run, then each cluster size) this many times, alternating; ratios are to the same round's local run")
    ap.add_argument("--warm-silos", action="store_true", help="start the silos once per state and cluster size and serve every round with them, as a cluster serves run after run: one unrecorded run first, then before each recorded run the state's inputs are touched (new mtimes, same bytes), so the silos load them again as for a new run, with their code warm")
    a = ap.parse_args()
    states = a.states.split(",")
    if a.allot:
        ALLOT[:] = [os.path.abspath(a.allot)]
    else:
        subprocess.run(["dotnet", "build", os.path.join(REPO, "src/Allot.Cli"), "-c", "Release", "-v", "q"], check=True, capture_output=True)
    root = os.path.join(a.work, "root")
    stamp = os.path.join(a.work, "fixtures.json")
    sizes = {"s4": a.s4_merchants, "s7": a.s7_merchants}
    if a.reuse and os.path.exists(stamp) and json.load(open(stamp))["sizes"] == sizes:
        fx = json.load(open(stamp))["s4"]
        log("reusing fixtures in", root)
    else:
        shutil.rmtree(a.work, ignore_errors=True)
        os.makedirs(a.work)
        fx, _, _, _ = run(["segment1b", "fixtures", "--data-root", root, "--merchants", str(a.s4_merchants), "--countries", "200", "--tiles-per-country", "10000", "--seed", "2027"])
        fx = json.loads(fx)
        run(["segment1a", "fixtures", "--data-root", root, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", FP, "--merchants", str(a.s7_merchants)])
        json.dump({"sizes": sizes, "s4": fx}, open(stamp, "w"))
    s4_ids = ["--seed", fx["seed"], "--manifest-fingerprint", fx["manifest_fingerprint"], "--parameter-hash", fx["parameter_hash"]]
    s7_ids = ["--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", FP]

    def clean():
        for d in ["data/layer1/1B/s4_alloc_plan", "control", "data/layer1/1A/ranking_residual_cache", "logs/rng/events/dirichlet_gamma_vector", "logs/rng/events/residual_rank", "logs/rng/trace", "logs/rng/audit", "reports"]:
            shutil.rmtree(os.path.join(root, d), ignore_errors=True)

    def go(state, extra):
        clean()
        os.sync()  # the previous run's writeback (GBs of S7 logs) and deletes are not charged to this one
        la = load_avg()[0]
        if state == "S4":
            out, wall, cpu, rss = run(["segment1b", "run", "--data-root", root, *s4_ids, "--quiet", *extra], timed=True)
            report = json.load(open(glob.glob(os.path.join(root, "control/**/s4_run_report.json"), recursive=True)[0]))
            r = {"rows": report["rows_emitted"], "sha": report["determinism_receipt"]["sha256_hex"], "exec": report.get("execution"), "timings": report.get("timings_seconds")}
        else:
            out, wall, cpu, rss = run(["segment1a", "s7", "run", "--data-root", root, *s7_ids, "--quiet", *extra], timed=True)
            report = json.loads(out)
            r = {"rows": report["rows"], "sha": report["cache"]["sha256"], "exec": report.get("execution"), "timings": report.get("timings_ms")}
        r.update(wall=wall, cpu=cpu, rss=rss, load=la, silo_cpu=[], silo_rss=[])
        return r

    results = []
    log("load before:", load_avg())

    def local_run(st):
        r = go(st, ["--workers", str(a.workers)])
        results.append((st, f"local --workers {a.workers}", r)); r["local"] = r
        log(st, "local", a.workers, f"wall {r['wall']:.1f} cpu {r['cpu']:.1f} rss {r['rss'] >> 20} MB load {r['load']}", r["timings"])
        return r

    redis_dir = os.path.join(a.work, "redis"); os.makedirs(redis_dir, exist_ok=True)
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redis_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    membership = f"redis://127.0.0.1:{port}"
    def start_silos(n, cid):
        silos = []
        for i in range(n):
            p = subprocess.Popen(ALLOT + ["cluster", "silo", "--membership", membership, "--cluster-id", cid, "--data-root", root, "--silo-port", str(free_port()), "--gateway-port", str(free_port()), "--advertise", "127.0.0.1", "--workers", str(a.workers), "--name", f"silo-{i + 1}"] + (["--no-warm-up"] if a.no_warm_up else []), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            silos.append(p)
        for p in silos:
            for line in p.stdout:
                if line.startswith("allot cluster silo: ready"):
                    break
        return silos

    def stop_silos(silos):
        for p in silos:
            p.terminate()
        for p in silos:
            p.wait(30)

    def touch_inputs(st):
        # New mtimes, same bytes: a silo's input stamp changes, so it loads again as for a new run.
        pattern = "data/layer1/1B/s3_requirements/**/*.parquet" if st == "S4" else "config/**/*"
        now = time.time()
        for f in glob.glob(os.path.join(root, pattern), recursive=True):
            if os.path.isfile(f):
                os.utime(f, (now, now))

    warm = {}
    try:
      for round_ in range(a.pairs):
        for st in states:
            local = {st: local_run(st)}
            for n in [int(x) for x in a.silos.split(",")]:
                cid = f"bench{n}{st}" + ("" if a.warm_silos else str(round_))
                cl = ["--cluster", membership, "--cluster-id", cid, "--cluster-min-silos", str(n)]
                if a.warm_silos:
                    if (st, n) not in warm:
                        warm[(st, n)] = start_silos(n, cid)
                        log(st, "cluster", n, "warm-up run (not recorded)", json.dumps(go(st, cl)["exec"]))
                    silos = warm[(st, n)]
                    touch_inputs(st)
                else:
                    silos = start_silos(n, cid)
                try:
                    before = [proc_cpu(p.pid) for p in silos]
                    r = go(st, cl)
                    r["silo_cpu"] = [proc_cpu(p.pid) - b for p, b in zip(silos, before)]
                    r["silo_rss"] = [proc_hwm(p.pid) for p in silos]
                    r["local"] = local[st]
                    kind = "warm silo" if a.warm_silos else "silo"
                    results.append((st, f"cluster, {n} {kind}{'s' if n > 1 else ''}", r))
                    log(st, "cluster", n, f"wall {r['wall']:.1f} coord cpu {r['cpu']:.1f} rss {r['rss'] >> 20} MB; silos cpu {['%.1f' % c for c in r['silo_cpu']]} rss {[x >> 20 for x in r['silo_rss']]} MB; load {r['load']}", json.dumps(r["exec"]), r["timings"])
                    assert r["sha"] == local[st]["sha"], f"{st} receipt differs from the local run"
                finally:
                    if not a.warm_silos:
                        stop_silos(silos)
    finally:
        for silos in warm.values():
            stop_silos(silos)
        redis.terminate(); redis.wait()
        clean()
    log("load after:", load_avg())

    gb = lambda b: f"{b / 2**30:.2f}"
    print("| state | how | load before | wall s | wall ÷ local | CPU s (coordinator + silos) | peak RSS GB coordinator / silos | shards per silo | Σ shard s | per-shard rows/s | silo input load s | receipt = local |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for st, label, r in results:
        e = r["exec"] or {}
        shard_s = e.get("shard_seconds_total")
        per = f"{r['rows'] / shard_s:,.0f}" if shard_s else ""
        load = ", ".join(f"{v:.1f}" for v in (e.get("input_load_seconds_per_silo") or {}).values())
        spp = ", ".join(str(v) for v in (e.get("shards_per_silo") or {}).values())
        cpu = f"{r['cpu']:.1f}" + (f" + {' + '.join('%.1f' % c for c in r['silo_cpu'])} = {r['cpu'] + sum(r['silo_cpu']):.1f}" if r["silo_cpu"] else "")
        rss = gb(r["rss"]) + (" / " + ", ".join(gb(x) for x in r["silo_rss"]) if r["silo_rss"] else "")
        ratio = r["wall"] / r["local"]["wall"]
        print(f"| {st} | {label} | {r['load']} | {r['wall']:.1f} | {ratio:.2f} | {cpu} | {rss} | {spp} | {shard_s if shard_s is not None else ''} | {per} | {load} | {'yes' if r['sha'] == r['local']['sha'] else 'NO'} |")


if __name__ == "__main__":
    main()
