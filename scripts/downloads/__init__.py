"""Downloads of the examples: each page's example as a runnable ``.py`` and a notebook.

- :mod:`scripts.downloads.sources`: what a page shows of a module (its sections),
  what it does not (the rest), and the module made standalone (no section markers,
  no ``snippets.`` imports).
- :mod:`scripts.downloads.markdown`: a page's Markdown turned into notebook pieces
  (prose without MkDocs-only syntax, shown sections as code).
- :mod:`scripts.downloads.notebook`: the notebook itself (nbformat v4), its install
  cell (pins read from ``requirements/snippets.txt``), stable bytes and sha256.
- :mod:`scripts.downloads.plan`: the rule saying which pages offer which files, and
  :func:`~scripts.downloads.plan.download_hashes` for the verification records.

Used by the ``scripts/hooks/downloads.py`` hook and by ``tests/test_downloads*.py``.
"""
