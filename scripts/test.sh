#!/usr/bin/env bash
# Builds everything and runs every test: unit and integration tests on the release build,
# then again under AddressSanitizer + UndefinedBehaviorSanitizer, the unit and concurrency
# tests under ThreadSanitizer, then each libFuzzer harness briefly. Installs missing Debian packages first. This is what CI runs (.ci/run).
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

echo "== tsan build"
scripts/build.sh tsan unit_tests tessera
echo "== tsan: unit tests and the concurrency tests"
# detect_deadlocks=0: EXEC and FLUSHALL hold every shard's lock at once, past the deadlock
# detector's 64-lock limit. A race report stops the process (the test then fails).
export TSAN_OPTIONS=detect_deadlocks=0:halt_on_error=1:second_deadlock_stack=1
build-tsan/unit_tests --gtest_brief=1
TESSERA_BIN="$PWD/build-tsan/tessera" /usr/bin/python3 -m pytest -q \
  tests/integration/test_blocking.py tests/integration/test_pubsub.py \
  tests/integration/test_tracking.py tests/integration/test_transactions.py \
  tests/integration/test_engines.py
unset TSAN_OPTIONS

echo "== fuzz harnesses (short runs; scripts/fuzz.sh for long ones)"
scripts/fuzz.sh 20
