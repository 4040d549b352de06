#!/usr/bin/env bash
# Sets up what is missing and runs every test suite:
#   native-asan   the doctest suites through CTest, natively, under AddressSanitizer + UndefinedBehaviorSanitizer
#                 (the plain Debug preset "native" runs the same tests without the checks: developers use it
#                 to iterate; here it would only repeat them)
#   wasm-tests    the same compiled to WebAssembly, run under node through CTest; the same build tree
#                 builds the app (build/wasm-tests/site) with the flags it ships with
#   web-unit      node tests of the browser host library's pure parts (tests/web, node:test)
#   e2e           browser end-to-end tests in headless Chromium against that app
# Prints one line per suite and a final "N passed, N failed" line; exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export NODE_PATH=/usr/share/nodejs   # Debian's emcc finds its JS dependencies (acorn) there
logs=build/test-logs
total_passed=0
total_failed=0
summary=()
built_presets="" # the presets whose build succeeded in this run

seconds_since() { echo $(( $(date +%s) - $1 )); }

record() { # suite passed failed detail
  total_passed=$((total_passed + $2))
  total_failed=$((total_failed + $3))
  summary+=("$(printf '%-12s %4d passed, %d failed  (%s)' "$1" "$2" "$3" "$4")")
  printf '%-12s %4d passed, %d failed  (%s)\n' "$1" "$2" "$3" "$4"
}

# Sums the "N: [doctest] test cases: … P passed | F failed" lines of a verbose CTest log (CTest repeats
# a failing test's output unprefixed; that copy is not counted).
doctest_count() {
  awk -v word="$1" '/^[0-9]+: \[doctest\] test cases:/ && match($0, "[0-9]+ " word) {
    s += substr($0, RSTART, RLENGTH - length(word) - 1) } END { print s + 0 }' "$2"
}

# Configures, builds and runs one CTest preset; counts doctest test cases from the verbose log.
ctest_suite() {
  local preset=$1 started log passed failed build_time
  started=$(date +%s)
  log="$logs/$preset.log"
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset"; } >"$log.build" 2>&1; then
    tail -n 40 "$log.build"
    record "$preset" 0 1 "build failed, see $log.build"
    return
  fi
  build_time=$(seconds_since "$started")
  built_presets+=" $preset"
  started=$(date +%s)
  ctest --preset "$preset" -V >"$log" 2>&1
  local status=$?
  passed=$(doctest_count passed "$log")
  failed=$(doctest_count failed "$log")
  if [ $status -ne 0 ]; then
    grep -E "ERROR|FAILED|Failed|error" "$log" | head -n 40
    [ "$failed" -eq 0 ] && failed=1 # a crash or a bad exit code counts even without a doctest line
  fi
  record "$preset" "$passed" "$failed" "build ${build_time} s, run $(seconds_since "$started") s"
}

# node:test over tests/web: the TAP summary's "# pass N" and "# fail N" lines.
web_unit_suite() {
  local started log passed failed status
  started=$(date +%s)
  log="$logs/web-unit.log"
  node --test --test-reporter=tap tests/web/ >"$log" 2>&1
  status=$?
  passed=$(awk '/^# pass / { print $3 }' "$log")
  failed=$(awk '/^# fail / { print $3 }' "$log")
  passed=${passed:-0}
  failed=${failed:-0}
  if [ $status -ne 0 ]; then
    grep -E "^not ok|Error" "$log" | head -n 40
    [ "$failed" -eq 0 ] && failed=1 # the runner itself failed
  fi
  record web-unit "$passed" "$failed" "run $(seconds_since "$started") s"
}

# The app the e2e tests drive is built by the wasm-tests preset (one compile of every library).
e2e_suite() {
  local started log passed failed site=build/wasm-tests/site
  started=$(date +%s)
  log="$logs/e2e.log"
  if [[ " $built_presets " != *" wasm-tests "* ]]; then
    record e2e 0 1 "no app to test: the wasm-tests build failed"
    return
  fi
  SEED_SITE="$root/$site" node tests/e2e/run.mjs 2>&1 | tee "$log" | grep -v '^e2e:'
  passed=$(grep -c '^  ok ' "$log")
  failed=$(grep -c '^  FAIL ' "$log")
  grep -q '^e2e: ' "$log" || failed=$((failed + 1)) # the runner itself died
  record e2e "$passed" "$failed" "run $(seconds_since "$started") s"
}

all_started=$(date +%s)
shell/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
echo "setup        done ($(seconds_since "$all_started") s)"
mkdir -p "$logs"
ctest_suite native-asan
ctest_suite wasm-tests
web_unit_suite
e2e_suite

echo
for line in "${summary[@]}"; do echo "$line"; done
echo "total time $(seconds_since "$all_started") s"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
