"""Named points where a test can make a run die or its disk fill, to prove nothing is lost.

    FLASHPOINT_CRASH_AT=extracted:2 flashpoint run ...     # SIGKILL at the 2nd "extracted" point
    FLASHPOINT_FAIL_WRITE_AT=fused:1 flashpoint run ...    # OSError(ENOSPC) there instead

Points sit between the steps of a run (``stored``, ``extracted``, ``fused``, ``redated``)
and inside their transactions (``storing``, ``extracting``, ``fusing``, ``redating``),
so a test can interrupt a run before, during and after every commit. Unset, a point
costs one dictionary lookup.
"""

from __future__ import annotations

import errno
import os
import signal
from collections import Counter

CRASH_ENV = "FLASHPOINT_CRASH_AT"
FAIL_ENV = "FLASHPOINT_FAIL_WRITE_AT"
POINTS = ("storing", "stored", "extracting", "extracted", "fusing", "fused", "redating", "redated")
_seen: Counter = Counter()


def _hit(spec: str | None, stage: str) -> bool:
    if not spec:
        return False
    name, _, nth = spec.partition(":")
    if name != stage:
        return False
    return _seen[stage] == int(nth or 1)


def reset() -> None:
    """Count points from zero (each run starts here)."""
    _seen.clear()


def point(stage: str) -> None:
    """Die here (SIGKILL) or fail the write here (ENOSPC) when the environment asks for it."""
    crash, fail = os.environ.get(CRASH_ENV), os.environ.get(FAIL_ENV)
    if not (crash or fail):
        return
    _seen[stage] += 1
    if _hit(crash, stage):
        os.kill(os.getpid(), signal.SIGKILL)
    if _hit(fail, stage):
        raise OSError(errno.ENOSPC, f"No space left on device (simulated at {stage}:{_seen[stage]})")
