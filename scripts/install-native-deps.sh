#!/usr/bin/env bash
# Installs the Debian packages ChainNode loads through P/Invoke, only if they are missing:
#   libleveldb1d    -> libleveldb.so.1d   (the ledger's storage engine)
#   libsecp256k1-1  -> libsecp256k1.so.1  (transaction and vote signatures)
# Extra package names given as arguments are installed too (the tests add chromium, for the
# explorer's browser test). Runs `apt-get update` at most once per call. Needs root, or sudo.
set -euo pipefail

missing=()
for package in libleveldb1d libsecp256k1-1 "$@"; do
  # dpkg-query works without root and without /sbin on PATH.
  if [[ $(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) != "install ok installed" ]]; then
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
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
