#!/usr/bin/env bash
# The one test command (`make test`): every phase CI runs, in order, each
# timed, then one closing line "N passed, N failed".
#
#   format   clang-format check of every C file
#   unit     Debug build with -Werror, cmocka unit tests
#   release  the three binaries in a Release build with -Werror (what `make
#            run` and bench/ build: -O2 warns where -O0 does not)
#   integration  the real binaries on loopback, driven by grpc-js and HTTP
#   asan     the unit + integration suites again under ASan+UBSan
#   valgrind the tests labelled valgrind (a representative whole-stack
#            workload) with every binary under valgrind memcheck (TC_VALGRIND=1)
#   browser  real Chromium against the real stack
#   fuzz     libFuzzer targets (clang), 60 s each
#   deploy   chart rendering/validation, skaffold schema, container images
#
# TEST_PHASES="unit integration" limits the phases; JOBS sets build parallelism.
set -uo pipefail
cd "$(dirname "$0")/.."
PHASES=${TEST_PHASES:-format unit release integration asan valgrind browser fuzz deploy}
JOBS=${JOBS:-$(nproc)}
passed=0
failed=0
failed_phases=()
summary=()

has_tests() { # build-dir label
  (cd "$1" && ctest -N -L "$2" 2>/dev/null | grep -q "Total Tests: [1-9]")
}

run_ctest() { # phase build-dir label [extra ctest args]
  local phase=$1 dir=$2 label=$3; shift 3
  if ! has_tests "$dir" "$label"; then
    echo "== $phase: no tests labelled $label"
    return 0
  fi
  local log
  log=$(mktemp)
  (cd "$dir" && ctest -L "$label" --output-on-failure --timeout 900 "$@") 2>&1 | tee "$log"
  local line total fails
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -n 1)
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  fails=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")
  rm -f "$log"
  if [[ -z $line ]]; then
    failed=$((failed + 1))
    return 1
  fi
  passed=$((passed + total - fails))
  failed=$((failed + fails))
  [[ $fails -eq 0 ]]
}

configure() { # dir build-type [extra cmake args]
  local dir=$1 type=$2; shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DTC_WERROR=ON "$@" >/dev/null || return 1
  local log
  log=$(mktemp)
  if cmake --build "$dir" -j"$JOBS" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  grep -E "error|Error" -A5 "$log" | head -n 100
  tail -n 20 "$log"
  rm -f "$log"
  failed=$((failed + 1))
  return 1
}

phase() { # name command...
  local name=$1; shift
  local t0=$SECONDS
  echo
  echo "==================== $name ===================="
  if "$@"; then
    summary+=("$(printf '%-12s ok      %4ds' "$name" $((SECONDS - t0)))")
  else
    summary+=("$(printf '%-12s FAILED  %4ds' "$name" $((SECONDS - t0)))")
    failed_phases+=("$name")
  fi
}

format_check() {
  local files
  files=$(git ls-files '*.c' '*.h')
  [[ -z $files ]] && return 0
  if clang-format --dry-run --Werror $files; then
    passed=$((passed + 1))
  else
    echo "format: run clang-format -i on the files above"
    failed=$((failed + 1))
    return 1
  fi
}

build_debug() { configure build Debug; }
release() {
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DTC_WERROR=ON >/dev/null || return 1
  if cmake --build build-release -j"$JOBS" --target todo-svc chat-svc gateway >/dev/null; then
    passed=$((passed + 1))
  else
    cmake --build build-release -j1 --target todo-svc chat-svc gateway 2>&1 | grep -E "error" -A5 | head -n 60
    failed=$((failed + 1))
    return 1
  fi
}
unit() { build_debug && run_ctest unit build unit; }
integration() { run_ctest integration build integration; }
asan() {
  configure build-asan Asan || return 1
  ASAN_OPTIONS=detect_leaks=1 run_ctest asan build-asan 'unit|integration'
}
# The whole integration suite under memcheck is far too slow for CI (10-50x),
# so this runs the tests labelled valgrind (VALGRIND_LABEL overrides, e.g.
# VALGRIND_LABEL=integration for everything) in the Debug build.
valgrind() {
  build_debug || return 1
  TC_VALGRIND=1 run_ctest valgrind build "${VALGRIND_LABEL:-valgrind}"
}
browser() { run_ctest browser build browser; }
fuzz() {
  CC=clang configure build-fuzz Asan -DTC_FUZZ=ON || return 1
  run_ctest fuzz build-fuzz fuzz
}
deploy() { run_ctest deploy build deploy; }

for p in $PHASES; do
  case $p in
    format) phase format format_check ;;
    unit) phase unit unit ;;
    release) phase release release ;;
    integration) phase integration integration ;;
    asan) phase asan asan ;;
    valgrind) phase valgrind valgrind ;;
    browser) phase browser browser ;;
    fuzz) phase fuzz fuzz ;;
    deploy) phase deploy deploy ;;
    *) echo "unknown phase $p" >&2; exit 2 ;;
  esac
done

echo
echo "==================== summary ===================="
printf '%s\n' "${summary[@]}"
echo "total time ${SECONDS}s"
echo "$passed passed, $failed failed"
if ((${#failed_phases[@]})); then
  echo "failed phases: ${failed_phases[*]}"
  exit 1
fi
exit 0
