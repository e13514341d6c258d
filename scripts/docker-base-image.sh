#!/usr/bin/env bash
# Makes the local image `debian:bookworm-slim` that the Dockerfiles start FROM.
# No container registry is reachable from these machines, so the image is built
# from Debian's archive with debootstrap and imported, trimmed the way the
# official slim image is (no docs, man pages or locales, now or in later
# apt-get installs). Idempotent: does nothing when the image already exists.
#
#   scripts/docker-base-image.sh [--force]
set -euo pipefail

IMAGE=${BASE_IMAGE:-debian:bookworm-slim}
# The archive this machine's apt already uses (deb822 .sources or a classic
# sources.list), for the suite given: "bookworm" or "bookworm-security".
apt_archive() {
  local suite=$1
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null
    echo
  } | awk -v suite="$suite" '
    /^URIs:/ { uri = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = uri }
    /^$/ { if (found != "") { print found; exit } uri = "" }
    END { if (found != "") print found }' | head -n 1 | grep . ||
    awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1
}
MIRROR=${DEBIAN_MIRROR:-$(apt_archive bookworm)}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-$(apt_archive bookworm-security)}
if [[ -z $MIRROR ]]; then
  echo "docker-base-image: no bookworm archive in this machine's apt sources; set DEBIAN_MIRROR" >&2
  exit 1
fi
SECURITY_MIRROR=${SECURITY_MIRROR:-${MIRROR%/debian}/debian-security}

log() { printf 'docker-base-image: %s\n' "$*" >&2; }

if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || {
  log "debootstrap is missing (scripts/docker-engine.sh installs it)"
  exit 1
}

rootfs=$(mktemp -d /tmp/tc-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

log "debootstrap --variant=minbase bookworm ($MIRROR)"
start=$(date +%s)
# The dpkg excludes go in before any package is unpacked where possible;
# debootstrap itself ignores them, so docs are also removed below.
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$rootfs.log" 2>&1 || {
  tail -n 30 "$rootfs.log" >&2
  rm -f "$rootfs.log"
  exit 1
}
rm -f "$rootfs.log"

# Same apt sources as the official image.
rm -f "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC

# What makes the official image "slim": no docs, man pages or translations.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
# Keep apt's caches out of every layer, and never pull in recommends.
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
cat >"$rootfs/etc/apt/apt.conf.d/docker-no-recommends" <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CFG

find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$rootfs"/usr/share/{man,info,groff,lintian,linda}/* \
       "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/dev/*
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
: >"$rootfs/etc/machine-id"

log "importing as $IMAGE"
tar --numeric-owner -C "$rootfs" -c . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    - "$IMAGE" >/dev/null
log "done in $(( $(date +%s) - start )) s: $(docker image inspect -f '{{.Size}}' "$IMAGE") bytes"
