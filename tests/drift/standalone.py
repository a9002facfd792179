"""Guard 4: every shown section runs alone, exactly as a reader copies it.

What runs: for each Python fence of a page whose body is only includes of ``.py``
sections (not ``fragment-…``) or whole ``.py`` files, the text of its rendered
``<code>`` element as Material's copy button copies it (see
:mod:`drift.html_blocks`), i.e. the built site's text, not the module's.

How it runs (``tests/drift/_runner.py``): alone, as ``__main__``, in a fresh and
empty namespace, with the working directory in a new temporary folder (nothing can
be written into the repository), under ``python -I`` (no ``PYTHONPATH``, no user
site, no script folder) and without the repository root on ``sys.path``: a block
that imports ``snippets.*`` fails, as it would for a reader; it is also reported
directly, by name. The environment is otherwise the reader's (CUDA is used if the
machine has it). Any exception, a non-zero ``SystemExit``, a timeout (``60 s`` per
block by default, ``DRIFT_SECTION_TIMEOUT``) or a warning a reader would see
(FutureWarning/UserWarning, or a DeprecationWarning raised by the block itself)
fails, naming the page, line and section. Names used but never imported or defined
anywhere in the block (even inside a function body, which running does not reach)
are found statically, with pyflakes' rules through the pinned ruff.

Speed: a fresh interpreter that imports torch costs ~1.5–2 s, which times ~50
blocks is too slow for every CI run. The default mode forks each block from a
parent that has imported torch (and, for blocks that import it, torchvision) but
computed nothing; the block still starts from an empty namespace, so a missing
``import`` is caught exactly as in a fresh interpreter, and blocks are assigned to
phases so a child never has torch or torchvision loaded unless its block imports
it (phase 0: neither, 1: torch, 2: torch and torchvision; the runner's own stdlib
modules are loaded, but unbound). What the fork mode cannot see: a block relying on
a *side effect* of importing torch/torchvision without importing it (practically
impossible: it would need the name). Measured on 2 shared cores: 10 blocks took
1.9 s forked vs 20.8 s as fresh interpreters; the whole site (~30 blocks) ~5 s.
``DRIFT_STANDALONE=fresh`` runs one fresh interpreter per block instead (also the
fallback where ``os.fork`` does not exist). Two blocks run at a time
(``DRIFT_WORKERS``).

Error sections: a shown section named ``error-…`` reproduces an error, so it must
*raise*: its top level raises, or each function it defines whose name ends in
``_error`` raises when called. One that runs cleanly fails ("section error-x must
raise but ran cleanly"). ``fix-…`` sections run as any other.

Problems are grouped by section id (``snippets/x.py:name``, see
:func:`tests.drift.html_blocks.section_id`) by :func:`check_by_section`, so the test
has one id per shown section: a failure names the block and ``-k`` selects it.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scripts.verification.site import ERROR_FUNCTION_SUFFIX
from tests.drift.html_blocks import ShownSection, standalone_blocks
from tests.drift.pages import Page

RUNNER = Path(__file__).with_name("_runner.py")


@dataclass
class Outcome:
    section: ShownSection
    ok: bool
    log: str
    seconds: float | None


def imports_snippets(code: str) -> list[str]:
    """Imports of our own package in a block (readers do not have ``snippets``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "snippets"]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and not node.level
            and node.module.split(".")[0] == "snippets"
        ):
            found.append(node.module)
    return found


#: Pyflakes rules (through ruff) for names a block uses but never defines or imports.
UNDEFINED = "F821,F822,F823"


