"""Write one benchmark's section of BENCHMARKS.md, stamped with date, machine and command.

Each runner owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
other sections are left as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
BASELINES = Path(__file__).parent / "baselines"
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "benchmarks"

HEADER = "# Benchmarks\n\nEvery figure below was produced by a script in `benchmarks/`; each section names its command, machine and date.\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()}"


def write_section(name: str, title: str, body: str, *, target: Path = BENCHMARKS_MD, header: str = HEADER) -> None:
    """Replace (or append) the section ``name`` of BENCHMARKS.md (or of ``target``,
    started with ``header`` when it does not exist yet)."""
    command = "python " + " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])
    stamp = f"_{dt.date.today().isoformat()} · {machine()} · `{command}`_"
    section = f"<!-- {name}:start -->\n## {title}\n\n{stamp}\n\n{body.strip()}\n<!-- {name}:end -->"
    text = target.read_text(encoding="utf-8") if target.exists() else header
    pattern = re.compile(rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    target.write_text(text, encoding="utf-8")


def load_baseline(name: str) -> dict:
    """Floors a quick CI run must meet, from benchmarks/baselines/NAME.json."""
    return json.loads((BASELINES / f"{name}.json").read_text(encoding="utf-8"))
