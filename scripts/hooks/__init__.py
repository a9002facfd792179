"""MkDocs hooks, listed under ``hooks:`` in ``mkdocs.yml``.

MkDocs loads each hook by file path; a hook that needs the project's code puts the
repository root on ``sys.path`` (visibly, at its top) and imports ``scripts...``
normally, so the build and the tests share one copy of each module.
"""
