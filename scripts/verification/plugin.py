"""The pytest plugin of the recorder: one JSON line per test report, as tests run.

Loaded with ``-p`` by :mod:`scripts.verification.recorder` (the only file loaded that
way). The recorder copies this file alone into a temporary folder and puts that
folder on ``PYTHONPATH``, so nothing else of ``scripts/`` lands on the tests' import
path. Hence: standard library only, and no import from this package.

Each report is appended to the file named by ``RECORD_VERIFICATION_RAW`` and flushed
at once, so a crash mid-run keeps what ran. Under pytest-xdist only the controller
writes (it receives every worker's reports).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

RAW_ENV = "RECORD_VERIFICATION_RAW"

#: `user_properties` that a test attaches for the record (snippets/conftest.py and
#: snippets/errors/conftest.py): what `main()` printed, and each reproduced error.
RECORDED_PROPERTIES = ("printed_output", "error_message")

_plugin_rootpath: Path | None = None
_plugin_is_worker = False


def _short_message(report) -> str:
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(crash, "message", None)
    if not text:
        lines = [ln for ln in (report.longreprtext or "").splitlines() if ln.strip()]
        text = lines[-1] if lines else ""
    text = " ".join(text.split())
    return text[:500]


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
    else:
        reason = report.longreprtext or ""
    return reason.removeprefix("Skipped: ").strip()[:500]


def _emit(entry: dict) -> None:
    path = os.environ.get(RAW_ENV)
    if not path or _plugin_is_worker:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _file_of(nodeid: str) -> str:
    file_part = nodeid.split("::", 1)[0]
    root = _plugin_rootpath or Path.cwd()
    return str((root / file_part).resolve())


def pytest_configure(config) -> None:
    global _plugin_rootpath, _plugin_is_worker
    _plugin_rootpath = Path(str(config.rootpath))
    # Under pytest-xdist (`-- -n 2`) the controller receives every report: the
    # workers must not write them a second time.
    _plugin_is_worker = hasattr(config, "workerinput")


def pytest_collectreport(report) -> None:
    if report.failed:
        _emit(
            {
                "kind": "collect",
                "nodeid": report.nodeid,
                "file": _file_of(report.nodeid),
                "outcome": "failed",
                "message": _short_message(report),
            }
        )


def pytest_runtest_logreport(report) -> None:
    entry = {
        "kind": "test",
        "nodeid": report.nodeid,
        "file": _file_of(report.nodeid),
        "when": report.when,
        "outcome": report.outcome,
        "duration": float(getattr(report, "duration", 0.0) or 0.0),
    }
    properties = [
        [key, value]
        for key, value in getattr(report, "user_properties", ())
        if key in RECORDED_PROPERTIES
    ]
    if properties and report.when == "call":
        entry["properties"] = properties
    if hasattr(report, "wasxfail"):
        entry["wasxfail"] = str(report.wasxfail)
    if report.skipped:
        entry["reason"] = _skip_reason(report)
    elif report.failed:
        entry["message"] = _short_message(report)
    _emit(entry)
