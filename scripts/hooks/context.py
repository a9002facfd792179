"""The build's shared data, loaded and validated once per build.

Every hook step reads the records, the profile and the configuration through
:func:`build_context`, instead of each keeping a ``_state`` and loading the records
again. A context belongs to one configuration object: ``mkdocs serve`` loads the
configuration again before each rebuild, so a reload reads the files again, and
a test that calls one step with its own configuration gets its own context.

Each kind of data is loaded the first time a step asks for it (a page without
benchmarks never reads them); a malformed file stops the build with one message
naming the file, the problem and the command that writes it again.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from scripts.verification.schema import RecordError

#: The branch the docs workflow publishes ``downloads/`` to, unless configured.
DEFAULT_COLAB_REF = "notebooks"


def _invalid(what: str, exc: Exception, command: str) -> PluginError:
    return PluginError(f"{what} inválido — {exc}. Regrave-o com {command}.")


@dataclass(frozen=True)
class BuildContext:
    """What one build reads: its folders, its configuration and the records."""

    root: Path
    docs: Path
    site_url: str | None
    repo_url: str | None
    colab_ref: str
    #: What a step derives for later events of the same build (module -> pages,
    #: the download plans, ...), under the step's own key: gone with the build.
    derived: dict[str, Any] = field(default_factory=dict, compare=False)

    def folder_digest(self, name: str) -> str:
        """The digest of a folder's files, hashed once per build (cache keys)."""
        from scripts.hooks import cache

        digests = self.derived.setdefault("folder_digests", {})
        if name not in digests:
            digests[name] = cache.tree_digest(self.root, name)
        return digests[name]

    def code_digest(self, *packages: str) -> str:
        """The digest of some packages' loaded code, once per build (cache keys)."""
        from scripts.hooks import cache

        digests = self.derived.setdefault("code_digests", {})
        if packages not in digests:
            digests[packages] = cache.code_digest(*packages)
        return digests[packages]

    @cached_property
    def records(self) -> dict[str, dict]:
        """The snippet-test records (``verification/<runner>.json``), validated."""
        from scripts.verification.schema import load_records

        try:
            return load_records(self.root / "verification", self.root)
        except RecordError as exc:
            raise _invalid(
                "arquivo de resultados", exc, "scripts/record_verification.py"
            ) from exc

    @cached_property
    def download_records(self) -> dict[str, dict]:
        """The download-run records (``verification/downloads-<runner>.json``)."""
        from scripts.verification.download_runs import load_downloads_records

        try:
            return load_downloads_records(self.root / "verification", self.root)
        except RecordError as exc:
            raise _invalid(
                "registro de execução dos downloads",
                exc,
                "python -m scripts.downloads.record",
            ) from exc

    @cached_property
    def bench_records(self) -> dict[str, dict]:
        """The benchmark records (``verification/bench-<runner>.json``)."""
        from scripts.verification.benchmarks import load_bench_records

        try:
            return load_bench_records(self.root / "verification", self.root)
        except RecordError as exc:
            raise _invalid(
                "registro de benchmark", exc, "python -m scripts.benchmarks"
            ) from exc

    @cached_property
    def profile(self) -> dict | None:
        """The site's profile (``profile/<id>.yml``), or None for a site without one."""
        from scripts.hooks import cache
        from scripts.profile.load import ProfileError, site_profile, site_profile_path

        try:
            path = site_profile_path(self.root, None)
            if path is None:
                return None
            # Validation checks that the pages the profile names exist: the key
            # holds the file, the list of pages and the code that validates.
            pages = sorted(
                p.relative_to(self.root).as_posix()
                for p in (self.root / "docs").rglob("*.md")
            )
            key = cache.digest(
                path.read_bytes(), *pages, self.code_digest("scripts.profile")
            )
            profile = cache.memo(
                self.root, "profile", path.name, key, lambda: site_profile(self.root)
            )
            return copy.deepcopy(profile)  # a step's edit never reaches the next build
        except ProfileError as exc:
            raise PluginError(f"profile_data: {exc}") from exc


_current: list[tuple[Any, BuildContext]] = []


def _new(config: Any) -> BuildContext:
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    extra = getattr(config, "extra", None) or {}
    downloads = extra.get("downloads") or {}
    return BuildContext(
        root=root,
        docs=Path(getattr(config, "docs_dir", None) or root / "docs").resolve(),
        site_url=getattr(config, "site_url", None) or None,
        repo_url=getattr(config, "repo_url", None) or None,
        colab_ref=downloads.get("colab_ref", DEFAULT_COLAB_REF),
    )


def build_context(config: Any) -> BuildContext:
    """The context of the build that ``config`` configures (made on first use)."""
    if _current and _current[0][0] is config:
        return _current[0][1]
    context = _new(config)
    _current[:] = [(config, context)]
    return context
