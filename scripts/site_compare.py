"""Byte-compare two built sites: the check behind every refactoring step of the build.

`python -m scripts.site_compare OLD NEW` lists the files only one side has and the
files whose bytes differ, and exits 1 when there is any. Two kinds of difference are
allowed, because they say nothing about behaviour: an asset's content hash in its file
name (`main.1a2b3c4d.min.js` is the same file as `main.9f8e7d6c.min.js`, and every
reference to it is renamed the same way before comparing), and Pagefind's index files,
which are derived from the HTML (when the HTML is equal they are too; when it is not,
the HTML already shows the difference).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

# A content hash between dots in a file name: Material's `main.<hash>.min.js`,
# Pagefind's `pagefind.<lang>_<hash>.pf_meta`, our minified assets.
HASH = re.compile(r"(?<=[._])[0-9a-f]{8,}(?=\.)")
DERIVED = ("pagefind/",)


def _key(relative: str) -> str:
    return HASH.sub("#", relative)


def site_files(root: Path) -> dict[str, Path]:
    """Each file of a built site by its path with content hashes blanked."""
    return {
        _key(p.relative_to(root).as_posix()): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(DERIVED)
    }


def _normalized(path: Path) -> bytes:
    return HASH.sub("#", path.read_bytes().decode("utf-8", "surrogateescape")).encode(
        "utf-8", "surrogateescape"
    )


def compare(old: Path, new: Path) -> list[str]:
    """The differences between two built sites, one line (or a short diff) each."""
    a, b = site_files(old), site_files(new)
    problems = [f"only in {old}: {k}" for k in sorted(a.keys() - b.keys())]
    problems += [f"only in {new}: {k}" for k in sorted(b.keys() - a.keys())]
    for key in sorted(a.keys() & b.keys()):
        if a[key].read_bytes() == b[key].read_bytes():
            continue
        before, after = _normalized(a[key]), _normalized(b[key])
        if before == after:
            continue
        diff = difflib.unified_diff(
            before.decode("utf-8", "replace").splitlines(),
            after.decode("utf-8", "replace").splitlines(),
            lineterm="",
            n=0,
        )
        lines = [line[:200] for line in list(diff)[2:12]]
        problems.append(f"differs: {key}\n    " + "\n    ".join(lines))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    for folder in (args.old, args.new):
        if not (folder / "index.html").is_file():
            parser.error(f"{folder} is not a built site (no index.html)")
    problems = compare(args.old, args.new)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} difference(s)" if problems else "identical")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
