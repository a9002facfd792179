"""``mkdocs.yml`` read as plain YAML, as the guards and tests read it.

The config uses one YAML tag beyond plain YAML: ``!ENV`` (pyyaml-env-tag, which
MkDocs reads), for the addresses the workflow sets (``SITE_URL``, ``REPO_URL``,
``COLAB_REF``). :func:`mkdocs_config` resolves it as MkDocs does: the first variable
of the list that is set, else the list's last item (the default). Any other tag
still fails to load, so the config stays portable (no ``!relative``, no
``!!python/name``).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` plus ``!ENV``."""


def _env(loader: _Loader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else None
    return default


_Loader.add_constructor("!ENV", _env)


def mkdocs_config(root: Path) -> dict:
    """``root/mkdocs.yml`` as a dict (``!ENV`` resolved from this environment)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - SafeLoader subclass
