"""Run many strict builds of the site, two at a time, and report failures and timings.

Why: a build that fails by chance teaches people to re-run until green. This script
is how the project measures that the build is deterministic under load (issue 10):
it runs N `mkdocs build --strict` processes, `--parallel` at a time (default 2, on a
2-core machine that is already full), each into its own temporary folder, optionally
with `--load` extra busy processes competing for the CPU, and prints every failure's
log tail plus the median build time.

Run on demand, never from `make test`:

    .venv/bin/python scripts/stress_build.py --builds 40 --parallel 2 --load 1
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _burn(stop: multiprocessing.synchronize.Event) -> None:
    """Keep one core busy until `stop` is set (the competing test suite)."""
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def _one_build(index: int, workdir: Path) -> tuple[int, float, int, str]:
    dest = workdir / f"site-{index}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    problems = [ln for ln in log.splitlines() if ln.startswith(("WARNING", "ERROR"))]
    failed = proc.returncode != 0 or bool(problems)
    return index, elapsed, int(failed), log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=40, help="builds in all")
    parser.add_argument("--parallel", type=int, default=2, help="builds at a time")
    parser.add_argument(
        "--load", type=int, default=0, help="extra busy processes during the run"
    )
    args = parser.parse_args(argv)

    stop = multiprocessing.Event()
    burners = [
        multiprocessing.Process(target=_burn, args=(stop,), daemon=True)
        for _ in range(args.load)
    ]
    for burner in burners:
        burner.start()
    failures: list[tuple[int, str]] = []
    times: list[float] = []
    try:
        with (
            tempfile.TemporaryDirectory(prefix="stress-build-") as tmp,
            ThreadPoolExecutor(max_workers=args.parallel) as pool,
        ):
            jobs = [pool.submit(_one_build, i, Path(tmp)) for i in range(args.builds)]
            for job in jobs:
                index, elapsed, failed, log = job.result()
                times.append(elapsed)
                status = "FAIL" if failed else "ok"
                print(f"build {index:3d}: {status} in {elapsed:5.1f} s", flush=True)
                if failed:
                    failures.append((index, log))
    finally:
        stop.set()
        for burner in burners:
            burner.join(timeout=5)

    for index, log in failures:
        tail = "\n".join(log.splitlines()[-15:])
        print(f"\n--- build {index} failed; last lines of its log ---\n{tail}")
    print(
        f"\n{args.builds} builds, {args.parallel} at a time, load {args.load}: "
        f"{len(failures)} failed; median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f})"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
