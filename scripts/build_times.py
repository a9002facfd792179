"""How long a writer waits: the strict build, a bare Material build, and a reload.

    python -m scripts.build_times            # or: make build-times
    python -m scripts.build_times --runs 3 --page docs/tutoriais/basico.md

Three figures, each the median (with minimum and maximum) of ``--runs`` runs, in one
run of this script so they share the machine's conditions:

- **strict build**: ``mkdocs build --strict`` of the site as it is;
- **bare build**: the same Markdown and the same Markdown extensions with Material
  and nothing else (no hooks, no plugins): what the site's own machinery costs is
  the difference;
- **reload**: under ``mkdocs serve --dirty`` (``make serve``), the time from writing
  a change to one page to that page being served with the change (the file is
  restored afterwards).

Prints a Markdown table and the ratio strict/bare, and the 1-minute load before and
after (figures taken on a busy machine say so). Standard library only, beside the
project's MkDocs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: The server of `make serve` (tests/test_build_times.py checks they agree).
SERVE = ["serve", "--strict", "--dirty"]


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def bare_config(folder: Path) -> Path:
    """A config with this site's Markdown and extensions, Material, nothing else."""
    import yaml  # MkDocs' own dependency

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)  # site_url, repo_url
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    bare = {
        "site_name": config["site_name"],
        "docs_dir": str(ROOT / "docs"),
        "site_dir": str(folder / "site"),
        "theme": {"name": "material", "language": config["theme"]["language"]},
        "markdown_extensions": config.get("markdown_extensions", []),
        "plugins": [],
    }
    text = yaml.safe_dump(bare, allow_unicode=True, sort_keys=False)
    path = folder / "bare.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def reload_times(page: Path, runs: int, timeout: float = 120.0) -> list[float]:
    """Seconds from writing a marker into ``page`` to the server showing it."""
    port = _free_port()
    relative = page.relative_to(ROOT / "docs").with_suffix("")
    url = f"http://127.0.0.1:{port}/{relative.as_posix().removesuffix('index')}/"
    url = url.replace("//", "/").replace("http:/", "http://")
    server = subprocess.Popen(
        [*MKDOCS, *SERVE, "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    original = page.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + timeout
        while "</html>" not in _fetch(url):
            if time.monotonic() > deadline:
                raise SystemExit(f"build-times: {url} never answered")
            time.sleep(0.2)
        for n in range(runs):
            marker = f"build-times-probe-{os.getpid()}-{n}"
            start = time.perf_counter()
            page.write_text(f"{original}\n<!-- {marker} -->\n", encoding="utf-8")
            while marker not in _fetch(url):
                if time.perf_counter() - start > timeout:
                    raise SystemExit(f"build-times: {url} never showed the change")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            time.sleep(1.0)  # let the watcher settle before the next change
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return times


def _row(name: str, values: list[float]) -> str:
    median = statistics.median(values)
    return f"| {name} | {median:.2f} | {min(values):.2f} | {max(values):.2f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--page", type=Path, default=ROOT / "docs/referencia/glossario.md"
    )
    args = parser.parse_args(argv)
    page = args.page.resolve()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="build-times-") as tmp:
        folder = Path(tmp)
        bare = bare_config(folder)
        strict, plain = [], []
        for _ in range(args.runs):  # interleaved: both see the same conditions
            strict.append(
                _timed([*MKDOCS, "build", "--strict", "-d", str(folder / "s")], ROOT)
            )
            plain.append(_timed([*MKDOCS, "build", "-f", str(bare)], ROOT))
    reloads = reload_times(page, args.runs)
    print("| seconds | median | min | max |")
    print("|---|---|---|---|")
    print(_row("strict build", strict))
    print(_row("bare Material build", plain))
    print(_row(f"reload after editing {page.relative_to(ROOT)}", reloads))
    ratio = statistics.median(strict) / statistics.median(plain)
    print(f"\nstrict / bare: {ratio:.1f}x; 1-min load {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after, on {os.cpu_count()} CPUs")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
