"""Project tooling (English): the verification package, the MkDocs hooks, scripts.

A package so that the hooks, the tests and the command-line entry points all import
the same modules under the same names (``scripts.verification.site``, ...).
"""
