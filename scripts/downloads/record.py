"""The downloads recorder: run every ``.py`` and notebook, write their record.

Usage (from the repository root; ``make record-downloads`` is the first line)::

    python -m scripts.downloads.record --runner cpu
    python -m scripts.downloads.record --runner gpu --out "$OUT/downloads-gpu.json"

It builds every download as the site does (:func:`scripts.downloads.plan.all_downloads`,
without ``site_url``: the badges compare records with those bytes, which differ from
the published ones only in the notebooks' links to other pages), runs each one as
:mod:`scripts.downloads.run` says (offline, in an empty folder, two at a time by
default), and writes ``verification/downloads-<runner>.json``
(:data:`scripts.verification.download_runs.DOWNLOADS_SCHEMA_DOC`): the sha256 of the
bytes that ran, the outcome, the seconds and, for a failure, the first lines of
what went wrong. The record is written even when a download fails; the exit status
is then 1. Without what running the notebooks needs (``requirements/downloads.txt``
on a runner that installed only ``requirements/snippets.txt``) it says which
packages are missing and exits with 2, before building anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.verification.digest import sha256_hex
from scripts.verification.download_runs import (
    DOWNLOADS_SCHEMA_VERSION,
    downloads_path,
    problem_text,
    write_downloads_record,
)
from scripts.verification.environment import environment
from scripts.verification.schema import runner_name

REPO_ROOT = Path(__file__).resolve().parents[2]
#: What running every download needs beyond the standard library: the examples'
#: own packages, and what builds and runs a notebook.
PACKAGES = ("torch", "torchvision", "nbformat", "nbclient", "ipykernel")
#: Where the notebook packages are pinned (``requirements/dev.txt`` includes it).
REQUIREMENTS = "requirements/downloads.txt"


def missing_packages(names: tuple[str, ...] = PACKAGES) -> list[str]:
    """The packages of ``names`` this interpreter cannot import."""
    return [name for name in names if importlib.util.find_spec(name) is None]


def build_record(
    *,
    runner: str,
    results: dict[str, tuple[str, str, list[str], float]],
    env: dict,
    started: dt.datetime,
    duration: float,
) -> dict:
    """The record of one run; ``results``: site path -> (sha256, kind, problems, s)."""
    downloads = {}
    for path, (sha, kind, problems, seconds) in sorted(results.items()):
        entry = {
            "sha256": sha,
            "kind": kind,
            "outcome": "failed" if problems else "passed",
            "seconds": round(seconds, 2),
        }
        if problems:
            entry["problem"] = problem_text(problems)
        downloads[path] = entry
    return {
        "schema_version": DOWNLOADS_SCHEMA_VERSION,
        "kind": "downloads",
        "runner": runner,
        "date": started.replace(microsecond=0).isoformat(),
        "device": env["device"],
        "versions": env["versions"],
        "cuda_available": env["cuda_available"],
        "duration": round(duration, 2),
        "downloads": downloads,
    }


def _run_all(built, jobs: int) -> dict[str, tuple[str, str, list[str], float]]:
    """Run each download of ``built`` offline in its own folder, ``jobs`` at a time:
    path -> (sha256 of the bytes run, kind, problems, seconds)."""
    # Imported here, as in run(): they need the packages run() checks first.
    from scripts.downloads import run as runs

    # Notebooks first: they take longest, so the two workers finish together.
    order = sorted(built.files, key=lambda p: (not p.endswith(".ipynb"), p))
    results: dict[str, tuple[str, str, list[str], float]] = {}
    with tempfile.TemporaryDirectory(prefix="record-downloads-") as tmp:
        base = Path(tmp)
        sandbox = runs.Sandbox(
            runs.offline_env(base / "guard", dict(os.environ)),
            runs.kernel_dirs(base / "kernels"),
        )

        def one(index: int, path: str) -> None:
            data = built.files[path]
            workdir = base / f"run-{index:03d}"
            workdir.mkdir()
            t = time.monotonic()
            try:
                problems = built.check(path, workdir, sandbox)
            except Exception as exc:  # noqa: BLE001 - recorded, never hidden
                problems = [f"o gravador não conseguiu rodar {path}: {exc!r}"]
            seconds = time.monotonic() - t
            kind = Path(path).suffix.removeprefix(".")
            results[path] = (sha256_hex(data), kind, problems, seconds)
            state = "FAILED" if problems else "passed"
            print(f"record-downloads: {path} {state} ({seconds:.1f} s)", flush=True)

        # Each download runs in its own process (python or a kernel): threads wait.
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for future in [pool.submit(one, i, p) for i, p in enumerate(order)]:
                future.result()
    return results


def run(runner: str, out: Path, root: Path, jobs: int = 2) -> int:
    """Run every download under ``root``, write the record to ``out``; 0: all passed."""
    missing = missing_packages()
    if missing:
        print(
            f"record-downloads: this Python ({sys.executable}) lacks "
            f"{', '.join(missing)}, needed to build and run the downloads; install "
            f"them with: {sys.executable} -m pip install -r requirements/snippets.txt "
            f"-r {REQUIREMENTS}",
            file=sys.stderr,
        )
        return 2
    # Imported only now: they need the packages checked above.
    from scripts.downloads import run as runs

    root = root.resolve()
    built = runs.Downloads.build(root)
    built.machine  # noqa: B018 - imports torch once, before the threads start
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.monotonic()
    results = _run_all(built, jobs)
    record = build_record(
        runner=runner,
        results=results,
        env=environment(),
        started=started,
        duration=time.monotonic() - t0,
    )
    write_downloads_record(record, out)
    failed = [p for p, e in record["downloads"].items() if e["outcome"] == "failed"]
    print(
        f"record-downloads: {out} — {len(results) - len(failed)} passed, "
        f"{len(failed)} failed in {record['duration']:.0f} s",
        flush=True,
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.downloads.record",
        description="Run every download (.py and notebook) of the site and write "
        "verification/downloads-<runner>.json.",
    )
    parser.add_argument(
        "--runner", required=True, type=runner_name, help="runner name: cpu, gpu, ..."
    )
    parser.add_argument(
        "--out", type=Path, help="default: verification/downloads-<runner>.json"
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=REPO_ROOT,
        help="repository root (default: the one holding this script)",
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="downloads run at once (default: 2)"
    )
    args = parser.parse_args(argv)
    out = args.out or downloads_path(args.root / "verification", args.runner)
    return run(args.runner, out, args.root, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
