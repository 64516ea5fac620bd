#!/usr/bin/env bash
# Builds Microblog's container image with podman on the local Debian 12 base image.
#   scripts/build-image.sh [--from-source] [--tag NAME]
#     default        the image takes the tree build/ already has (cmake --install --strip into
#                    image-tree/, Dockerfile TREE=prebuilt); run scripts/build.sh first
#     --from-source  the image compiles Microblog itself (TREE=source): 15 minutes or more on 2 cores
#     --tag NAME     image name (default localhost/microblog:latest)
# The base image is made first when missing (scripts/make-base-image.sh). The image this tag named
# before is removed when the build replaces it. Prints the image's size.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE_IMAGE=localhost/debian-base:bookworm

tree=prebuilt
tag=localhost/microblog:latest
while (($# > 0)); do
  case "$1" in
    --from-source) tree=source ;;
    --tag)
      (($# > 1)) || die "--tag needs a name"
      tag=$2
      shift
      ;;
    -h | --help)
      sed -n '2,9s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $1 (usage: $0 [--from-source] [--tag NAME])" ;;
  esac
  shift
done
command -v podman >/dev/null || die "podman not found: run scripts/install-deps.sh"

log=$(mktemp "${TMPDIR:-/tmp}/microblog-build-image.XXXXXX")
staged=0
cleanup() {
  rm -f "$log"
  ((!staged)) || rm -rf image-tree
}
trap cleanup EXIT

scripts/make-base-image.sh --tag "$BASE_IMAGE"

if [[ $tree == prebuilt ]]; then
  [[ -x build/microblog ]] || die "build/microblog not found: run scripts/build.sh first (or use --from-source)"
  staged=1
  rm -rf image-tree
  cmake --install build --prefix image-tree --strip >/dev/null
fi

msg "podman build ($tree) -> $tag"
previous=$(podman image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
# TREE is passed even for its default: podman 4.3 ignores an ARG's default when it picks stages.
podman build --format docker --build-arg "BASE=$BASE_IMAGE" --build-arg "TREE=$tree" \
  --tag "$tag" . >"$log" 2>&1 || {
  tail -n 40 "$log" >&2
  die "podman build failed"
}
# The image this tag named before is left without a name: remove it (it fails harmlessly when a
# container or another tag still uses it).
if [[ -n $previous && $previous != "$(podman image inspect --format '{{.Id}}' "$tag")" ]]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi
size=$(podman image inspect --format '{{.Size}}' "$tag")
msg "image $tag: $size bytes ($((size / 1000000)) MB)"
