"""Every download runs: each ``.py`` as a fresh process, each notebook in a kernel.

- A ``.py`` runs as ``python <name>.py`` in an empty temporary folder, with nothing
  of the repository on ``sys.path``; a notebook runs in its own kernel of this
  virtual environment (a kernel spec written into a temporary folder: nothing is
  registered on the machine), with every cell executed in order.
- Both run offline: a ``sitecustomize`` on ``PYTHONPATH`` refuses connections to
  other hosts (as ``snippets/conftest.py`` does for the snippet tests).
- What ``main()`` prints must be what the page shows: ``output/<name>.txt`` beside
  the module, text exact in the environment that recorded it
  (``snippets/output_environment.json``); elsewhere (a GPU runner) the text and the
  place of every number must match, as ``snippets/conftest.py`` compares. A module
  whose output depends on the machine (``output/<name>_<case>.txt``) must print one
  of the outputs the page shows. Nothing may go to stderr.

One test per file, so ``pytest -n 2`` spreads them over both cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from scripts.downloads import notebook as nb
from scripts.downloads.plan import PageDownloads, all_downloads, shown_outputs
from scripts.verification.outputs import (
    OUTPUT_ENVIRONMENT,
    compare_output,
    current_environment,
)
from tests.support import ROOT

#: Each download runs its example again (about 3 CPU-minutes in all on 2 cores):
#: `make test-slow`, which CI runs after `make test`.
pytestmark = pytest.mark.slow

PLANS, FILES = all_downloads(ROOT)
SCRIPTS = {path: module for p in PLANS for module, path in p.scripts.items()}
NOTEBOOKS = {p.notebook: p for p in PLANS}

#: Refuses every connection that does not stay on this machine (the kernel talks to
#: its client over loopback).
GUARD = """
import socket


_connect = socket.socket.connect


def _guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(address, tuple) and host not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(f"offline: connection to {address!r} refused by the test")
    return _connect(self, address)


socket.socket.connect = _guarded
"""


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a run: no repository on the path, the offline guard on."""
    guard = tmp_path_factory.mktemp("guard")
    (guard / "sitecustomize.py").write_text(textwrap.dedent(GUARD), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(guard)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def expected_outputs(module: str, pages: list[PageDownloads]) -> list[Path]:
    """The site's output for ``module``: its own file, else the cases shown."""
    own = ROOT / module
    own = own.parent / "output" / (own.stem + ".txt")
    if own.is_file():
        return [own]
    shown: list[Path] = []
    for plan in pages:
        markdown = (ROOT / "docs" / plan.page).read_text(encoding="utf-8")
        shown += [ROOT / p for p in shown_outputs(markdown, module)]
    return shown


def check_output(module: str, printed: str) -> None:
    """``printed`` is what the page shows for ``module`` (see the module docstring)."""
    candidates = expected_outputs(module, PLANS)
    assert candidates, f"{module}: the site shows no output to compare with"
    import json

    reference = json.loads(OUTPUT_ENVIRONMENT.read_text(encoding="utf-8"))
    exact = current_environment() == reference
    report = []
    for path in candidates:
        expected = path.read_text(encoding="utf-8")
        if exact:
            if printed == expected:
                return
            problems = compare_output(printed, expected, rel=0, abs_=0, by_value=True)
            report.append(f"{path.relative_to(ROOT)}: " + "; ".join(problems or ["?"]))
        else:
            problems = compare_output(printed, expected, rel=0, abs_=0, by_value=False)
            if not problems:
                return
            report.append(f"{path.relative_to(ROOT)}: " + "; ".join(problems))
    pytest.fail(f"{module}: the output differs from the page's\n" + "\n".join(report))


@pytest.mark.parametrize("path", sorted(SCRIPTS))
def test_script_runs_alone_and_prints_the_page_output(
    path: str, tmp_path: Path, offline_env: dict[str, str]
):
    script = tmp_path / Path(path).name
    script.write_bytes(FILES[path])
    proc = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        env=offline_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr
    check_output(SCRIPTS[path], proc.stdout)


@pytest.fixture(scope="module")
def kernel_dirs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A ``python3`` kernel spec of this interpreter, in a temporary folder."""
    from ipykernel.kernelspec import write_kernel_spec

    base = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(base / "python3")
    return [str(base)]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS))
def test_notebook_runs_and_prints_the_page_output(
    path: str, tmp_path: Path, offline_env: dict[str, str], kernel_dirs: list[str]
):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebook = nbformat.reads(FILES[path].decode("utf-8"), as_version=4)
    specs = KernelSpecManager(kernel_dirs=kernel_dirs, ensure_native_kernel=False)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = NotebookClient(
        notebook,
        km=km,
        timeout=600,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    # Runs every cell; a cell that raises fails here with its traceback.
    client.execute(env=offline_env, cwd=str(tmp_path))
    runs = [c for c in notebook.cells if nb.RUN_TAG in c.metadata.get("tags", [])]
    assert [c.metadata["example"]["module"] for c in runs] == NOTEBOOKS[path].examples
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        stderr = [o.text for o in cell.outputs if o.get("name") == "stderr"]
        assert not stderr, f"{cell.id}: {''.join(stderr)}"
    for cell in runs:
        printed = "".join(
            o.text
            for o in cell.outputs
            if o.output_type == "stream" and o.name == "stdout"
        )
        check_output(cell.metadata["example"]["module"], printed)
