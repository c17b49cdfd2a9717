#!/usr/bin/env bash
# Installs the Debian packages Tessera needs to build and test, if any is missing.
# Uses sudo when not root. Safe to run repeatedly: it does nothing when all are present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  libabsl-dev libmimalloc-dev liburing-dev libcli11-dev libtomlplusplus-dev libgtest-dev
  redis-server redis-tools memcached libmemcached-tools
  python3 python3-redis python3-pymemcache python3-pytest
  procps util-linux
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a redis-server service on install where an init system runs; tests start
# their own servers on free ports, so that one is not needed (and is left alone here).
