#!/usr/bin/env bash
# Checks the SQL migrations against the expand-then-contract rule (docs/migrations.md):
#   scripts/check-migrations.sh [DIR]      DIR: the migrations folder (default: migrations/)
# Every file declares "-- migration-kind: expand" or "-- migration-kind: contract", and both
# dialects (DIR/sqlite, DIR/mysql) have the same versions, names and kinds. A migration marked
# expand may only add; it is refused when a statement
#   - drops anything (DROP TABLE/INDEX/VIEW/TRIGGER, ALTER TABLE ... DROP), or TRUNCATEs;
#   - renames anything (RENAME TABLE, ALTER TABLE ... RENAME);
#   - changes an existing column (ALTER TABLE ... MODIFY, CHANGE, ALTER COLUMN);
#   - adds a NOT NULL column without a DEFAULT (the older release's INSERTs would fail);
#   - adds a UNIQUE index or constraint to a table it did not create (the older release may
#     write rows that break it).
# Exits non-zero and names each finding. tests/ops/check_migrations_test.sh proves it catches them.
set -euo pipefail
dir=${1:-}
[[ $dir == -h || $dir == --help ]] && {
  sed -n '2,13s/^# \{0,1\}//p' "$0"
  exit 0
}
[[ -z $dir || $dir == /* ]] || dir=$PWD/$dir
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir=${dir:-$REPO_ROOT/migrations}
[[ -d $dir/sqlite && -d $dir/mysql ]] || die "$dir has no sqlite/ and mysql/ folders"

/usr/bin/python3 - "$dir" <<'PYTHON'
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
findings = []
kinds = {}  # dialect -> {file name: kind}

KIND = re.compile(r"^--\s*migration-kind:\s*(expand|contract)\s*$", re.M)
CREATE_TABLE = re.compile(r"^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`\"]?(\w+)", re.I)
ALTER_TABLE = re.compile(r"^ALTER\s+TABLE\s+[`\"]?(\w+)[`\"]?\s+(.*)$", re.I | re.S)
UNIQUE_INDEX = re.compile(r"^CREATE\s+UNIQUE\s+INDEX\s+.*?\bON\s+[`\"]?(\w+)", re.I | re.S)


def statements(sql):
    text = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [" ".join(s.split()) for s in text.split(";") if s.strip()]


def expand_findings(sql):
    out = []
    created = set()
    for st in statements(sql):
        up = st.upper()
        m = CREATE_TABLE.match(st)
        if m:
            created.add(m.group(1).lower())
            continue
        if re.match(r"^(DROP|TRUNCATE)\b", up):
            out.append(f"drops data or schema: {st[:80]}")
        elif re.match(r"^RENAME\b", up):
            out.append(f"renames: {st[:80]}")
        elif (m := ALTER_TABLE.match(st)):
            table, rest = m.group(1).lower(), m.group(2).upper()
            if re.search(r"\bDROP\b", rest):
                out.append(f"drops from table {table}: {st[:80]}")
            if re.search(r"\bRENAME\b", rest):
                out.append(f"renames in table {table}: {st[:80]}")
            if re.search(r"\b(MODIFY|CHANGE|ALTER\s+COLUMN|ALTER)\b", rest):
                out.append(f"changes an existing column of {table}: {st[:80]}")
            for clause in re.split(r",\s*(?=ADD\b)", rest):
                if re.match(r"^ADD\b", clause) and not re.match(
                    r"^ADD\s+(UNIQUE|INDEX|KEY|CONSTRAINT|PRIMARY|FOREIGN|FULLTEXT|CHECK)\b", clause
                ):
                    if re.search(r"\bNOT\s+NULL\b", clause) and not re.search(r"\bDEFAULT\b", clause):
                        out.append(f"adds a NOT NULL column without a DEFAULT to {table}: {st[:80]}")
                if re.search(r"\bUNIQUE\b", clause) and table not in created:
                    out.append(f"adds a unique constraint to the existing table {table}: {st[:80]}")
        elif (m := UNIQUE_INDEX.match(st)) and m.group(1).lower() not in created:
            out.append(f"adds a unique index to the existing table {m.group(1)}: {st[:80]}")
    return out


for dialect in ("sqlite", "mysql"):
    kinds[dialect] = {}
    for path in sorted((root / dialect).glob("*.sql")):
        rel = f"{dialect}/{path.name}"
        if not re.match(r"^\d{4}_\w+\.sql$", path.name):
            findings.append(f"{rel}: the name is not NNNN_name.sql")
        sql = path.read_text()
        found = KIND.findall(sql)
        if len(found) != 1:
            findings.append(f"{rel}: needs exactly one '-- migration-kind: expand' or "
                            "'-- migration-kind: contract' line")
            continue
        kinds[dialect][path.name] = found[0]
        if found[0] == "expand":
            findings += [f"{rel}: marked expand but {f}" for f in expand_findings(sql)]

for name in sorted(set(kinds["sqlite"]) | set(kinds["mysql"])):
    a, b = kinds["sqlite"].get(name), kinds["mysql"].get(name)
    if a is None or b is None:
        findings.append(f"{name}: exists for {'mysql' if a is None else 'sqlite'} only")
    elif a != b:
        findings.append(f"{name}: marked {a} for sqlite but {b} for mysql")

for f in findings:
    print(f"check-migrations: {f}")
count = sum(len(k) for k in kinds.values())
print(f"check-migrations: {count} files, {len(findings)} findings")
sys.exit(1 if findings else 0)
PYTHON
