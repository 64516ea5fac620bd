#!/usr/bin/env bash
# scripts/check-migrations.sh passes the repository's migrations, refuses each kind of breaking
# change in a migration marked expand (one case at a time, as a migration 0099 added to a copy of
# migrations/), and accepts the same statements when the migration is marked contract.
#   check_migrations_test.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
check=$source_dir/scripts/check-migrations.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-check-migrations.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

"$check" "$source_dir/migrations" || fail "the repository's migrations do not pass"

# A copy of migrations/ plus 0099_case.sql in both dialects, marked KIND, holding SQL.
tree_with() { # KIND SQL
  rm -rf "$work/m"
  cp -r "$source_dir/migrations" "$work/m"
  local dialect
  for dialect in sqlite mysql; do
    printf -- '-- migration-kind: %s\n%s\n' "$1" "$2" >"$work/m/$dialect/0099_case.sql"
  done
}
refused() { # DESCRIPTION SQL EXPECTED_FINDING
  tree_with expand "$2"
  local out
  if out=$("$check" "$work/m" 2>&1); then
    fail "an expand migration that $1 passed the check"
  elif ! grep -q "0099_case.sql: marked expand but $3" <<<"$out"; then
    fail "an expand migration that $1 was refused for another reason: $out"
  fi
  tree_with contract "$2"
  "$check" "$work/m" >/dev/null || fail "a contract migration that $1 was refused"
}
accepted() { # DESCRIPTION SQL
  tree_with expand "$2"
  "$check" "$work/m" >/dev/null || fail "an expand migration that $1 was refused"
}

refused "drops a table" "DROP TABLE follow;" "drops data or schema"
refused "drops an index" "DROP INDEX ix_post_user_created ON post;" "drops data or schema"
refused "truncates a table" "TRUNCATE TABLE post;" "drops data or schema"
refused "drops a column" "ALTER TABLE user DROP COLUMN about_me;" "drops from table user"
refused "renames a column" "ALTER TABLE user RENAME COLUMN about_me TO bio;" "renames in table user"
refused "renames a table" "ALTER TABLE post RENAME TO entry;" "renames in table post"
refused "renames a table (MariaDB)" "RENAME TABLE post TO entry;" "renames"
refused "modifies a column" "ALTER TABLE user MODIFY about_me VARCHAR(280) NOT NULL;" \
  "changes an existing column of user"
refused "changes a column" "ALTER TABLE user CHANGE about_me bio VARCHAR(140);" \
  "changes an existing column of user"
refused "alters a column" "ALTER TABLE user ALTER COLUMN about_me SET DEFAULT 'x';" \
  "changes an existing column of user"
refused "adds a NOT NULL column without a default" \
  "ALTER TABLE post ADD COLUMN score INTEGER NOT NULL;" "adds a NOT NULL column without a DEFAULT"
refused "adds a unique index to an existing table" \
  "CREATE UNIQUE INDEX ux_post_body ON post (body);" "adds a unique index to the existing table post"
refused "hides a drop after a comment and another statement" \
  "CREATE INDEX ix_a ON post (language); -- fine so far
DROP TABLE post_sequence;" "drops data or schema"

accepted "creates a table with a unique index" \
  "CREATE TABLE tag (id INTEGER PRIMARY KEY, name VARCHAR(64) NOT NULL);
CREATE UNIQUE INDEX ux_tag_name ON tag (name);"
accepted "adds a nullable column" "ALTER TABLE user ADD COLUMN location VARCHAR(64) NULL;"
accepted "adds a NOT NULL column with a default" \
  "ALTER TABLE user ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;"
accepted "adds an index" "CREATE INDEX ix_post_language ON post (language);"

# The file-level rules: a kind is required, and both dialects must agree.
tree_with expand "CREATE INDEX ix_a ON post (language);"
sed -i '/migration-kind/d' "$work/m/mysql/0099_case.sql"
"$check" "$work/m" >/dev/null 2>&1 && fail "a migration without a kind passed"
tree_with expand "CREATE INDEX ix_a ON post (language);"
sed -i 's/kind: expand/kind: contract/' "$work/m/mysql/0099_case.sql"
"$check" "$work/m" >/dev/null 2>&1 && fail "a migration marked differently in the two dialects passed"
tree_with expand "CREATE INDEX ix_a ON post (language);"
rm "$work/m/mysql/0099_case.sql"
"$check" "$work/m" >/dev/null 2>&1 && fail "a migration for one dialect only passed"

((failures == 0)) || {
  echo "$failures failures" >&2
  exit 1
}
echo PASS
