"""Drift guards: the site cannot show code that does not run.

Every guard is a plain function that takes the repository root (and, where it needs
the built site, the site folder) and returns a list of problems, one human-readable
string per problem, each starting with the culprit (``docs/page.md:LINE`` or
``snippets/topic/module.py:LINE``). An empty list means the guard passes.

``tests/test_drift_<guard>.py`` calls a guard on the real repository;
``tests/test_drift_<guard>_selftest.py`` calls it on a temporary copy into which it
injects that kind of drift, to prove the guard goes red. What a snippet module,
an include, a section marker and a fence are comes from
:mod:`scripts.verification.site` (pymdownx's own expressions), shared with the
badges hook.

Modules:

- :mod:`tests.drift.pages` parses pages: fences (at any indentation: tabs,
  admonitions, lists) and ``--8<--`` includes in all their forms.
- :mod:`tests.drift.python_blocks` (guard 1): Python on a page is only includes, or
  labelled and reviewed in the untested-block allowlist.
- :mod:`tests.drift.includes` (guards 2 and 3): section markers, includes that
  resolve, every section shown, every module shown and tested.
- :mod:`tests.drift.html_tree` reads the built HTML (stdlib ``html.parser``) and
  reconstructs the text that Material's copy button copies;
  :mod:`tests.drift.html_blocks` (guard 5) maps each fence to its rendered block.
- :mod:`tests.drift.standalone` (guard 4) runs every shown section alone, as a reader
  would after pressing the copy button (``_runner.py`` is its subprocess).
- :mod:`tests.drift.gpu` (guard 6): ``SNIPPETS_REQUIRE_GPU=1`` turns a missing GPU
  into failures.
"""
