#!/usr/bin/env bash
# The release recipe on Debian 12, run by the release workflow's container job, on a Debian
# machine, and in a fresh Debian 12 root made with debootstrap (docs/release.md):
#   tools/debian_build.sh release OUT   on this Debian 12 system: the system packages as ./dev
#                                       installs them, then `nox -s release -- --example` (from
#                                       the checkout's wheel) into OUT
#   tools/debian_build.sh chroot OUT    the same `release` in a fresh Debian 12 root (needs root
#                                       and debootstrap), from a clean clone of HEAD; OUT gets
#                                       its bundle
#   tools/debian_build.sh packages      the system packages `release` installs (./dev's list)
# SOURCE_DATE_EPOCH defaults to the HEAD commit's time. The chroot's base system is cached as
# a tarball in $STRUKTURER_DEBIAN_CACHE (default /var/cache/strukturer), apt's and pip's
# downloads beside it; STRUKTURER_DEBIAN_MIRROR names the Debian mirror (deb.debian.org).
set -euo pipefail
CHECKOUT=$(cd "$(dirname "$0")/.." && pwd)
SUITE=bookworm
MIRROR=${STRUKTURER_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What the base system adds to debootstrap's minbase: what a fresh Debian machine that runs
# ./dev and clones a repository has (python3-venv for nox's virtualenvs).
BASE_PACKAGES=ca-certificates,git,python3,python3-venv,python3-pip
CACHE=${STRUKTURER_DEBIAN_CACHE:-/var/cache/strukturer}

log() { echo "debian_build: $(date -u +%T) $*" >&2; }

# ./dev's setup_system (LibreOffice from bookworm-backports, fonts, Hunspell, poppler) without
# its task dispatch: one list of system packages, in ./dev.
load_dev() {
  # shellcheck source=/dev/null
  source <(sed -n '/^LIBREOFFICE_SUITE=/,/^task=/p' "$CHECKOUT/dev" | sed '$d')
  declare -F setup_system >/dev/null || { log "./dev defines no setup_system"; exit 3; }
}

system_packages() {
  load_dev
  setup_system
}

NOX_VENV=

release() {
  local out=$1 python=${PYTHON:-python3}
  cd "$CHECKOUT"
  system_packages
  export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
  NOX_VENV=$(mktemp -d)
  trap 'rm -rf "$NOX_VENV"' EXIT
  "$python" -m venv "$NOX_VENV"
  "$NOX_VENV/bin/python" -m pip install --quiet nox
  log "release of $(git rev-parse HEAD) with SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH, $("$python" -V)"
  "$NOX_VENV/bin/nox" -s release -- --example --out "$out" --jobs 2
  log "released into $out"
}

# -- the Debian 12 root -------------------------------------------------------------------

ROOT=
MOUNTS=()

cleanup_root() {
  local i pid
  for pid in /proc/[0-9]*; do  # what the build left running in the root (none, normally)
    [ -n "$ROOT" ] && [ "$(readlink "$pid/root" 2>/dev/null)" = "$ROOT" ] || continue
    log "stopping ${pid#/proc/}, left running in the root"
    kill -9 "${pid#/proc/}" 2>/dev/null || true
  done
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTS[i]}" || umount -l "${MOUNTS[i]}" || log "cannot unmount ${MOUNTS[i]}"
  done
  MOUNTS=()
  # the root was a tmpfs: unmounted, it is gone; rmdir refuses if anything is left
  [ -z "$ROOT" ] || rmdir "$ROOT" || log "$ROOT is not empty: left in place"
}

mount_at() {  # mount_at TARGET MOUNT-ARGS...: mount, and remember to unmount on exit
  local target=$1
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  MOUNTS+=("$target")
  # on a machine whose mounts are shared (systemd), what is mounted below a bind of /dev
  # must not show up in the real /dev
  mount --make-private "$target"
}

in_root() {  # in_root COMMAND...: as root in the chroot, with a fresh machine's environment
  env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-}" \
    chroot "$ROOT" "$@"
}

enter_root() {  # the mounts a build needs; downloads cached outside the root
  mount_at "$ROOT/proc" -t proc proc
  mount_at "$ROOT/dev" --bind /dev
  mount_at "$ROOT/dev/pts" -t devpts -o newinstance,ptmxmode=0666 devpts  # apt's log
  mount_at "$ROOT/dev/shm" -t tmpfs -o mode=1777 shm  # LibreOffice's shared memory
  mkdir -p "$CACHE/debian-apt/partial" "$CACHE/debian-pip"
  mount_at "$ROOT/var/cache/apt/archives" --bind "$CACHE/debian-apt"
  mount_at "$ROOT/root/.cache/pip" --bind "$CACHE/debian-pip"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  in_root chown _apt /var/cache/apt/archives/partial  # apt downloads as _apt
  # the network this machine reaches the mirrors and PyPI through: its local CAs, if any
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
    in_root update-ca-certificates >/dev/null
  fi
}

make_base() {  # the cached base system: debootstrap's minbase and BASE_PACKAGES
  local tarball=$1
  log "debootstrap $SUITE from $MIRROR"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$ROOT" "$MIRROR" >&2
  # a fresh machine's sources: the release, its updates and security updates
  cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
EOF
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"  # start no services
  chmod +x "$ROOT/usr/sbin/policy-rc.d"
  rm -f "$ROOT"/var/cache/apt/archives/*.deb
  find "$ROOT/var/lib/apt/lists" -type f -delete
  mkdir -p "$(dirname "$tarball")"
  tar -C "$ROOT" --numeric-owner -czf "$tarball.part" .
  mv "$tarball.part" "$tarball"
}

chroot_release() {
  local out=$1 tarball
  [ "$(id -u)" -eq 0 ] || { log "the chroot needs root"; exit 3; }
  [ -z "$(ls -A "$out" 2>/dev/null)" ] || { log "$out is not empty"; exit 2; }
  command -v debootstrap >/dev/null || { log "needs debootstrap (apt-get install debootstrap)"; exit 3; }
  export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$CHECKOUT" log -1 --format=%ct)}
  # named after what goes into it, so a changed base list makes a new one
  tarball="$CACHE/debian-$SUITE-base-$(echo "$MIRROR $BASE_PACKAGES" | sha256sum | cut -c1-12).tar.gz"
  mkdir -p "$CACHE"
  ROOT=$(mktemp -d "$CACHE/debian-root.XXXXXX")
  trap cleanup_root EXIT
  trap 'exit 130' INT TERM
  # in memory: faster to fill, and gone at once when unmounted (about 2 GB are used)
  mount_at "$ROOT" -t tmpfs -o size=8g,mode=0755 debian-root
  if [ -f "$tarball" ]; then
    log "base system from $tarball"
    tar -C "$ROOT" --numeric-owner -xzf "$tarball"
  else
    make_base "$tarball"
  fi
  enter_root
  log "root ready in $ROOT"
  git clone --quiet "$CHECKOUT" "$ROOT/build/strukturer"
  in_root /build/strukturer/tools/debian_build.sh release /build/dist
  mkdir -p "$out"
  cp -r "$ROOT/build/dist/." "$out/"
  log "bundle in $out"
}

case "${1:-}" in
  packages) load_dev; echo "${SYSTEM_PACKAGES[*]}" ;;
  release) [ $# -eq 2 ] || exec "$0" help; release "$(realpath -m "$2")" ;;
  chroot) [ $# -eq 2 ] || exec "$0" help; chroot_release "$(realpath -m "$2")" ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
