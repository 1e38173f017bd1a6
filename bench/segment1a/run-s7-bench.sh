#!/usr/bin/env bash
# Segment 1A S7 benchmark: 10^6 merchants by default. Each phase runs in its own process so peak RSS is per phase.
# Usage: bench/segment1a/run-s7-bench.sh [merchants] [data-dir] [reference-sample]
set -euo pipefail
cd "$(dirname "$0")/../.."
MERCHANTS="${1:-1000000}"
DIR="${2:-/tmp/allot-s7-bench}"
SAMPLE="${3:-20000}"
dotnet build bench/Allot.Bench -c Release -v q --nologo >/dev/null
BENCH="dotnet bench/Allot.Bench/bin/Release/net10.0/Allot.Bench.dll macro s7 --dir $DIR --merchants $MERCHANTS"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
$BENCH --phase fixtures
$BENCH --phase kernels
$BENCH --phase run --workers 1
$BENCH --phase run --workers 2
$BENCH --phase validate
$BENCH --phase reference --sample "$SAMPLE"
echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
