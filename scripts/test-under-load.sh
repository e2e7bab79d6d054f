#!/usr/bin/env bash
# Runs the test suite (`npm test`: build, then vitest) while busy loops keep
# every core occupied, as on a loaded CI machine: the suite must pass like this.
#
#   scripts/test-under-load.sh                      the whole suite, one busy loop per core
#   scripts/test-under-load.sh test/check-parallel.test.ts
#   LOAD=4 scripts/test-under-load.sh               four busy loops instead
#
# Arguments go to vitest. The busy loops are this script's own children and
# are killed when it exits: done, failed, Ctrl-C or its process group killed
# (as `timeout` does); a TERM to the script alone takes effect once the running
# tests end. Should it be killed outright (SIGKILL), each loop sees its parent
# gone and ends by itself shortly after.
set -euo pipefail
cd "$(dirname "$0")/.."

load=${LOAD:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
busy=()
stop_load() {
  if ((${#busy[@]})); then
    kill "${busy[@]}" 2>/dev/null || true
    wait "${busy[@]}" 2>/dev/null || true
  fi
}
trap stop_load EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((i = 0; i < load; i++)); do
  node -e 'const parent = process.ppid; for (let i = 1; ; i++) if (i % 1e8 === 0 && process.ppid !== parent) break;' &
  busy+=("$!")
done
echo "test-under-load: ${load} busy loops (pids ${busy[*]}) on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores" >&2

start=$SECONDS
status=0
npm test -- "$@" || status=$?
echo "test-under-load: npm test exited ${status} after $((SECONDS - start)) s under load" >&2
exit "$status"
