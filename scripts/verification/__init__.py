"""Verification of the snippets: records of what ran where, and how the site shows it.

The recording half (site, schema, environment, digest, plugin, recorder, outputs,
machine) is standard library only, plus ``packaging``, so a GPU runner needs nothing
beyond torch, torchvision and pytest; the rendering half (status, texts, runners,
formatting, templates, render, versions, claims, the benchmark and download pages)
also uses Jinja2 and babel, installed with MkDocs. GPU runners still import
download_runs and claims when they record the downloads: babel is imported only
inside the formatting functions that use it. ARCHITECTURE.md lists every module.
One responsibility per module:

- :mod:`~scripts.verification.site`: the site's vocabulary (snippet modules, the
  tests that cover them, ``--8<--`` includes and section markers with pymdownx's own
  expressions, fences, page title, where the badges go), shared with the MkDocs hooks
  and the drift guards in ``tests/drift``.
- :mod:`~scripts.verification.schema`: the record format, its version and validation.
- :mod:`~scripts.verification.fields`: what every record format is made of
  (``Field``, predicates, ``RecordError``).
- :mod:`~scripts.verification.environment`: device and versions of a run.
- :mod:`~scripts.verification.plugin`: the pytest plugin (the only file loaded with
  ``-p``).
- :mod:`~scripts.verification.recorder`: runs pytest and writes the record; the CLI.
- :mod:`~scripts.verification.status`: what a badge says about one module on one
  runner.
- :mod:`~scripts.verification.texts`, :mod:`~scripts.verification.templates`: the
  pt-BR wording and the markup of the badges.
- :mod:`~scripts.verification.render`: badges, the verification matrix and its legend.
"""
