#!/usr/bin/env bash
# Retail Step 32 side-by-side bench (issue #11 item 7): the Allot CLI (seed and joint), DuckDB and the pandas
# reference on the same 1 M store-row fixture, in the same minute. Not part of CI.
# usage: bench/reference/retail/run-retail-bench.sh [--repeat 3] [--stores 2000 --rows 20000 --stores-per-group 50]
set -euo pipefail
cd "$(dirname "$0")/../../.."
if ! /usr/bin/python3 -c 'import pandas, numpy' 2>/dev/null; then
  apt-get update && apt-get install -y python3-pandas python3-numpy
fi
dotnet build src/Allot.Cli -c Release -v q --nologo
dotnet build bench/Allot.Bench -c Release -v q --nologo
uptime
dotnet bench/Allot.Bench/bin/Release/net10.0/Allot.Bench.dll macro retail --stores 2000 --rows 20000 --stores-per-group 50 --repeat 3 "$@"
uptime
