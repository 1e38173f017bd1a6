#!/usr/bin/env bash
# Segment 1B end-to-end scenarios (figures go to bench/results/segment1b.md).
#   bench/segment1b/run-scenarios.sh L|XL|M [workdir]
# L : ~200 countries, ~2M tiles, ~300k pairs, ~1.4M rows
# XL: ~200 countries, ~2M tiles, ~3M pairs, >10M rows (streaming writes, bounded memory)
# M : the size the NumPy per-pair reference can finish; prints the side-by-side ratio
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=${1:-L}
work=${2:-/tmp/allot-s4-bench}
dotnet build src/Allot.Cli -c Release -v q >/dev/null
dotnet build bench/Allot.Bench -c Release -v q >/dev/null
allot="dotnet src/Allot.Cli/bin/Release/net10.0/allot.dll"
case "$scenario" in
  L)  shape=(--merchants 215000 --countries 200 --tiles-per-country 10000 --seed 2026) ;;
  XL) shape=(--merchants 2150000 --countries 200 --tiles-per-country 10000 --seed 2027) ;;
  M)  shape=(--merchants 21000 --countries 200 --tiles-per-country 2000 --seed 3) ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac
root="$work/$scenario"
rm -rf "$root"
fx=$($allot segment1b fixtures --data-root "$root" "${shape[@]}")
tok() { echo "$fx" | sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/"; }
ids=(--seed "$(tok seed)" --manifest-fingerprint "$(tok manifest_fingerprint)" --parameter-hash "$(tok parameter_hash)")
if [ "$scenario" = M ]; then
  dotnet bench/Allot.Bench/bin/Release/net10.0/Allot.Bench.dll macro segment1b-reference "$root" "$(tok seed)" "$(tok manifest_fingerprint)" "$(tok parameter_hash)"
  exit 0
fi
for w in 1 2; do
  rm -rf "$root/data/layer1/1B/s4_alloc_plan" "$root/control"
  /usr/bin/time -f "process: wall %e s, max RSS %M KiB" $allot segment1b run --data-root "$root" "${ids[@]}" --workers $w
done
report=$(find "$root/control" -name s4_run_report.json)
grep -E '"(rows_emitted|pairs_total|merchants_total|wall_clock_seconds_total|cpu_seconds_total|max_worker_rss_bytes|open_files_peak|workers_used|allocate_write_publish|load_inputs|s0_gate|bytes_read_[a-z]+)"' "$report"
ls -la "$(dirname "$(find "$root/data/layer1/1B/s4_alloc_plan" -name 'part-00000.parquet')")"
/usr/bin/time -f "validate: wall %e s, max RSS %M KiB" $allot segment1b validate-s4 --data-root "$root" "${ids[@]}"
