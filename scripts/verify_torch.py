"""Record `pytest snippets` on another torch version, in an isolated environment.

    python scripts/verify_torch.py 2.6.0          # or: make verify-torch TORCH=2.6.0

Creates (once) a virtual environment for that version under the cache folder
(`$PTKB_CACHE`, default `~/.cache/pytorch-profile-kb`), installs the exact
torch/torchvision pair from `requirements/torch-pairs.tsv` (the only place pairs are
written) plus the pinned pytest and pytest-xdist of `requirements/snippets.txt`, and
runs the recorder there on CPU. The record goes to
`verification/cpu-torch-<version>.json`, next to the pinned `cpu.json`; the site
renders the range of versions each snippet was verified on from these files.

Never run by `make test`: version records are made on demand and committed, like the
GPU record. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "requirements" / "torch-pairs.tsv"
SNIPPET_REQUIREMENTS = ROOT / "requirements" / "snippets.txt"
#: Test tools installed next to torch, pinned as in requirements/snippets.txt.
TEST_TOOLS = ("pytest", "pytest-xdist")


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
    parser.add_argument("torch", help=f"torch version, one of: {', '.join(pairs)}")
    args = parser.parse_args(argv)
    if args.torch not in pairs:
        parser.error(f"torch {args.torch} is not in {PAIRS.relative_to(ROOT)}")
    python = ensure_environment(args.torch, pairs[args.torch])
    runner = f"cpu-torch-{args.torch}"  # a version record of the `cpu` runner
    out = ROOT / "verification" / f"{runner}.json"
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}  # a CPU record, also on a GPU box
    command = [
        str(python), str(ROOT / "scripts" / "record_verification.py"),
        "--runner", runner, "--out", str(out), "--", *extra,
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
