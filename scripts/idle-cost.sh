#!/usr/bin/env bash
# Idle cost of a 4-validator local network: CPU seconds (utime+stime from /proc) and data-folder
# growth over an idle window, per setting of consensus.createEmptyBlocks, extrapolated per hour.
# Usage: scripts/idle-cost.sh [seconds] [true|false]   (build first: dotnet build node -c Release)
set -euo pipefail
seconds=${1:-300}; empty=${2:-true}
dll=$(cd "$(dirname "$0")/.." && pwd)/node/bin/Release/net10.0/chainnode.dll
dir=$(mktemp -d /tmp/idle-cost-XXXX); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
dotnet "$dll" init --validators 4 --members 4 --out "$dir" --base-port $((30000 + RANDOM % 20000)) >/dev/null
homes=$(find "$dir" -name config.json -printf '%h\n' | sort)
for h in $homes; do
  python3 - "$h/config.json" "$empty" <<'PY'
import json,sys; p=sys.argv[1]; c=json.load(open(p)); c.setdefault("consensus",{})["createEmptyBlocks"]=sys.argv[2]=="true"; json.dump(c,open(p,"w"),indent=2)
PY
  dotnet "$dll" run --home "$h" >"$h.log" 2>&1 & pids+=($!)
done
cpu() { local t=0; for p in "${pids[@]}"; do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo "$t"; }
size() { du -sb $homes | awk '{s+=$1} END {print s}'; }
sleep 20 # warm-up: JIT, connections, block 1
c0=$(cpu); d0=$(size); t0=$(date +%s)
sleep "$seconds"
c1=$(cpu); d1=$(size); t1=$(date +%s)
hz=$(getconf CLK_TCK); el=$((t1 - t0))
python3 -c "
cpu=($c1-$c0)/$hz; disk=$d1-$d0; el=$el
print(f'createEmptyBlocks=$empty window={el}s cpu={cpu:.2f}s (4 nodes) disk={disk} B')
print(f'per idle hour: cpu={cpu*3600/el:.0f} s (all 4), {cpu*3600/el/4:.0f} s per node; disk={disk*3600/el/1e6:.1f} MB (all 4)')"
grep -h "Committed block" $dir/*.log | tail -1 || true
