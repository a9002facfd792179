"""A content-addressed cache for the build's slow derived data.

Some of what the build derives is slow and changes rarely: the ``torch`` names an
example uses (resolving them imports torch and torchvision), a page's notebook, a
page's Markdown version. Each is a pure function of files we can hash, so it is
computed once per set of inputs and kept, as Sphinx-Gallery keeps an ``.md5`` beside
each example: a later build, or a reload under ``mkdocs serve``, reuses it while
its inputs are byte-identical.

An entry is ``<cache>/<kind>/<name>.pickle`` holding ``(key, value)``; the key hashes
the inputs *and* the source of the code that computes the value, so editing that
code invalidates its entries. One entry per name (a new key overwrites the old), so
the cache does not grow with edits. Writes are atomic (a temporary file, then
``os.replace``): two builds at once (the test workers) never read half a file.

``BUILD_CACHE=0`` turns it off (every value computed, nothing read or written);
``BUILD_CACHE_DIR`` moves it (default ``.cache/build`` under the repository root).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import jinja2

T = TypeVar("T")

#: Entries kept in memory too: a reload under `mkdocs serve` reads no file.
_memory: dict[tuple[str, str], tuple[str, object]] = {}


def enabled() -> bool:
    return os.environ.get("BUILD_CACHE", "1") != "0"


def folder(root: Path) -> Path:
    return Path(os.environ.get("BUILD_CACHE_DIR") or root / ".cache" / "build")


def digest(*parts: str | bytes) -> str:
    """One sha256 over the parts, each length-prefixed (no two splits collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The digest of some files: their paths (relative to ``root``) and bytes."""
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def tree_digest(root: Path, folder_name: str, pattern: str = "*") -> str:
    """The digest of every file under ``root/folder_name`` matching ``pattern``."""
    base = root / folder_name
    paths = [
        p for p in base.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts
    ]
    return files_digest(paths, root)


def versions(*distributions: str) -> str:
    """The installed version of each distribution (``absent`` when it is not), for a
    key: a value computed by a library changes with it."""
    from importlib import metadata

    found = []
    for name in distributions:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return ";".join(found)


def code_digest(*names: str) -> str:
    """The digest of the code behind a value: each named module's file, or each named
    package's whole folder (its modules and its templates), with Python's version.

    An entry made by other code is not reused.
    """
    parts: list[str | bytes] = [sys.version]
    for name in sorted(names):
        module = importlib.import_module(name)
        if hasattr(module, "__path__"):  # a package: everything in its folder
            base = Path(module.__file__ or "").parent
            files = [
                p
                for p in base.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            ]
            parts.append(files_digest(files, base))
        else:
            parts.append(Path(module.__file__ or "").read_bytes())
    return digest(*parts)


def template_cache(root: Path) -> jinja2.BytecodeCache | None:
    """A bytecode cache for the theme's templates (compiled once, not every build).

    Jinja's own: an entry is keyed by the template's name and a checksum of its
    source, so an edited template is compiled again.
    """
    if not enabled():
        return None
    path = folder(root) / "jinja"
    path.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(path))


def memo(root: Path, kind: str, name: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or the value kept for ``(kind, name)`` under the same ``key``."""
    if not enabled():
        return compute()
    held = _memory.get((kind, name))
    if held is not None and held[0] == key:
        return held[1]  # type: ignore[return-value]
    path = folder(root) / kind / f"{digest(name)[:32]}.pickle"
    try:
        with path.open("rb") as f:
            stored_key, value = pickle.load(f)
        if stored_key == key:
            _memory[(kind, name)] = (key, value)
            return value
    except Exception:  # noqa: BLE001 - absent, truncated, or from older code: recompute
        pass
    value = compute()
    _memory[(kind, name)] = (key, value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as f:
            pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
    except OSError:
        pass  # a read-only checkout builds, only slower
    return value
