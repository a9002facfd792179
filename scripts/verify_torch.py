"""Record `pytest snippets` on another torch version, in an isolated environment.

    python scripts/verify_torch.py 2.6.0          # or: make verify-torch TORCH=2.6.0
    python scripts/verify_torch.py --newest       # the newest torch on PyPI (weekly CI)
    python scripts/verify_torch.py --matrix       # what CI's version matrix records

Creates (once) a virtual environment for that version under the cache folder
(`$PTKB_CACHE`, default `~/.cache/pytorch-profile-kb`), installs the exact
torch/torchvision pair from `requirements/torch-pairs.tsv` (the only place pairs are
written) plus the pinned pytest and pytest-xdist of `requirements/snippets.txt`, and
runs the recorder there on CPU. The record goes to
`verification/cpu-torch-<version>.json`, next to the pinned `cpu.json`; the site
renders the range of versions each snippet was verified on from these files.

`--newest` finds the pair on the registry instead (the pairs file stays the list of
pairs someone checked): the newest final release of torch on PyPI (no pre-release, not
every file yanked), and the newest final torchvision whose `Requires-Dist` accepts that
torch (at most `VISION_CANDIDATES` releases are asked, newest first). torchvision's
bounds are loose since 0.29 (`torch>=2.14.0`), so a torch minor released before its
torchvision is paired with the previous one: the record then says what fails, which
is what the weekly job is for. When the newest torch is the pinned one
(`requirements/snippets.txt`), `cpu.json` already records it and nothing is written.

`--matrix` prints, as JSON, the versions GitHub's version matrix records: the oldest
pair of the file, never the pinned torch (the test job's `cpu.json` is that record).

`--out-dir DIR` writes the record into DIR instead of `verification/` (CI uploads only
what this run wrote). Never run by `make test`: version records are made on demand and
committed, like the GPU record. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "requirements" / "torch-pairs.tsv"
SNIPPET_REQUIREMENTS = ROOT / "requirements" / "snippets.txt"
#: Test tools installed next to torch, pinned as in requirements/snippets.txt.
TEST_TOOLS = ("pytest", "pytest-xdist")
#: PyPI's JSON API (`<index>/<name>/json`, `<index>/<name>/<version>/json`).
PYPI_JSON = os.environ.get("VERIFY_TORCH_PYPI_JSON", "https://pypi.org/pypi")
#: How many torchvision releases, newest first, `--newest` asks for their metadata.
VISION_CANDIDATES = 6
#: A final release: numbers and dots only (no a/b/rc/dev/post, no local version).
FINAL_RE = re.compile(r"^\d+(?:\.\d+)*$")
#: One clause of a version specifier (PEP 440 operators).
CLAUSE_RE = re.compile(r"^\s*(===|==|!=|~=|>=|<=|>|<)\s*([0-9][0-9a-zA-Z.*+!]*)\s*$")
#: A `Requires-Dist` of torch: `torch>=2.14.0`, `torch (==2.8.0)`, `torch==2.6.0; ...`.
TORCH_REQUIREMENT_RE = re.compile(
    r"^torch(?![\w.-])\s*(?:\((?P<paren>[^)]*)\)|(?P<bare>[^;]*))\s*"
    r"(?:;(?P<marker>.*))?$"
)


def read_pairs(path: Path = PAIRS) -> dict[str, str]:
    """torch version -> torchvision version, from the pairs file."""
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            torch_version, vision_version = line.split()
            pairs[torch_version] = vision_version
    return pairs


def pinned(names: tuple[str, ...], path: Path = SNIPPET_REQUIREMENTS) -> list[str]:
    """The `name==version` lines of `names` in a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        name, _, version = line.partition("==")
        if name in names and version:
            found[name] = f"{name}=={version}"
    missing = [n for n in names if n not in found]
    if missing:
        raise SystemExit(f"verify_torch: {path} does not pin {', '.join(missing)}")
    return [found[n] for n in names]


# Not `packaging.version` (the site's one version parser, environment.parse_version):
# this script runs on a bare interpreter before any environment exists (CI's
# setup-python), where only the standard library is sure to import. Final releases
# and torchvision's simple specifiers are all it reads (tests/test_verify_torch.py).
def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a final release: `2.6.0` < `2.14.1`."""
    return tuple(int(part) for part in version.split("."))


def final_versions(releases: dict[str, list[dict]]) -> list[str]:
    """Final releases of a PyPI `releases` mapping with a file not yanked, ascending."""
    found = [
        version
        for version, files in releases.items()
        if FINAL_RE.match(version) and any(not f.get("yanked") for f in files)
    ]
    return sorted(found, key=version_key)


def torch_specifier(requires_dist: list[str] | None) -> str | None:
    """The version specifier a distribution declares for torch (`>=2.14.0`), or None.

    Requirements behind an extra (`; extra == "..."`) do not count; a bare `torch`
    gives the empty specifier (any version).
    """
    for requirement in requires_dist or []:
        m = TORCH_REQUIREMENT_RE.match(requirement.strip())
        if not m or "extra" in (m.group("marker") or ""):
            continue
        return (m.group("paren") or m.group("bare") or "").strip()
    return None


def _release(version: str) -> list[int]:
    return [int(p) for p in re.findall(r"\d+", version.split("+", 1)[0])]


def _compare(a: str, b: str) -> int:
    x, y = _release(a), _release(b)
    width = max(len(x), len(y))
    x, y = x + [0] * (width - len(x)), y + [0] * (width - len(y))
    return (x > y) - (x < y)


def satisfies(version: str, specifier: str) -> bool:
    """Whether a final release meets a PEP 440 specifier of final releases.

    Enough for the `Requires-Dist: torch` lines torchvision writes (`==2.8.0`,
    `>=2.14.0`, `==2.8.*`); a clause it cannot read raises ValueError.
    """
    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        m = CLAUSE_RE.match(clause)
        if not m:
            raise ValueError(f"unreadable version specifier: {clause!r}")
        op, wanted = m.groups()
        if wanted.endswith(".*"):
            prefix = _release(wanted[:-2])
            same = _release(version)[: len(prefix)] == prefix
            if (op == "==") != same or op not in ("==", "!="):
                return False
            continue
        c = _compare(version, wanted)
        ok = {
            "==": c == 0, "===": version == wanted, "!=": c != 0, ">=": c >= 0,
            "<=": c <= 0, ">": c > 0, "<": c < 0,
            "~=": c >= 0 and _release(version)[: len(_release(wanted)) - 1]
            == _release(wanted)[:-1],
        }[op]  # fmt: skip
        if not ok:
            return False
    return True


def pypi_json(name: str, version: str | None = None) -> dict:
    """PyPI's JSON document of a project, or of one of its releases."""
    url = f"{PYPI_JSON}/{name}/{version + '/' if version else ''}json"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - https
        return json.load(response)


