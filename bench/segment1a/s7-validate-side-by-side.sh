#!/usr/bin/env bash
# validate-s7 ÷ s7 run, side by side (issue #13 item 2): alternating passes in the same minute, the page cache written
# back and dropped (as root) before each. `s7 run` runs on RUN_ROOT (its previous outputs removed first);
# `validate-s7` validates the one complete run in VALIDATE_ROOT (a fixture of the same inputs, run once beforehand).
# Then the floors: the same log bytes read cold with cat and with O_DIRECT.
# Usage: bench/segment1a/s7-validate-side-by-side.sh PASSES WORKERS RUN_DLL RUN_ROOT VALIDATE_DLL VALIDATE_ROOT
set -euo pipefail
PASSES="$1"; WORKERS="$2"; RUN_DLL="$3"; RUN_ROOT="$4"; VAL_DLL="$5"; VAL_ROOT="$6"
FP=991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709
COMMON=(--seed 9248923 --parameter-hash p1 --manifest-fingerprint $FP --workers "$WORKERS" --quiet)
drop() { sync; if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi; }
measure() { # label, then the command; prints label wall user sys rss
  local label="$1"; shift
  local t; t=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >/dev/null 2>"$t.err" || { cat "$t.err"; exit 1; }
  read -r wall user sys rss <"$t"
  echo "$label wall=$wall user=$user sys=$sys cpu=$(echo "$user + $sys" | bc) peak_rss_mb=$((rss / 1024))"
  rm -f "$t" "$t.err"
}
for pass in $(seq 1 "$PASSES"); do
  echo "# pass $pass $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  for sub in logs/rng/events/dirichlet_gamma_vector logs/rng/events/residual_rank logs/rng/audit logs/rng/trace reports data/layer1/1A/ranking_residual_cache; do
    rm -rf "${RUN_ROOT:?}/$sub"
  done
  drop
  run=$(measure run dotnet "$RUN_DLL" segment1a s7 run --data-root "$RUN_ROOT" "${COMMON[@]}")
  echo "$run"
  drop
  val=$(measure validate dotnet "$VAL_DLL" segment1a validate-s7 --data-root "$VAL_ROOT" "${COMMON[@]}")
  echo "$val"
  rw=$(echo "$run" | sed 's/.*wall=\([^ ]*\).*/\1/'); vw=$(echo "$val" | sed 's/.*wall=\([^ ]*\).*/\1/')
  echo "ratio validate/run wall = $(echo "scale=3; $vw / $rw" | bc)"
done
# Floors, same minute: the same log bytes read cold with ordinary reads (cat) and with O_DIRECT (three dd at once,
# as validate-s7 reads them when the page cache does not hold them).
LOGS=$(find "$VAL_ROOT/logs/rng/events/dirichlet_gamma_vector" "$VAL_ROOT/logs/rng/events/residual_rank" "$VAL_ROOT/logs/rng/trace" -type f -name '*.jsonl' | tr '\n' ' ')
echo "# floors $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) bytes $(cat $LOGS | wc -c)"
drop
measure "floor-cat-cold" sh -c "cat $LOGS > /dev/null"
drop
measure "floor-odirect-cold" sh -c "for f in $LOGS; do dd if=\$f of=/dev/null bs=2M iflag=direct status=none & done; wait"
