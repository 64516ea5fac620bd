#!/usr/bin/env bash
# Checks that every interface text has a translation in every catalog (translations/*.po).
#   scripts/check-translations.sh [--root DIR] [--binary PATH]
#     --root DIR     the source tree to check (src/, templates/, translations/; default: this one)
#     --binary PATH  the microblog executable whose `translate extract` reads the texts
#                    (default: build/microblog)
# The texts are extracted from the working tree into a temporary .pot, each .po is merged with
# it in a temporary copy (the files in the tree are not touched), and the check fails, listing
# the msgids, when a text is untranslated or fuzzy in any catalog, or when a translation's
# placeholders ({name}, {n}, {{VAR}}) differ from its msgid's. A new string marked with t(),
# tn() or [[...]] thus fails CI until its translation is added (README, "Translating").
# tests/ops/check_translations_test.sh proves that it does.
set -euo pipefail
root=""
binary=""
while (($# > 0)); do
  case "$1" in
    --root)
      root=${2:?--root needs a folder}
      shift 2
      ;;
    --binary)
      binary=${2:?--binary needs a path}
      shift 2
      ;;
    -h | --help)
      sed -n '2,12s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *)
      echo "usage: $0 [--root DIR] [--binary PATH]" >&2
      exit 2
      ;;
  esac
done
[[ -z $root || $root == /* ]] || root=$PWD/$root
[[ -z $binary || $binary == /* ]] || binary=$PWD/$binary
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=${root:-$REPO_ROOT}
binary=${binary:-$REPO_ROOT/build/microblog}
[[ -x $binary ]] || die "$binary is not built: run scripts/build.sh (or pass --binary)"
for tool in msgmerge msgattrib; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps.sh (gettext)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/check-translations.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$binary" translate extract --root "$root" --output "$work/microblog.pot" >/dev/null

shopt -s nullglob
catalogs=("$root"/translations/*.po)
((${#catalogs[@]} > 0)) || die "no translations/*.po under $root"
failed=0
for po in "${catalogs[@]}"; do
  name=$(basename "$po")
  merged=$work/$name
  msgmerge --quiet --no-wrap -o "$merged" "$po" "$work/microblog.pot"
  /usr/bin/python3 - "$merged" "translations/$name" <<'PYTHON' || failed=1
import re
import sys

path, name = sys.argv[1], sys.argv[2]
PLACEHOLDER = re.compile(r"\{\{[A-Za-z0-9_:]+\}\}|\{[A-Za-z0-9_]+\}")


def unquote(lines):
    text = "".join(re.match(r'\s*"(.*)"\s*$', line).group(1) for line in lines)
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def entries(text):
    for block in text.split("\n\n"):
        lines = [l for l in block.strip().splitlines() if not l.startswith("#~")]
        if not lines:
            continue
        flags, fields, key = set(), {}, None
        for line in lines:
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key].append(line)
            else:
                key, rest = line.split(" ", 1)
                fields[key] = [rest]
        if "msgid" in fields:
            yield flags, {k: unquote(v) for k, v in fields.items()}


problems = []
for flags, f in entries(open(path, encoding="utf-8").read()):
    msgid = f["msgid"]
    if msgid == "":
        continue
    translations = [v for k, v in sorted(f.items()) if k.startswith("msgstr")]
    if "fuzzy" in flags:
        problems.append(("fuzzy", msgid))
    elif any(t == "" for t in translations):
        problems.append(("untranslated", msgid))
    else:
        plural = "msgid_plural" in f
        wanted = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(f.get("msgid_plural", "")))
        for t in translations:
            got = set(PLACEHOLDER.findall(t))
            # A plural form may leave out its count ("un seguidor"), never another placeholder.
            missing = wanted - got - ({"{n}"} if plural else set())
            if got - wanted or missing:
                problems.append(("placeholders " + " ".join(sorted(got)) + " instead of "
                                 + " ".join(sorted(wanted)), msgid))
                break
for what, msgid in problems:
    print(f"{name}: {what}: {msgid!r}")
sys.exit(1 if problems else 0)
PYTHON
done
if ((failed)); then
  die "some interface texts have no usable translation (above): add them to the .po files (README, \"Translating\")"
fi
msg "every text is translated in ${#catalogs[@]} catalog(s)"