def undefined_names(blocks: list[ShownSection]) -> dict[str, list[str]]:
    """Names each block uses without defining or importing them (static, via ruff).

    Running a block only executes its top level: a name used inside a function body
    (``F.relu`` without ``import torch.nn.functional as F``) fails only when the
    reader calls the function. The module's own tests don't see it either when the
    module imports the name outside the shown section. Pyflakes' undefined-name
    check on the copied text closes that gap. Returns ``{label: [messages]}``;
    empty if ruff is not installed.
    """
    if importlib.util.find_spec("ruff") is None:  # pragma: no cover
        return {}
    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="drift-names-") as tmp:
        names = {}
        for k, block in enumerate(blocks):
            name = f"block{k}.py"
            (Path(tmp) / name).write_text(block.code, encoding="utf-8")
            names[name] = block.label
        proc = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache"]
            + ["--select", UNDEFINED, "--output-format", "concise", "."],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
        )
        grouped: dict[str, dict[str, list[str]]] = {}
        for line in proc.stdout.splitlines():
            m = re.match(r"^(?:\./)?(block\d+\.py):(\d+):\d+: (F8\d\d) (.*)$", line)
            if m and m.group(1) in names:
                what = f"{m.group(4)} ({m.group(3)})"
                lines = grouped.setdefault(names[m.group(1)], {})
                lines.setdefault(what, []).append(m.group(2))
    for label, messages in grouped.items():
        found[label] = [
            f"{what} at line{'s' * (len(nums) > 1)} {', '.join(nums)} of the block"
            for what, nums in messages.items()
        ]
    return found


def _mode() -> str:
    mode = os.environ.get("DRIFT_STANDALONE", "fork")
    return "fresh" if mode == "fresh" or not hasattr(os, "fork") else "fork"


def _file_name(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_")[:80] + ".py"


def _env() -> dict[str, str]:
    # The reader's environment, minus what only our shell has.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PYTHONPATH", None)
    env.pop("SNIPPETS_UPDATE_OUTPUT", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _jobs(blocks: list[ShownSection], tmp_path: Path, root: Path) -> list[dict]:
    """One job per block for the runner: its code, an empty folder, where to write."""
    jobs = []
    for k, block in enumerate(blocks):
        cwd = tmp_path / f"job{k}"
        cwd.mkdir()
        jobs.append(
            {
                "code": block.code,
                "file": _file_name(block.label),
                "cwd": str(cwd),
                "log": str(tmp_path / f"job{k}.log"),
                "result": str(tmp_path / f"job{k}.json"),
                "root": str(root.resolve()),
                "expect_error": block.expect_error,
                "error_suffix": ERROR_FUNCTION_SUFFIX,
            }
        )
    return jobs


def _serve_forked(
    jobs: list[dict], tmp_path: Path, workers: int, timeout: float
) -> dict:
    """Run the jobs in forks of one warmed-up runner; return its timings."""
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "jobs": jobs,
                "workers": workers,
                "timeout": timeout,
                "timings": str(tmp_path / "timings.json"),
            }
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-I", str(RUNNER), "serve", str(spec)],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout * len(jobs) + 120,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"standalone runner failed:\n{proc.stdout}{proc.stderr}")
    return json.loads((tmp_path / "timings.json").read_text())


def _run_fresh(jobs: list[dict], workers: int, timeout: float) -> None:
    """Run each job in a fresh interpreter (no fork), ``workers`` at a time."""

    def one(job):
        path = Path(job["cwd"]).with_suffix(".job.json")
        path.write_text(json.dumps(job), encoding="utf-8")
        try:
            subprocess.run(
                [sys.executable, "-I", str(RUNNER), "run", str(path)],
                cwd=job["cwd"],
                env=_env(),
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            with open(job["log"], "a", encoding="utf-8") as f:
                f.write(f"\nkilled: still running after {timeout:g} s\n")

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, jobs))


def _outcome(block: ShownSection, job: dict) -> Outcome:
    """What the job left: its log (paths made relative) and its result file."""
    log_path, result_path = Path(job["log"]), Path(job["result"])
    log = (
        log_path.read_text(encoding="utf-8", errors="replace")
        if log_path.exists()
        else ""
    )
    result = json.loads(result_path.read_text()) if result_path.exists() else None
    ok = bool(result) and result["status"] == 0 and result["warnings"] == 0
    seconds = result["seconds"] if result else None
    return Outcome(block, ok, log.replace(job["cwd"] + os.sep, ""), seconds)


