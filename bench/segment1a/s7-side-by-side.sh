#!/usr/bin/env bash
# Runs `allot segment1a s7 run` for each given build on its own copy of one fixture, in the same minute, with the
# previous run's outputs removed and (as root) the page cache written back and dropped first, so one run's writeback
# does not land in the next one's sys time.
# Usage: bench/segment1a/s7-side-by-side.sh WORKERS LABEL=ALLOT_DLL=DATA_ROOT [LABEL=ALLOT_DLL=DATA_ROOT ...] [-- extra s7 run args]
set -euo pipefail
WORKERS="$1"; shift
RUNS=(); EXTRA=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; EXTRA=("$@"); break; fi
  RUNS+=("$1"); shift
done
FP=991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709
for spec in "${RUNS[@]}"; do
  IFS='=' read -r label dll root <<<"$spec"
  for sub in logs/rng/events/dirichlet_gamma_vector logs/rng/events/residual_rank logs/rng/audit logs/rng/trace reports data/layer1/1A/ranking_residual_cache; do
    rm -rf "${root:?}/$sub"
  done
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  out=$(mktemp)
  echo "# $label $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -v -o "$out.time" dotnet "$dll" segment1a s7 run --data-root "$root" --seed 9248923 --parameter-hash p1 \
    --manifest-fingerprint $FP --workers "$WORKERS" --quiet "${EXTRA[@]}" >"$out" 2>"$out.err" || { cat "$out.err"; exit 1; }
  wall=$(grep 'Elapsed (wall' "$out.time" | awk '{print $NF}')
  user=$(grep 'User time' "$out.time" | awk '{print $NF}')
  sys=$(grep 'System time' "$out.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$out.time" | awk '{print $NF}')
  bytes=$(du -sb "$root/logs/rng/events/dirichlet_gamma_vector" "$root/logs/rng/events/residual_rank" "$root/logs/rng/trace" | awk '{s+=$1} END {print s}')
  echo "$label wall=$wall user=$user sys=$sys peak_rss_mb=$((rss / 1024)) log_bytes=$bytes"
  python3 - "$out" <<'PY' 2>/dev/null || head -c 600 "$out"
import json, sys
t = open(sys.argv[1]).read()
d, _ = json.JSONDecoder().raw_decode(t[t.index("{"):])
tm = d.get("timings_ms", {})
print("  timings_ms", {k: round(v) for k, v in sorted(tm.items())}, "cache", d["cache"]["sha256"][:16], "rss", d.get("peak_rss_bytes"))
PY
  rm -f "$out" "$out.time" "$out.err"
done
