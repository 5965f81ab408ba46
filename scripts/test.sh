#!/usr/bin/env bash
# Runs every test in ChainNode.sln. Installs missing native packages first, then prints the
# totals from the test result files as the last line: "N passed, N failed[, N skipped]".
#   scripts/test.sh           everything, as CI runs it
#   scripts/test.sh --fast    the inner loop, under a minute: every test in neither category
#                             Integration (processes, network namespaces, browser, npm clients)
#                             nor Long (in-process seed sweeps of the consensus simulator)
# Any further arguments go to dotnet test.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fast=0
if [[ ${1:-} == --fast ]]; then
  fast=1
  shift
fi

if ((fast)); then
  # The integration project still builds and is discovered; the filter runs none of its tests.
  set -- --filter "TestCategory!=Integration&TestCategory!=Long" "$@"
else
  # chromium (Debian's, never a downloaded browser) drives the explorer's browser test.
  bash scripts/install-native-deps.sh chromium || { echo "0 passed, 1 failed"; exit 1; }

  # Standard clients the tests use: @grpc/grpc-js (with @grpc/proto-loader for proto/), and buf (lint, curl).
  if [[ ! -d tests/interop/node_modules/@grpc/grpc-js || ! -d tests/interop/node_modules/@grpc/proto-loader || ! -x tests/interop/node_modules/.bin/buf ]]; then
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci in tests/interop failed"; echo "0 passed, 1 failed"; exit 1; }
  fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet test ChainNode.sln --logger trx --results-directory "$results" "$@"
status=$?

total=0 passed=0 failed=0
for trx in "$results"/*.trx; do
  [[ -e $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  # A missing counter counts as 0, so a malformed file cannot break the arithmetic.
  attr() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  total=$((total + $(attr total)))
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
done
skipped=$((total - passed - failed))

if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "dotnet test failed (exit $status) before reporting failures: see the build output above"
  failed=1
fi
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $status -eq 0 && $failed -eq 0 ]]
