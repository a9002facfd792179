"""Deprecated location of :mod:`tests.support.browser`, kept for one import.

``tests/test_error_search.py`` (being edited in parallel) still imports from here;
switch it to ``from tests.support.browser import ...`` and delete this file.
"""

from tests.support.browser import SUBPATH, require_browser, serve_site

__all__ = ["SUBPATH", "require_browser", "serve_site"]
