#!/usr/bin/env bash
# Issue 13's S4 ratio, side by side in one command, alternating, N passes: `allot segment1b run --workers 2` on
# scenario L (child process, /usr/bin/time: wall, user, sys, peak RSS); the same state in-process in a bench child
# (S4Runner.Run timed from call to return: gate, load, allocate, write, publish, report — no process start-up);
# DuckDB.NET (1 and 2 threads) decoding the same three inputs and rewriting the same plan (same four columns, row
# count, Snappy, 1,048,576-row groups), timed in-process, plan preloaded outside its clock.
# Ratios printed, like with like: in-process ÷ in-process, process ÷ process (with and without DuckDB's plan
# preload); and the strictest mixed form, Allot's process wall ÷ DuckDB's in-process decode + write.
#   bench/segment1b/run-vs-duckdb.sh [workdir] [repeat]      (BEFORE_CLI=/old/allot.dll adds an older build to each pass;
#   PUBLISH=1 measures the shipped form instead of the build: `dotnet publish -r linux-x64`, self-contained composite
#   ReadyToRun; the in-process children then run in a publish of the bench in the same form, so the in-process ratio
#   compares like with like too)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/allot-s4-vs-duckdb}
repeat=${2:-3}
dotnet build src/Allot.Cli -c Release -v q >/dev/null
dotnet build bench/Allot.Bench -c Release -v q >/dev/null
allot="src/Allot.Cli/bin/Release/net10.0/allot.dll"
if [ "${PUBLISH:-0}" = 1 ]; then
  dotnet publish src/Allot.Cli -c Release -r linux-x64 -o "$work/cli-r2r" -v q >/dev/null
  allot="$work/cli-r2r/allot.dll"
  echo "# allot CLI: platform publish (ReadyToRun) at $allot"
  # The bench in the CLI's shipped form (src/Allot.Cli/Allot.Cli.csproj sets these for any -r publish).
  dotnet publish bench/Allot.Bench -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
    -p:PublishReadyToRunComposite=true -p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:x86-64-v3 \
    -o "$work/bench-r2r" -v q >/dev/null
  child_host="$work/bench-r2r/Allot.Bench.dll"
fi
if [ ! -d "$work/L" ]; then
  dotnet "$allot" segment1b fixtures --data-root "$work/L" --merchants 215000 --countries 200 --tiles-per-country 10000 --seed 2026 >/dev/null
fi
uptime
dotnet bench/Allot.Bench/bin/Release/net10.0/Allot.Bench.dll macro segment1b-vs-duckdb "$work/L" --allot "$allot" \
  ${BEFORE_CLI:+--before "$BEFORE_CLI"} ${child_host:+--child-host "$child_host"} --workers 2 --repeat "$repeat" --threads 1,2
uptime
