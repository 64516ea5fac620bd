#!/usr/bin/env bash
# scripts/check-translations.sh passes the repository, and fails on a copy of it with a new text
# that has no Spanish translation (in C++ and in a template), with a fuzzy translation, and with
# a translation whose placeholder differs from its msgid's; each time naming the msgid.
#   check_translations_test.sh SOURCE_DIR MICROBLOG_BINARY
set -euo pipefail
source_dir=$1
binary=$2
check=$source_dir/scripts/check-translations.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-check-translations.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

"$check" --root "$source_dir" --binary "$binary" || fail "the repository's catalogs do not pass"

fresh_copy() {
  rm -rf "$work/tree"
  mkdir "$work/tree"
  cp -r "$source_dir/src" "$source_dir/templates" "$source_dir/translations" "$work/tree/"
}
refused() { # DESCRIPTION EXPECTED_LINE
  local out
  if out=$("$check" --root "$work/tree" --binary "$binary" 2>&1); then
    fail "the check passed $1"
  elif ! grep -qF -- "$2" <<<"$out"; then
    fail "the check refused $1 without saying '$2': $out"
  fi
}

fresh_copy
cat >>"$work/tree/src/web/wording.cpp" <<'CPP'
namespace microblog::web {
std::string added_for_the_test(const i18n::Language& lang) {
  return lang.t("A brand new sentence nobody translated.");
}
}  // namespace microblog::web
CPP
refused "a new C++ text" "translations/es.po: untranslated: 'A brand new sentence nobody translated.'"

fresh_copy
printf '<p>[[Another new text, in a template.]]</p>\n' >>"$work/tree/templates/explore.tpl"
refused "a new template text" "translations/es.po: untranslated: 'Another new text, in a template.'"

fresh_copy
sed -i 's/^msgstr "Ya sigues a {username}."$/msgstr "Ya sigues a {usuario}."/' "$work/tree/translations/es.po"
grep -q 'Ya sigues a {usuario}' "$work/tree/translations/es.po" || fail "the test's edit of es.po did not apply"
refused "a renamed placeholder" "placeholders {usuario} instead of {username}: 'You are already following {username}.'"

fresh_copy
sed -i 's/^msgid "You were not following {username}."$/#, fuzzy\n&/' "$work/tree/translations/es.po"
refused "a fuzzy translation" "translations/es.po: fuzzy: 'You were not following {username}.'"

if ((failures > 0)); then
  echo "$failures case(s) failed" >&2
  exit 1
fi
echo "check-translations: every case behaved"
