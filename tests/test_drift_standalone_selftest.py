"""Self-test of guard 4 (`tests.drift.standalone`): a section that can't run alone.

On the shared built copy (the `built_copy` fixture), a shown section lost its
`import torch`: the guard must name page, line and section, and the static check must
name the undefined name. The runner itself is checked on synthetic blocks: isolation
from the repository, timeout, warnings, exit codes, and the `error-…` convention (a
section that must raise, directly or through its `*_error` functions).
"""

from __future__ import annotations

import pytest

from tests.drift import standalone
from tests.drift.html_blocks import ShownSection
from tests.support import ROOT
from tests.support.selftest import ERROR_PROBE, joined


@pytest.mark.xdist_group("built-copy")
def test_missing_import_in_a_shown_section_names_page_and_section(built_copy):
    root, site, inc = built_copy.root, built_copy.site, built_copy.inc
    problems = standalone.check_standalone(
        root, site, select=lambda b: any(inc.spec in p for p in b.places)
    )
    hits = [
        p
        for p in problems
        if p.startswith(f"{inc.fence.origin} ({inc.spec})") and "standalone" in p
    ]
    assert hits, joined(problems)
    assert "NameError: name 'torch' is not defined" in hits[0], hits[0]
    assert any(
        p.startswith(f"{inc.fence.origin} (") and "Undefined name `torch`" in p
        for p in problems
    ), joined(problems)


@pytest.mark.parametrize("mode", ["fork", "fresh"])
def test_standalone_runner_isolation_timeout_and_warnings(mode: str):
    cases = {
        "ok-writes-in-temp": "open('drift_out.txt', 'w').write('x')\nprint('ok')\n",
        "imports-our-package": "from snippets.examples import tensor_basics\n",
        "missing-import": "print(json.dumps({}))\n",
        "future-warning": "import warnings\nwarnings.warn('velho', FutureWarning)\n",
        "timeout": "import time\ntime.sleep(30)\n",
        "exit-0": "import sys\nsys.exit(0)\n",
        "exit-1": "import sys\nsys.exit(1)\n",
        "main-guard-runs": "if __name__ == '__main__':\n    raise RuntimeError()\n",
    }
    blocks = [ShownSection(name, [name], code) for name, code in cases.items()]
    outcomes, _ = standalone.run_blocks(blocks, ROOT, timeout=2, mode=mode)
    got = {o.section.label: o for o in outcomes}
    assert got["ok-writes-in-temp"].ok, got["ok-writes-in-temp"].log
    assert not (ROOT / "drift_out.txt").exists()
    assert not got["imports-our-package"].ok
    assert "ModuleNotFoundError" in got["imports-our-package"].log
    assert not got["missing-import"].ok and "NameError" in got["missing-import"].log
    assert not got["future-warning"].ok and "FutureWarning" in got["future-warning"].log
    assert not got["timeout"].ok and "still running after 2" in got["timeout"].log
    assert got["exit-0"].ok and not got["exit-1"].ok
    assert not got["main-guard-runs"].ok
    assert standalone.imports_snippets(cases["imports-our-package"]) == [
        "snippets.examples"
    ]


def test_standalone_names_used_only_inside_functions_are_checked_statically():
    blocks = [
        ShownSection(
            "uses-F", ["uses-F"], "import torch\n\n\ndef f(x):\n    return F.relu(x)\n"
        ),
        ShownSection(
            "fine", ["fine"], "import torch\n\n\ndef f(x):\n    return torch.relu(x)\n"
        ),
    ]
    found = standalone.undefined_names(blocks)
    assert list(found) == ["uses-F"]
    assert found["uses-F"] == ["Undefined name `F` (F821) at line 5 of the block"]


ERROR_CASES = {
    "raises-at-top-level": ("raise ValueError('forma errada')\n", True),
    "error-function-raises": (
        "def matmul_error():\n    raise RuntimeError('mat1 and mat2')\n",
        True,
    ),
    "every-error-function-must-raise": (
        "def a_error():\n    raise RuntimeError('a')\n\n\n"
        "def b_error():\n    return 1\n",
        False,
    ),
    "error-function-returns": ("def matmul_error():\n    return 1\n", False),
    "no-error-function": ("x = 1\n", False),
    "name-error-is-a-broken-section": ("print(torch.ones(2))\n", False),
    "import-error-is-a-broken-section": ("import no_such_module_x\n", False),
    "broken-error-function": ("def x_error():\n    return json.dumps(1)\n", False),
}


@pytest.mark.parametrize("mode", ["fork", "fresh"])
def test_error_sections_must_raise(mode: str):
    blocks = [
        ShownSection(name, [name], code, [f"x.py:error-{name}"], expect_error=True)
        for name, (code, _) in ERROR_CASES.items()
    ]
    outcomes, _ = standalone.run_blocks(blocks, ROOT, timeout=20, mode=mode)
    got = {o.section.label: o for o in outcomes}
    for name, (_, ok) in ERROR_CASES.items():
        assert got[name].ok is ok, f"{name}: {got[name].log}"
    assert "raised as expected: raised ValueError" in got["raises-at-top-level"].log
    assert "must raise but ran cleanly" in got["error-function-returns"].log
    assert "b_error() returned without raising" in (
        got["every-error-function-must-raise"].log
    )
    assert "NameError" in got["name-error-is-a-broken-section"].log


@pytest.mark.xdist_group("built-copy")
def test_error_section_that_runs_cleanly_is_named(built_copy):
    """An `error-` section whose function no longer raises fails, by section id."""
    by_id, _ = standalone.check_by_section(
        built_copy.root,
        built_copy.site,
        select=lambda b: ERROR_PROBE in b.label,
    )
    error_id, fix_id = f"{ERROR_PROBE}:error-drift", f"{ERROR_PROBE}:fix-drift"
    assert set(by_id) == {error_id, fix_id}
    assert not by_id[fix_id], joined(by_id[fix_id])
    assert any(
        f"section {error_id} must raise but ran cleanly" in p for p in by_id[error_id]
    ), joined(by_id[error_id])
