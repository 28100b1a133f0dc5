#!/usr/bin/env bash
# Installs Debian's prometheus package (the Prometheus server and promtool), which the tests use when present:
# PromtoolRulesTest (promtool check/test rules) and LocalStackEndToEndTest (a real Prometheus scraping the local
# stack, evaluating every dashboard query and alert expression). .ci/run calls it before the tests.
#
# Idempotent: does nothing when promtool and prometheus are already on PATH. Never fails the build: if it cannot
# install (not root, no apt-get, no network), it says why and exits 0; those checks then skip with a message.
# The package's service is never started: a policy-rc.d denies it during the install, and a Prometheus the
# package started anyway is stopped, so nothing is left listening on :9090.
set -uo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  echo "install-prometheus: $(prometheus --version 2>&1 | head -1) already installed"
  exit 0
fi
skip() {
  echo "install-prometheus: not installed ($1); the promtool and real-Prometheus checks will be skipped" >&2
  exit 0
}
[ "$(id -u)" -eq 0 ] || skip "needs root for apt-get"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get on this machine"

# Keep the package's init script from starting a server (the same mechanism Debian's container images use).
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# written by trackstream scripts/install-prometheus.sh for the install only\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=true
fi
cleanup() {
  if [ "$own_policy" = true ]; then rm -f "$policy"; fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/tmp/install-prometheus.log 2>&1; then
  tail -5 /tmp/install-prometheus.log >&2
  skip "apt-get update failed"
fi
if ! apt-get install -y -qq --no-install-recommends prometheus >>/tmp/install-prometheus.log 2>&1; then
  tail -5 /tmp/install-prometheus.log >&2
  skip "apt-get install prometheus failed"
fi

# If a service manager started the packaged server anyway, stop it: tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl stop prometheus.service >/dev/null 2>&1 || true
  systemctl disable prometheus.service >/dev/null 2>&1 || true
fi
for pid in $(pgrep -x prometheus -u prometheus 2>/dev/null); do
  echo "install-prometheus: stopping the packaged Prometheus the install started (pid $pid)"
  kill "$pid" 2>/dev/null || true
done

command -v promtool >/dev/null 2>&1 || skip "promtool not on PATH after the install"
echo "install-prometheus: installed $(prometheus --version 2>&1 | head -1)"
