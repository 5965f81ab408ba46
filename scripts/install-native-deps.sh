#!/usr/bin/env bash
# Installs the Debian packages ChainNode loads through P/Invoke, only if they are missing:
#   libleveldb1d    -> libleveldb.so.1d   (the ledger's storage engine)
#   libsecp256k1-1  -> libsecp256k1.so.1  (transaction and vote signatures)
# Runs `apt-get update` at most once per call. Needs root, or sudo.
set -euo pipefail

declare -A library_of=([libleveldb1d]=libleveldb.so.1d [libsecp256k1-1]=libsecp256k1.so.1)
missing=()
for package in "${!library_of[@]}"; do
  if ! ldconfig -p | grep -q "${library_of[$package]}"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing native packages: ${missing[*]}"
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: ${missing[*]} missing and not root (no sudo to install them)" >&2; exit 1; }
  as_root=(sudo)
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}"
