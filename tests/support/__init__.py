"""Helpers shared by the tests (English for tooling; browser helpers keep pt-BR).

- :data:`ROOT`: the repository root (defined once, here).
- :mod:`tests.support.build`: ``mkdocs build`` of the repository or of a copy.
- :mod:`tests.support.repo_copy`: a working copy of the repository to break on purpose.
- :mod:`tests.support.selftest`: what the guard self-tests share (finding a shown
  section, appending to a page).
- :mod:`tests.support.downloads`: the downloads hook run on a copy (page -> nav).
- :mod:`tests.support.browser`: local server, headless Chromium and the page objects.
"""

from pathlib import Path

#: The repository root.
ROOT = Path(__file__).resolve().parents[2]
