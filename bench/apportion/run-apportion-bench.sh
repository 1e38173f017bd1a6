#!/usr/bin/env bash
# allot apportion on a million rows, side by side with DuckDB doing the same I/O (read the CSV, write every column
# plus an allocation column computed per group), in the same minute. Three runs each; wall, user+sys CPU and peak
# RSS from /usr/bin/time. Usage: bench/apportion/run-apportion-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
work=${BENCH_WORK:-/tmp/allot-apportion-bench}
mkdir -p "$work"

dotnet build src/Allot.Cli -c Release -nologo -v q >/dev/null
dotnet build bench/Allot.Bench -c Release -nologo -v q >/dev/null
allot=src/Allot.Cli/bin/Release/net10.0/allot
bench=bench/Allot.Bench/bin/Release/net10.0/Allot.Bench

# Fixtures (deterministic): 10,000 groups x 100 units with 3-decimal weights and a total column; and one group of
# 1,000,000 units with integer weights and --total 10^9.
python3 - "$work" <<'PY'
import random, sys, os
d = sys.argv[1]
random.seed(7)
if not os.path.exists(f"{d}/groups.csv"):
    with open(f"{d}/groups.csv", "w") as f:
        f.write("group,unit,weight,total\n")
        for g in range(10000):
            t = random.randint(0, 100000)
            for u in range(100):
                f.write(f"g{g:05d},u{u:03d},{random.randint(0, 10**7) / 1000},{t}\n")
if not os.path.exists(f"{d}/units.csv"):
    with open(f"{d}/units.csv", "w") as f:
        f.write("unit,weight\n")
        for u in range(1000000):
            f.write(f"u{u:07d},{random.randint(1, 10**9)}\n")
PY

measure() { # label, command...
  local label=$1; shift
  for i in $(seq "$runs"); do
    rm -f "$work"/out-*
    /usr/bin/time -f "$label run $i: %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
    tail -1 "$work/time.txt"
  done
}

echo "# $(date -u +%FT%TZ) $(uptime)"
echo "## 1,000,000 rows in 10,000 groups (26.7 MB CSV)"
measure "allot apportion" "$allot" apportion --input "$work/groups.csv" --group-column group --unit-column unit --weight-column weight --output "$work/out-allot.csv"
measure "duckdb (same I/O)" "$bench" macro apportion-duckdb "$work/groups.csv" "$work/out-duck.csv" group total
echo "## 1,000,000 units in one group, total 10^9 (18.9 MB CSV)"
measure "allot apportion" "$allot" apportion --input "$work/units.csv" --unit-column unit --weight-column weight --total 1000000000 --output "$work/out-allot.csv"
measure "duckdb (same I/O)" "$bench" macro apportion-duckdb "$work/units.csv" "$work/out-duck.csv" - 1000000000
