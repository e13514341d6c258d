#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info` on this machine.
# Installs Debian's docker.io (and debootstrap, needed by docker-base-image.sh)
# when they are missing, then starts dockerd in the background if it is not
# running. Idempotent: a second run with a running engine does nothing.
set -euo pipefail

log() { printf 'docker-engine: %s\n' "$*" >&2; }

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need_pkgs+=(debootstrap)
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

log "starting dockerd (log: ${DOCKERD_LOG:-/tmp/dockerd.log})"
# setsid: the engine must outlive the test process that started it.
setsid dockerd >"${DOCKERD_LOG:-/tmp/dockerd.log}" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine ready"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; last log lines:"
tail -n 20 "${DOCKERD_LOG:-/tmp/dockerd.log}" >&2 || true
exit 1
