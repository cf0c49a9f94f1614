"""Tables drawn from the outputs: the leader-follower matrix (text for the console/docs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.errors import DataUnavailable


def overall_rows(out: Path, programme: str) -> list[dict[str, Any]]:
    """The whole-window rows of ``alignment.parquet`` for ``programme``."""
    import polars as pl

    path = out / "alignment.parquet"
    if not path.exists():
        raise DataUnavailable(f"{path} not found: run `accord observe align` first")
    frame = pl.read_parquet(path)
    rows = frame.filter((frame["programme"] == programme) & (frame["period"] == "all"))
    return list(rows.iter_rows(named=True))


def _fmt(value: float | None, pattern: str) -> str:
    return "-" if value is None else pattern.format(value)


def matrix_text(out: Path, programme: str) -> str:
    """A Markdown table: leader rows, follower columns, coverage and median lag (days)."""
    rows = overall_rows(out, programme)
    codes = sorted({r["leader"] for r in rows} | {r["follower"] for r in rows})
    cell = {(r["leader"], r["follower"]): r for r in rows}
    lines = [
        f"{programme}: share of the leader's designations the follower also made "
        "(coverage), median lag in days among those followed (Turnbull), [leader first / "
        "follower first]",
        "",
        "| leader \\ follower | " + " | ".join(codes) + " |",
        "|---|" + "---|" * len(codes),
    ]
    for leader in codes:
        cells = []
        for follower in codes:
            r = cell.get((leader, follower))
            if r is None:
                cells.append("")
                continue
            cells.append(
                f"{_fmt(r['coverage'], '{:.0%}')} of {r['leader_designations']}, "
                f"{_fmt(r['followed_lag_median'], '{:+.0f} d')} "
                f"[{r['leader_first']}/{r['follower_first']}]"
            )
        lines.append(f"| {leader} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