def newest_pair(
    fetch: Callable[..., dict] = pypi_json,
) -> tuple[str, str, str]:
    """(torch, torchvision, what that torchvision declares) for the newest torch.

    Args:
        fetch: `fetch(name)` / `fetch(name, version)` -> PyPI's JSON document.

    Raises:
        SystemExit: no final torch, or none of the newest torchvision releases
            declares a torch requirement that the newest torch meets.
    """
    torches = final_versions(fetch("torch")["releases"])
    if not torches:
        raise SystemExit("verify_torch: no final torch release on the index")
    torch_version = torches[-1]
    visions = final_versions(fetch("torchvision")["releases"])
    asked = []
    for vision in reversed(visions[-VISION_CANDIDATES:]):
        info = fetch("torchvision", vision)["info"]
        spec = torch_specifier(info.get("requires_dist"))
        asked.append(f"{vision} ({'no torch' if spec is None else 'torch' + spec})")
        if spec is not None and satisfies(torch_version, spec):
            return torch_version, vision, spec
    raise SystemExit(
        f"verify_torch: no torchvision declares torch {torch_version} yet; "
        f"asked {', '.join(asked) or 'none'}"
    )


def matrix_versions(pairs: dict[str, str], pinned_torch: str) -> list[str]:
    """The versions CI's matrix records: the oldest pair, unless it is pinned."""
    oldest = min(pairs, key=version_key) if pairs else None
    return [oldest] if oldest and oldest != pinned_torch else []


def pinned_torch() -> str:
    """The torch version `requirements/snippets.txt` pins."""
    return pinned(("torch",))[0].split("==", 1)[1]


def cache_dir() -> Path:
    """Where the per-version environments live."""
    default = Path.home() / ".cache" / "pytorch-profile-kb"
    return Path(os.environ.get("PTKB_CACHE", default))


def ensure_environment(torch_version: str, vision_version: str) -> Path:
    """The environment's python, created and installed when missing or outdated."""
    venv = cache_dir() / "venvs" / f"torch-{torch_version}"
    python = venv / "bin" / "python"
    wanted = [
        f"torch=={torch_version}",
        f"torchvision=={vision_version}",
        *pinned(TEST_TOOLS),
    ]
    stamp = venv / ".installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8").split() == wanted:
        return python
    if not python.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", *wanted],
        check=True,
    )  # fmt: skip
    stamp.write_text(" ".join(wanted) + "\n", encoding="utf-8")
    return python


def main(argv: list[str] | None = None) -> int:
    pairs = read_pairs()
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:  # the rest goes to pytest, through the recorder
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Arguments after `--` go to pytest (e.g. `-- -n 2`).",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "torch", nargs="?", help=f"torch version, one of: {', '.join(pairs)}"
    )
    which.add_argument(
        "--newest", action="store_true",
        help="the newest torch on PyPI and the newest torchvision that accepts it",
    )  # fmt: skip
    which.add_argument(
        "--matrix", action="store_true",
        help="print (JSON) the versions CI's version matrix records",
    )  # fmt: skip
    parser.add_argument(
        "--out-dir", type=Path, default=ROOT / "verification",
        help="where the record goes (default: verification/)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.matrix:
        print(json.dumps(matrix_versions(pairs, pinned_torch())))
        return 0
    if args.newest:
        torch_version, vision_version, spec = newest_pair()
        print(
            f"verify_torch: newest torch {torch_version}, with torchvision "
            f"{vision_version} (declares torch{spec or ' without a bound'})"
        )
        if torch_version == pinned_torch():
            print(
                f"verify_torch: torch {torch_version} is the pinned version; "
                "verification/cpu.json records it, nothing to do"
            )
            return 0
    else:
        if args.torch not in pairs:
            parser.error(f"torch {args.torch} is not in {PAIRS.relative_to(ROOT)}")
        torch_version, vision_version = args.torch, pairs[args.torch]
    python = ensure_environment(torch_version, vision_version)
    runner = f"cpu-torch-{torch_version}"  # a version record of the `cpu` runner
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir.resolve() / f"{runner}.json"
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}  # a CPU record, also on a GPU box
    command = [
        str(python), str(ROOT / "scripts" / "record_verification.py"),
        "--runner", runner, "--out", str(out), "--", *extra,
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
