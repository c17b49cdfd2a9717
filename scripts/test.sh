#!/usr/bin/env bash
# Builds everything and runs every test: unit and integration tests on the release build,
# then again under AddressSanitizer + UndefinedBehaviorSanitizer, then each libFuzzer harness
# briefly. Installs missing Debian packages first. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

echo "== release build"
scripts/build.sh release
echo "== release tests"
(cd build && ctest --output-on-failure --timeout 1500 -j 1)

echo "== asan+ubsan build"
scripts/build.sh asan
echo "== asan+ubsan tests"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure --timeout 1500 -j 1)

echo "== fuzz harnesses (short runs; scripts/fuzz.sh for long ones)"
scripts/fuzz.sh 20
