#!/usr/bin/env bash
# S4 scale curve (issue 13): the same requirements (scenario L's 215,000 merchants, ~301 k pairs) over 1×, 4× and 10×
# L's tiles, plus the memory point 2×10^7 tiles × 3×10^6 pairs. Wall, CPU and peak RSS per point, from
# /usr/bin/time around `allot segment1b run --workers 2`, with the run's own timings_seconds and receipt.
#   bench/segment1b/run-scale-curve.sh [workdir]          (BEFORE_CLI=/old/allot.dll adds the older build, same root, next to it)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/allot-s4-scale}
dotnet build src/Allot.Cli -c Release -v q >/dev/null
allot="src/Allot.Cli/bin/Release/net10.0/allot.dll"
mkdir -p "$work"
points=("1x:215000:10000:2026" "4x:215000:40000:2026" "10x:215000:100000:2026" "10x-3Mpairs:2150000:100000:2028")
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| point | build | tile_weights MB | pairs | rows | process wall s | user s | sys s | peak RSS MB | load_inputs s | allocate_write s | receipt |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for p in "${points[@]}"; do
  IFS=: read -r name merchants tiles seed <<<"$p"
  root="$work/$name"
  if [ ! -f "$root.json" ]; then
    dotnet "$allot" segment1b fixtures --data-root "$root" --merchants "$merchants" --countries 200 --tiles-per-country "$tiles" --seed "$seed" > "$root.json"
  fi
  tok() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$root.json"; }
  ids=(--seed "$(tok seed)" --manifest-fingerprint "$(tok manifest_fingerprint)" --parameter-hash "$(tok parameter_hash)")
  builds=("after:$allot")
  if [ -n "${BEFORE_CLI:-}" ]; then builds=("before:$BEFORE_CLI" "${builds[@]}"); fi
  for b in "${builds[@]}"; do
    label=${b%%:*}; cli=${b#*:}
    rm -rf "$root/data/layer1/1B/s4_alloc_plan" "$root/control"
    t=$( { /usr/bin/time -f "%e %U %S %M" dotnet "$cli" segment1b run --data-root "$root" "${ids[@]}" --workers 2 --quiet >/dev/null; } 2>&1 | tail -1)
    read -r wall user sys rss <<<"$t"
    rep=$(find "$root/control" -name s4_run_report.json)
    num() { grep -o "\"$1\": [0-9.]*" "$rep" | head -1 | sed 's/.*: //'; }
    sha=$(grep -o '"sha256_hex": "[0-9a-f]*"' "$rep" | sed -E 's/.*"([0-9a-f]{12}).*/\1/')
    echo "| $name | $label | $(( $(num bytes_read_weights) / 1048576 )) | $(num pairs_total) | $(num rows_emitted) | $wall | $user | $sys | $((rss / 1024)) | $(num load_inputs) | $(num allocate_write) | $sha… |"
  done
done
echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
