#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 /
# Ubuntu machine: the C toolchain and libraries, the test peers' npm packages
# (tests/package-lock.json), Chromium for the browser tests, wrk and nginx
# for benchmarks, a PostgreSQL server the tests start themselves
# (tests/lib/pg-temp.sh). Idempotent and quiet when everything is there.
#
#   scripts/install-deps.sh            # build + test dependencies
#   scripts/install-deps.sh --runtime  # only what building and running needs
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PKGS=(build-essential cmake pkg-config libgrpc-dev protobuf-compiler protobuf-c-compiler
  libprotobuf-c-dev libmicrohttpd-dev libcjson-dev libcmocka-dev libsqlite3-dev grpc-proto
  libprotobuf-dev libssl-dev zlib1g-dev tzdata libical-dev libpq-dev)
TEST_PKGS=(clang clang-format nodejs npm chromium wrk nginx-light valgrind curl unzip docker.io debootstrap
  postgresql)

SUDO=
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi

pkgs=("${BUILD_PKGS[@]}")
if [[ "${1:-}" != "--runtime" ]]; then pkgs+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  # nodejs/npm may come from elsewhere (nodesource); accept any working binary.
  case $p in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" != "--runtime" ]]; then
  if [[ ! -d tests/node_modules/@grpc/grpc-js || tests/package-lock.json -nt tests/node_modules/.package-lock.json ]]; then
    echo "install-deps: npm ci in tests/" >&2
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
