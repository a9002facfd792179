"""The machine's load as part of the measurement: sampled, recorded, and a gate.

The 1-minute load average is read before the run, after every comparison and at the
end. A run refuses to start (:func:`busy_reason`) while the load is above the number
of CPUs, unless told otherwise (``--allow-busy``); a record whose load went above the
CPUs at any point says so (``host.load.busy``) and the page calls its figures
"indicativos".
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def busy_reason(load: list[float] | None, cpus: int | None) -> str | None:
    """Why the machine is too busy to record on, or ``None`` when it is not."""
    if load is None or not cpus:
        return None
    if load[0] > cpus:
        return (
            f"the 1-minute load average is {load[0]:.2f} on {cpus} CPUs: other "
            "processes compete for the cores and the figures would measure them too"
        )
    return None


@dataclass
class LoadLog:
    """Load averages through a run: ``before``, one per comparison, ``after``."""

    # Looked up when a log is made (not bound here), so tests can stand in for them.
    cpus: int | None = field(default_factory=lambda: os.cpu_count())
    before: list[float] | None = field(default_factory=lambda: load_average())
    during: list[dict] = field(default_factory=list)
    after: list[float] | None = None
    t0: float = field(default_factory=time.monotonic)

    def sample(self, label: str) -> None:
        self.during.append(
            {
                "t_s": round(time.monotonic() - self.t0, 1),
                "after": label,
                "load": load_average(),
            }
        )

    def finish(self) -> None:
        self.after = load_average()

    def ones(self) -> list[float]:
        """Every 1-minute load average read."""
        loads = [self.before, *(d["load"] for d in self.during), self.after]
        return [x[0] for x in loads if x]

    def busy(self) -> bool:
        return bool(self.cpus) and any(x > self.cpus for x in self.ones())

    def as_record(self) -> dict:
        return {
            "before": self.before,
            "during": self.during,
            "after": self.after,
            "max_1min": max(self.ones(), default=None),
            "busy": self.busy(),
        }
