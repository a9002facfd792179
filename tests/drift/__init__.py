"""Drift guards: the site cannot show code that does not run.

Every guard is a plain function that takes the repository root (and, where it needs
the built site, the site folder) and returns a list of problems, one human-readable
string per problem, each starting with the culprit (``docs/page.md:LINE`` or
``snippets/topic/module.py:LINE``). An empty list means the guard passes.

The tests in ``tests/test_drift_*.py`` call these functions on the real repository;
``tests/test_drift_selftest.py`` calls the same functions on a temporary copy of the
repository into which it injects each kind of drift, to prove the guards go red.

Modules:

- :mod:`drift.pages` parses pages: fences (at any indentation: tabs, admonitions,
  lists), ``--8<--`` includes in all their forms, and the untested-block allowlist.
- :mod:`drift.includes` parses section markers in modules and checks that every
  include resolves, every declared section is shown, and every module is shown and
  tested.
- :mod:`drift.html_blocks` reads the built HTML (stdlib ``html.parser`` only), maps
  each fence of a page to its rendered code block and reconstructs the text that
  Material's copy button copies.
- :mod:`drift.standalone` runs every shown section alone, as a reader would after
  pressing the copy button.
"""
