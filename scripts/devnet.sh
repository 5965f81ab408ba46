#!/usr/bin/env bash
# The README's first command: everything a fresh machine needs to run a local 4-validator
# network. Installs the missing native packages, builds chainnode (Release), then runs
# `chainnode devnet`, which creates .devnet/ on first use (well-known insecure keys matching
# genesis.json) and runs the 4 validators as separate processes until Ctrl-C.
# Extra arguments go to `chainnode devnet` (e.g. --dir, --base-port).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2; exit 1; }
bash scripts/install-native-deps.sh
echo "Building chainnode (Release)..."
dotnet build node/ChainNode.Node.csproj -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
exec dotnet node/bin/Release/net10.0/chainnode.dll devnet "$@"
