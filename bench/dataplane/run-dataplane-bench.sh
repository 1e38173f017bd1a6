#!/usr/bin/env bash
# Data plane (Parquet) benchmark: reader comparison (Parquet.Net, Allot's Arrow C++ reader, DuckDB) on the
# columns S4 (scenario L) and S7 (10^6 merchants) read, then the states' input stages. Figures go to
# bench/results/dataplane.md.
#   bench/dataplane/run-dataplane-bench.sh [workdir] [repeat]
# BEFORE_CLI=/path/to/old/allot.dll runs `segment1b run` with an older build on the same root, side by side.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/allot-dp-bench}
repeat=${2:-3}
dotnet build src/Allot.Cli -c Release -v q >/dev/null
dotnet build bench/Allot.Bench -c Release -v q >/dev/null
allot="dotnet src/Allot.Cli/bin/Release/net10.0/allot.dll"
bench="dotnet bench/Allot.Bench/bin/Release/net10.0/Allot.Bench.dll"
mkdir -p "$work"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -d "$work/s4L" ]; then
  $allot segment1b fixtures --data-root "$work/s4L" --merchants 215000 --countries 200 --tiles-per-country 10000 --seed 2026 > "$work/s4L.json"
fi
if [ ! -d "$work/s7" ]; then
  $bench macro s7 --phase fixtures --dir "$work/s7" --merchants 1000000
fi
tok() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$work/s4L.json"; }
ids=(--seed "$(tok seed)" --manifest-fingerprint "$(tok manifest_fingerprint)" --parameter-hash "$(tok parameter_hash)")
$bench macro parquet-readers s4 "$work/s4L" --repeat "$repeat"
$bench macro parquet-readers s7 "$work/s7" --repeat "$repeat"
run_s4() {
  rm -rf "$work/s4L/data/layer1/1B/s4_alloc_plan" "$work/s4L/control"
  /usr/bin/time -f "$2: process wall %e s, user %U s, sys %S s, max RSS %M KiB" $1 segment1b run --data-root "$work/s4L" "${ids[@]}" --workers 2 >/dev/null
  grep -E '"(load_inputs|allocate_write_publish|cpu_seconds_total|wall_clock_seconds_total|sha256_hex)"' "$(find "$work/s4L/control" -name s4_run_report.json)" | tr -d ' \n'; echo
}
for i in 1 2; do
  if [ -n "${BEFORE_CLI:-}" ]; then run_s4 "dotnet $BEFORE_CLI" before; fi
  run_s4 "$allot" after
done
$bench macro s7 --phase load --dir "$work/s7"
$bench macro s7 --phase load --dir "$work/s7"
echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
