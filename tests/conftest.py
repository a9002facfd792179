"""Fixtures shared by the site-level tests: one strict build, and repo copies to break.

Helpers live in :mod:`tests.support`; this file only declares fixtures (the one
Chromium of a session among them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import require_browser, serve_site
from tests.support.build import build_site, once_per_run
from tests.support.repo_copy import copy_repo
from tests.support.selftest import BuiltCopy, make_built_copy


def _strict_build(dest: Path) -> None:
    """Build the site strictly into ``dest``; fail on any warning."""
    proc = build_site(dest)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    warnings = [
        line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert not warnings, "\n".join(warnings)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built strictly into a temporary folder (fails on any warning).

    Built once per run and read by every xdist worker (the tests never write to it).
    """
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's base is `<run>/popen-gw<N>`; the run's folder is shared.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return once_per_run(shared, "site", _strict_build)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium per session (per xdist worker), for every browser test.

    The system's Chromium, never Playwright's download. Playwright's sync API allows
    one running instance per process: a test module that starts its own while this
    one runs fails with "Sync API inside the asyncio loop", so use this fixture.
    """
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=executable)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def site_root(built_site: Path) -> Iterator[str]:
    """URL of the built site served on 127.0.0.1 (also under ``SUBPATH``)."""
    with serve_site(built_site) as url:
        yield url


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fresh working copy of the repository, for a self-test to break."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> BuiltCopy:
    """One copy with a shown section missing its ``import torch``, built once.

    Its tests change the copy and put it back, so they share the xdist group
    ``built-copy`` (one worker) rather than a copy built once per run.

    Shared by the self-tests of guards 4 and 5 (see
    :func:`tests.support.selftest.make_built_copy`).
    """
    return make_built_copy(tmp_path_factory.mktemp("built"))
