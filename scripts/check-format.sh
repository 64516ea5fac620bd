#!/usr/bin/env bash
# Checks that every *.cpp and *.hpp under src/, tests/ and bench/ is formatted per .clang-format.
#   scripts/check-format.sh          report the files clang-format would change; fail if any
#   scripts/check-format.sh --fix    reformat them in place
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fix=0
case "${1:-}" in
  "") ;;
  --fix) fix=1 ;;
  -h | --help)
    sed -n '2,4s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
  *) die "unknown argument: $1 (usage: $0 [--fix])" ;;
esac
command -v clang-format >/dev/null || die "clang-format not found: run scripts/install-deps.sh"

dirs=()
for d in src tests bench; do
  [[ -d $d ]] && dirs+=("$d")
done
files=()
if ((${#dirs[@]} > 0)); then
  mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
fi
if ((${#files[@]} == 0)); then
  msg "no C++ files to check"
  exit 0
fi

if ((fix)); then
  clang-format -i "${files[@]}"
  msg "formatted ${#files[@]} files"
  exit 0
fi

bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]} > 0)); then
  msg "${#bad[@]} of ${#files[@]} files are not formatted:"
  printf '  %s\n' "${bad[@]}" >&2
  # Show the first file's differences to make the problem concrete.
  clang-format --dry-run -Werror "${bad[0]}" 2>&1 | head -n 30 >&2 || true
  die "run scripts/check-format.sh --fix"
fi
msg "${#files[@]} files are formatted"
