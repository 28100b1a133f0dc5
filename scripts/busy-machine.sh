#!/usr/bin/env bash
# Runs a command on a busy machine: N processes of `yes > /dev/null` (default 2, one per core here) compete with it
# for the CPU at normal priority for as long as it runs, and are stopped when it ends (or on Ctrl-C). Tests must
# pass like this: waits on conditions with budgets a slow machine survives, no client timeout deciding an assertion.
#
#   scripts/busy-machine.sh mvn -B -pl order-notifier -am verify
#   scripts/busy-machine.sh -n 4 mvn -B verify
#
# Exits with the command's exit code.
set -euo pipefail

loads=2
if [ "${1:-}" = "-n" ]; then
  loads=$2
  shift 2
fi
if [ "${1:-}" = "--" ]; then
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [-n LOADS] [--] command [args...]" >&2
  exit 2
fi

pids=()
stop_load() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_load EXIT
trap 'exit 130' INT TERM

for ((i = 0; i < loads; i++)); do
  yes > /dev/null &
  pids+=($!)
done
echo "busy-machine: $loads busy process(es) (${pids[*]}) running beside: $*" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
