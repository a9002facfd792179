"""The sha256 of a file or of bytes: what a record stores to tell a file changed.

Standard library only: the recorder imports it on GPU runners.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """Hex sha256 of the file's bytes; raises ``OSError`` when it cannot be read."""
    return sha256_hex(path.read_bytes())


def current_sha256(path: Path) -> str | None:
    """Hex sha256 of the file as it is now, or ``None`` when it is gone."""
    try:
        return file_sha256(path)
    except OSError:
        return None