def run_blocks(
    blocks: list[ShownSection],
    root: Path,
    workers: int | None = None,
    timeout: float | None = None,
    mode: str | None = None,
) -> tuple[list[Outcome], dict]:
    """Run each block alone; return outcomes and timings (``wall``, per phase)."""
    workers = workers or int(os.environ.get("DRIFT_WORKERS", "2"))
    timeout = timeout or float(os.environ.get("DRIFT_SECTION_TIMEOUT", "60"))
    mode = mode or _mode()
    started = time.perf_counter()
    timings: dict = {
        "mode": mode,
        "blocks": len(blocks),
        "workers": workers,
        "timeout_per_block_s": timeout,
    }
    with tempfile.TemporaryDirectory(prefix="drift-standalone-") as tmp:
        tmp_path = Path(tmp)
        jobs = _jobs(blocks, tmp_path, root)
        if mode == "fork":
            timings.update(_serve_forked(jobs, tmp_path, workers, timeout))
        else:
            _run_fresh(jobs, workers, timeout)
        outcomes = [_outcome(b, j) for b, j in zip(blocks, jobs, strict=True)]
    timings["wall"] = round(time.perf_counter() - started, 2)
    return outcomes, timings


def _static_problems(blocks: list[ShownSection]) -> dict[str, list[str]]:
    """What reading each block shows, before running it: our own package imported,
    names used but never imported or defined."""
    by_label: dict[str, list[str]] = {b.label: [] for b in blocks}
    for block in blocks:
        own = imports_snippets(block.code)
        if own:
            by_label[block.label].append(
                f"{block.label}: imports {', '.join(own)}; readers do not have our "
                "'snippets' package, a shown section must be self-contained"
            )
    for label, messages in undefined_names(blocks).items():
        by_label[label].append(
            f"{label}: uses names it never imports or defines (fails when the reader "
            "calls it):\n    " + "\n    ".join(messages)
        )
    return by_label


def _run_problem(o: Outcome) -> str:
    """A failed run: what went wrong, where else the block is shown, the log's tail."""
    tail = "\n".join(o.log.rstrip().split("\n")[-12:])
    also = o.section.places[1:]
    if o.section.expect_error and "must raise but ran cleanly" in o.log:
        names = ", ".join(o.section.ids)
        what = f"section {names} must raise but ran cleanly"
    else:
        what = (
            "does not run standalone (copied from the built page, run alone in "
            "a fresh namespace)"
        )
    return (
        f"{o.section.label}: {what}"
        + (f"; also shown at {', '.join(also)}" if also else "")
        + ":\n    "
        + tail.replace("\n", "\n    ")
    )


def check_by_section(
    root: Path,
    site: Path,
    pages: list[Page] | None = None,
    select=None,
    report: dict | None = None,
) -> tuple[dict[str, list[str]], list[str]]:
    """Guard 4: run every shown standalone Python block alone.

    Args:
        root: repository root (pages and modules are read from it).
        site: the built site (the copied text is read from it).
        pages: parsed pages, to reuse a parse.
        select: optional predicate on a :class:`ShownSection` to run only some.
        report: optional dict that receives timings and per-block seconds.

    Returns:
        The problems of each section id (an empty list for a section that passed),
        and the problems that belong to no section (a page that did not map).
    """
    blocks, general = standalone_blocks(root, site, pages)
    if select is not None:
        blocks = [b for b in blocks if select(b)]
    by_label = _static_problems(blocks)
    outcomes, timings = run_blocks(blocks, root)
    if report is not None:
        report.update(timings)
        report["per_block"] = {o.section.label: o.seconds for o in outcomes}
    for o in outcomes:
        if not o.ok:
            by_label[o.section.label].append(_run_problem(o))
    by_id: dict[str, list[str]] = {}
    for block in blocks:
        for section in block.ids or [block.label]:
            by_id.setdefault(section, []).extend(by_label[block.label])
    return by_id, general


def check_standalone(
    root: Path,
    site: Path,
    pages: list[Page] | None = None,
    select=None,
    report: dict | None = None,
) -> list[str]:
    """Guard 4 as one list of problems (see :func:`check_by_section`)."""
    by_id, general = check_by_section(root, site, pages, select, report)
    problems = list(general)
    for found in by_id.values():
        problems += [p for p in found if p not in problems]
    return problems
