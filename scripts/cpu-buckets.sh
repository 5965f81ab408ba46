#!/usr/bin/env bash
# Where the machine's CPU goes while validators run at full load: starts chainnode-bench at
# --rate max, records `perf` across all cores inside its measured window, and puts each sample
# in one bucket by its stack (the table in BENCHMARKS.md, "Why the 4-validator share stops
# near 66%"). Needs perf (Debian: linux-perf) and python3, and a Release build:
#   dotnet build -c Release ChainNode.sln
# Usage: scripts/cpu-buckets.sh [validators (4)] [seconds recorded (30)]
set -euo pipefail

validators=${1:-4}
seconds=${2:-30}
top=$(cd "$(dirname "$0")/.." && pwd)
bench="$top/bench/ChainNode.LoadGenerator/bin/Release/net10.0/chainnode-bench.dll"
[[ -f $bench ]] || { echo "cpu-buckets: no Release build of chainnode-bench at $bench; run: dotnet build -c Release ChainNode.sln" >&2; exit 2; }
command -v perf >/dev/null || { echo "cpu-buckets: perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "cpu-buckets: python3 is not installed" >&2; exit 2; }
[[ $seconds =~ ^[0-9]+$ ]] && (( seconds >= 5 && seconds <= 50 )) || { echo "cpu-buckets: seconds must be 5-50 (the bench measures 60 s)" >&2; exit 2; }

work=$(mktemp -d)
bench_pid=""
cleanup() {
    [[ -n $bench_pid ]] && kill "$bench_pid" 2>/dev/null && wait "$bench_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# Managed frames get names only when the runtime writes perf maps, and match them only with
# W^X off (with it on, code runs from a second mapping the maps do not name).
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
dotnet "$bench" --validators "$validators" --duration 60 --rate max > "$work/bench.log" 2>&1 &
bench_pid=$!

# Record from 10 s into the measured window (the progress lines after the warm-up).
for _ in $(seq 1 300); do
    grep -qE '^ +10 s +submitted' "$work/bench.log" && break
    kill -0 "$bench_pid" 2>/dev/null || { echo "cpu-buckets: the bench stopped before its window:" >&2; tail -5 "$work/bench.log" >&2; exit 1; }
    sleep 1
done
grep -qE '^ +10 s +submitted' "$work/bench.log" || { echo "cpu-buckets: the bench never reached its measured window" >&2; exit 1; }
echo "recording ${seconds} s of all cores..." >&2
perf record -a -g -F 299 -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null
perf script -i "$work/perf.data" -F comm,pid,ip,sym,dso 2>/dev/null > "$work/stacks.txt"
bench_process=$bench_pid # `dotnet app.dll` runs the app in its own process: this pid is the bench's
wait "$bench_pid" || true
bench_pid=""
grep -E 'committed +[0-9,]+ tx/s|latency|committed is|cpu per tx' "$work/bench.log" || true

# The runtime leaves a symbol map per process in /tmp; these runs are over.
for pid in $(awk 'NF >= 2 && $1 !~ /^[0-9a-f]+$/ { print $NF }' "$work/stacks.txt" | sort -u); do
    rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"
done

python3 - "$work/stacks.txt" "$bench_process" <<'EOF'
import collections, sys

buckets = [
    ("executing blocks (proposer and replicas)", ("ProposalValidator", "BlockExecutor", "TransactionExecutor")),
    ("committing blocks apart from LevelDB", ("ApplyCommitted", "ChainStore::Commit", "ExplorerIndex")),
    ("building proposals", ("MaybePropose", "BlockBuilder")),
    ("admitting txs apart from the check", ("TxPool::", "SignatureCheckMemo")),
    ("the consensus protocol and its records", ("ConsensusLoop", "ReplicaHost", "Replica::")),
    ("transport: Kestrel, gRPC, HTTP/2, HttpClient, TLS", ("Kestrel", "Grpc", "Http2", "System.Net.", "SslStream", "PeerLink", "PeerServer", "SubmitTxBatch", "System.IO.Pipelines")),
]

samples = open(sys.argv[1]).read().split("\n\n")
counts = collections.Counter()
total = 0
bench_pid = sys.argv[2]
for sample in samples:
    lines = [line.strip() for line in sample.strip().split("\n") if line.strip()]
    if len(lines) < 2:
        continue
    total += 1
    head, stack = lines[0], lines[1:]
    comm, pid, leaf = head.rsplit(None, 1)[0], head.split()[-1], stack[0]
    text = " ".join(stack)
    if "libsecp256k1" in leaf:
        bucket = "signature checks (libsecp256k1)"
    elif pid == bench_pid:
        bucket = "the bench client"
    elif not (comm.startswith(".NET") or comm.startswith("Kestrel") or comm.startswith("Console")):
        bucket = "idle and other processes"
    elif "libleveldb" in leaf or ("libc.so" in leaf and ("memcmp" in leaf or "memmove" in leaf or "basic_string" in leaf)):
        bucket = "LevelDB and the libc copies and compares under it"
    else:
        bucket = next((name for name, marks in buckets if any(m in text for m in marks)), None)
        if bucket is None:
            if "kernel" in leaf and any(m in text for m in ("tcp_", "sock_", "inet_", "sendmsg", "recvmsg", "sendto", "recvfrom")):
                bucket = "transport: the kernel's socket work"
            elif "kernel" in leaf:
                bucket = "kernel apart from sockets (scheduling, futex, files, faults)"
            elif "libcrypto" in leaf or "libssl" in leaf:
                bucket = "transport: Kestrel, gRPC, HTTP/2, HttpClient, TLS"
            else:
                bucket = "the .NET runtime and the rest"
    counts[bucket] += 1

print(f"\n{total} samples across all cores")
for bucket, n in counts.most_common():
    print(f"{100 * n / total:5.1f}%  {bucket}")
EOF
