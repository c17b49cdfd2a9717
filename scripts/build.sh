#!/usr/bin/env bash
# Configures and builds one flavour: release (build/), asan (build-asan/), or fuzz
# (build-fuzz/: clang, ASan+UBSan, the libFuzzer harnesses only; see scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
flavour="${1:-release}"
case "$flavour" in
  release) dir=build; extra=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan) dir=build-asan; extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTESSERA_SANITIZE=ON) ;;
  tsan) dir=build-tsan; extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTESSERA_TSAN=ON) ;;
  fuzz) dir=build-fuzz; extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTESSERA_FUZZ=ON
                              -DTESSERA_BUILD_TESTS=OFF -DCMAKE_CXX_COMPILER=clang++)
        set -- "$1" fuzzers "${@:2}" ;;
  *) echo "usage: $0 [release|asan|tsan|fuzz]" >&2; exit 2 ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${extra[@]}" >/dev/null
fi
ninja -C "$dir" -j "$(nproc)" "${@:2}"
