"""Site-level tests: strict build, drift guards, verification, search, browser.

One import root: everything here is imported as ``tests....`` (shared helpers from
:mod:`tests.support`, the drift guards from :mod:`tests.drift`); the project's tools
as ``scripts....``. No test module and no ``conftest`` is imported as a library.
"""
