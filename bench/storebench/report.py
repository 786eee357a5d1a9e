"""The results table: one row per measurement, with its target, the naive value and the ratio."""

import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    scenario: str
    metric: str
    ours: float
    unit: str
    naive: float | None = None
    higher_is_better: bool = False
    target: str = ""
    passed: bool | None = None  # None: no target

    @property
    def ratio(self) -> float | None:
        """How many times better openhexo is than the naive baseline."""
        if self.naive is None or not self.ours or not self.naive:
            return None
        return self.ours / self.naive if self.higher_is_better else self.naive / self.ours


def number(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def verdict(row: Row) -> str:
    if row.passed is None:
        return ""
    return "PASS" if row.passed else "MISS"


class Report:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.notes: list[str] = []

    def add(self, row: Row, check: Callable[[Row], bool] | None = None) -> Row:
        if check is not None:
            row.passed = check(row)
        self.rows.append(row)
        print(f"  {row.scenario}: {row.metric} = {number(row.ours)} {row.unit}", end="")
        print(f" (naive {number(row.naive)}, x{number(row.ratio)})" if row.naive else "")
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)

    def markdown(self) -> str:
        lines = [
            "| scenario | metric | target | openhexo | naive | ratio | |",
            "|---|---|---|---:|---:|---:|---|",
        ]
        for row in self.rows:
            ratio = f"{number(row.ratio)}x" if row.ratio is not None else ""
            naive = f"{number(row.naive)}" if row.naive is not None else ""
            lines.append(
                f"| {row.scenario} | {row.metric} | {row.target} | {number(row.ours)} {row.unit} "
                f"| {naive} | {ratio} | {verdict(row)} |"
            )
        return "\n".join(lines)


def _first_line(command: list[str]) -> str:
    try:
        found = subprocess.run(command, capture_output=True, text=True, check=False).stdout
        return found.strip().splitlines()[0] if found.strip() else "?"
    except OSError:
        return "?"


def machine(database_version: str) -> str:
    """nproc, CPU model, RAM, OS, Python, libraries and database version."""
    import django
    import numpy
    import orjson
    import zstandard

    cpu = "?"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        ram_gib = int(info.readline().split()[1]) / 1024**2
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {ram_gib:.1f} GiB RAM, {_first_line(['uname', '-sr'])}; "
        f"Python {platform.python_version()}, Django {django.__version__}, "
        f"numpy {numpy.__version__}, orjson {orjson.__version__}, "
        f"zstandard {zstandard.__version__}; {database_version}"
    )
