#!/usr/bin/env bash
# Makes the Debian 12 base image the Dockerfile builds on when no registry is reachable:
#   scripts/make-base-image.sh [--force] [--tag NAME]     (default tag: localhost/debian-base:bookworm)
# debootstrap (minbase) from the Debian mirror this machine's apt uses (/etc/apt/sources.list and
# /etc/apt/sources.list.d/*.list or *.sources), with the same suites as Debian's own image
# (bookworm, bookworm-updates, bookworm-security), slimmed (no apt lists, caches, docs, man pages
# or locales, and dpkg told to leave them out of later installs too), then `podman import`.
# Does nothing when the image exists (--force makes it again). Needs root, debootstrap and podman.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tag=localhost/debian-base:bookworm
suite=bookworm
force=0
while (($# > 0)); do
  case "$1" in
    --force) force=1 ;;
    --tag)
      (($# > 1)) || die "--tag needs a name"
      tag=$2
      shift
      ;;
    -h | --help)
      sed -n '2,8s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $1 (usage: $0 [--force] [--tag NAME])" ;;
  esac
  shift
done

for tool in podman debootstrap; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps.sh"
done
[[ $EUID -eq 0 ]] || die "debootstrap needs root: run as root (or with sudo)"

if ((!force)) && podman image exists "$tag"; then
  msg "$tag exists: nothing to do (--force makes it again)"
  exit 0
fi

# Prints "URI SUITE" for every enabled deb source of the machine, from both formats.
apt_sources() {
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    # deb [options] URI SUITE COMPONENTS...
    sed -n 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]\+\)[[:space:]]\+\([^[:space:]]\+\).*/\2 \3/p' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    # deb822: paragraphs of Types/URIs/Suites/Enabled, separated by blank lines.
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no")
          for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print uris[i], suites[j]
        types = ""; enabled = ""; nu = 0; ns = 0
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:" { $1 = ""; types = $0 " " }
      tolower($1) == "uris:" { nu = 0; for (i = 2; i <= NF; i++) uris[++nu] = $i }
      tolower($1) == "suites:" { ns = 0; for (i = 2; i <= NF; i++) suites[++ns] = $i }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { flush() }
    ' "$f"
  done
  shopt -u nullglob
}

sources=$(apt_sources)
mirror=$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$sources")
[[ -n $mirror ]] || die "no apt source for $suite in /etc/apt/sources.list*: can't tell which Debian mirror to use"
security=$(awk -v s="$suite-security" '$2 == s { print $1; exit }' <<<"$sources")
if [[ -z $security ]]; then
  security=${mirror%/debian}/debian-security
  msg "no $suite-security source found: using $security"
fi
msg "mirror $mirror, security $security"

started=$SECONDS
rootfs=$(mktemp -d "${TMPDIR:-/var/tmp}/microblog-base.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT

msg "debootstrap --variant=minbase $suite (about 70-90 s)"
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
  tail -n 30 "$rootfs.log" >&2
  rm -f "$rootfs.log"
  die "debootstrap failed"
}
rm -f "$rootfs.log"

# The image's apt uses the same mirror and the same suites as Debian's official image.
cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF

# Like Debian's slim images: later apt installs in the image skip docs, man pages and locales.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
cat >"$rootfs/etc/apt/apt.conf.d/01-slim" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
find "$rootfs/usr/share/doc" -mindepth 2 -not -name copyright -not -type d -delete
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log \
  "$rootfs"/var/log/apt/*
msg "rootfs: $(du -sh "$rootfs" | cut -f1)"

if podman image exists "$tag"; then
  podman rmi "$tag" >/dev/null || msg "warning: could not remove the old $tag (a container uses it?)"
fi
tar -C "$rootfs" --numeric-owner -c . |
  podman import --quiet --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
msg "made $tag in $((SECONDS - started)) s: $(podman image inspect --format '{{.Size}}' "$tag") bytes"
