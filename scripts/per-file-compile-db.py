#!/usr/bin/python3
"""Writes a compile database with one entry per source file (Python standard library only).

    scripts/per-file-compile-db.py IN_DB OUT_DB [--only-under DIR]

src/ is compiled in CMake unity batches (cmake/Layers.cmake): the database CMake writes lists
generated files that each #include up to eight .cpp files, and has no entry for the .cpp files
themselves, so clangd and `clang-tidy -p` find no flags for them. OUT_DB is IN_DB with each batch
replaced by one entry per file it includes, compiled with the batch's command; every other entry
is copied unchanged. scripts/build.sh writes build/editor/compile_commands.json this way.

--only-under DIR keeps only the .cpp files under DIR, each once, and prints their paths, one per
line (the files scripts/check-tidy.sh checks). OUT_DB is written last and replaced in one step:
when it exists, the list printed is complete.
"""

import argparse
import json
import os
import re
import sys

BATCH_MARK = "/Unity/unity_"
BATCH_INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)


def split(entry):
    """Yields (real path, entry) for each file the entry compiles: the entry itself, or for a
    batch, each included file with the batch's command aimed at it."""
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    if BATCH_MARK not in path:
        yield path, entry
        return
    with open(path, encoding="utf-8") as f:
        included_files = BATCH_INCLUDE.findall(f.read())
    for included in included_files:
        real = os.path.realpath(included)
        command = entry["command"].replace(entry["file"], included)
        yield real, {"directory": entry["directory"], "file": real, "command": command}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("in_db", metavar="IN_DB", help="CMake's compile_commands.json")
    parser.add_argument("out_db", metavar="OUT_DB", help="the database to write")
    parser.add_argument("--only-under", metavar="DIR",
                        help="keep only the .cpp files under DIR, and print their paths")
    args = parser.parse_args()

    with open(args.in_db, encoding="utf-8") as f:
        database = json.load(f)
    entries = []
    if args.only_under is None:
        for entry in database:
            entries.extend(file_entry for _, file_entry in split(entry))
    else:
        # The trailing separator keeps src2/ out of src/.
        prefix = os.path.join(os.path.realpath(args.only_under), "")
        seen = set()
        for entry in database:
            for path, file_entry in split(entry):
                if path.startswith(prefix) and path.endswith(".cpp") and path not in seen:
                    seen.add(path)
                    entries.append({"directory": file_entry["directory"], "file": path,
                                    "command": file_entry["command"]})
                    print(path)

    # Renamed into place: an editor reading OUT_DB meanwhile sees the old version, and a run that
    # fails halfway leaves no half-written database.
    os.makedirs(os.path.dirname(os.path.abspath(args.out_db)), exist_ok=True)
    partial = args.out_db + ".partial"
    with open(partial, "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=1)
    os.replace(partial, args.out_db)


if __name__ == "__main__":
    sys.exit(main())
