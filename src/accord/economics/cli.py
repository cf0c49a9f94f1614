"""``accord economics``: each economy's loss from a coalition's measures against a target.

Exit codes: 0 success, 1 data unavailable (``sanction-simulator`` missing), 2 bad
arguments (unknown codes, a target inside its own coalition, a level outside [0, 1], a
trade table with a problem: every one located, nothing printed).
Heavy imports happen inside the command so ``accord --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.domain.codes import BLOCS, ECONOMIES, SECTORS, expand
from accord.errors import DataUnavailable, InvalidArgument

if TYPE_CHECKING:
    from accord.economics.trade_table import TradeTable
    from accord.economics.value import CoalitionValue


class Format(StrEnum):
    table = "table"
    json = "json"


class Kind(StrEnum):
    embargo = "embargo"
    export_ban = "export_ban"
    import_ban = "import_ban"


def _codes(raw: str, what: str, known: Sequence[str] = ()) -> list[str]:
    items = [c.strip().upper() for c in raw.split(",") if c.strip()]
    bad = [c for c in items if c not in ECONOMIES and c not in BLOCS and c not in known]
    if bad:
        raise InvalidArgument(
            f"{what}: unknown economy code(s) {', '.join(bad)}; expected ICIO ISO 3166 "
            f"alpha-3 codes or {', '.join(BLOCS)}{_hints(bad)}"
        )
    return list(expand(items))


def _hints(bad: list[str]) -> str:
    from accord.scenario.suggest import suggestion

    found = [f"{c}: {h}" for c in bad if (h := suggestion(c, [*ECONOMIES, *BLOCS]))]
    return f" ({'; '.join(found)})" if found else ""


def parse_arguments(
    coalition: str, target: str, sectors: str | None, level: float, known: Sequence[str] = ()
) -> tuple[list[str], str, tuple[str, ...]]:
    """Validate the command's arguments; every problem is an :class:`InvalidArgument`.

    ``known`` are the economies of the user's trade tables (``--trade-table``)."""
    members = _codes(coalition, "--coalition", known)
    if not members:
        raise InvalidArgument("--coalition: no economies given")
    t = target.strip().upper()
    if t not in ECONOMIES and t not in known:
        raise InvalidArgument(f"--target: unknown economy code {target!r}")
    if t in members:
        raise InvalidArgument(f"--target {t} is inside its own coalition")
    scope: tuple[str, ...] = ()
    if sectors:
        scope = tuple(s.strip().upper() for s in sectors.split(",") if s.strip())
        bad = [s for s in scope if s not in SECTORS]
        if bad:
            raise InvalidArgument(
                f"--sectors: unknown ICIO sector code(s) {', '.join(bad)} (e.g. C19, K)"
            )
    if not 0.0 <= level <= 1.0:
        raise InvalidArgument(f"--level {level} is outside [0, 1]")
    return members, t, scope


def economics(
    coalition: Annotated[
        str, typer.Option(help="Comma-separated ISO3 codes of the coalition; EU27 expands.")
    ],
    target: Annotated[str, typer.Option(help="ISO3 code of the target.")],
    sectors: Annotated[
        str | None, typer.Option(help="Comma-separated ICIO selling sectors (default all).")
    ] = None,
    level: Annotated[float, typer.Option(help="Implementation level in [0, 1].")] = 1.0,
    measure: Annotated[Kind, typer.Option(help="What the coalition cuts.")] = Kind.embargo,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    value: Annotated[
        bool,
        typer.Option(
            "--value",
            help="Coalition value: joiners, reach, burden sharing (with --format json: "
            "one object holding the losses and the value).",
        ),
    ] = False,
    trade_table: Annotated[
        list[Path] | None,
        typer.Option(
            help="Bilateral trade table (CSV, the bundled DOTS format) of an economy outside "
            "the ICIO; repeatable. Bundled: IRN, PRK, SYR, VEN, CUB, AFG.",
        ),
    ] = None,
    trade_year: Annotated[
        int | None, typer.Option(help="Year of the trade tables to use (default: the latest).")
    ] = None,
) -> None:
    """Each economy's output loss (percent, positive = loss) from the coalition's measures."""
    from accord.terminal import fail

    try:
        tables = _tables(trade_table or [])
        known = [c for table in tables for c in table.economies]
        members, t, scope = parse_arguments(coalition, target, sectors, level, known)
    except InvalidArgument as exc:
        fail(exc, 2)
    try:
        result = _compute(members, t, scope, level, measure, value, tables, trade_year)
    except InvalidArgument as exc:
        fail(exc, 2)
    except DataUnavailable as exc:
        fail(exc, 1)
    sys.stdout.write(_render(result, fmt, members, t))


def _tables(paths: list[Path]) -> list[TradeTable]:
    """Read every user table before anything is computed or written (exit 2 on a problem)."""
    from accord.economics.trade_table import TradeTableError, read_trade_table

    try:
        return [read_trade_table(p) for p in paths]
    except TradeTableError as exc:
        raise InvalidArgument(str(exc), exc.errors) from exc


def _compute(
    members: list[str],
    target: str,
    scope: tuple[str, ...],
    level: float,
    kind: Kind,
    value: bool,
    tables: Sequence[TradeTable] = (),
    trade_year: int | None = None,
) -> dict[str, Any]:
    import numpy as np

    from accord.domain.measures import MeasureKind
    from accord.economics import CostModel, MeasureSpec, embargo, load_network
    from accord.economics.outside import with_outside
    from accord.economics.value import coalition_value

    network = with_outside(load_network(), [target, *members], tables=tables, year=trade_year)
    specs = (
        embargo(scope)
        if kind == Kind.embargo
        else [MeasureSpec(kind.value, MeasureKind(kind.value), scope)]
    )
    model = CostModel.build(network, target, members, specs)
    levels = np.full((len(members), len(specs)), level, dtype=np.float32)
    res = model.losses(levels)
    ranked = sorted(
        zip(network.economies, res.economy_loss.tolist(), strict=True), key=lambda r: -r[1]
    )
    losses = [{"economy": c, "loss_pct": x} for c, x in ranked]
    out: dict[str, Any] = {"losses": losses, "leakage": float(res.leakage)}
    if value:
        out["value"] = coalition_value(network, target, members, specs, level)
    return out


def _value_dict(v: CoalitionValue) -> dict[str, Any]:
    return {
        "target": v.target,
        "target_loss_pct": v.target_loss,
        "horizontal_reach": v.horizontal,
        "global_coalition_target_loss_pct": v.global_target_loss,
        "vertical_reach": v.vertical,
        "full_embargo_target_loss_pct": v.embargo_target_loss,
        "common_loss_rate_pct": v.common_loss_rate,
        "candidates": [
            {
                "economy": c.economy,
                "extra_target_loss_pct": c.extra_target_loss,
                "own_cost_pct": c.own_cost,
            }
            for c in v.candidates
        ],
        "burden_sharing": [
            {"economy": b.economy, "loss_pct": b.loss_pct, "transfer_pct": b.transfer_pct}
            for b in v.burden
        ],
    }


def _render(result: dict[str, Any], fmt: Format, members: list[str], target: str) -> str:
    value = result.get("value")
    if fmt == Format.json:
        if value is None:
            return json.dumps(result["losses"], indent=2) + "\n"
        doc = {"losses": result["losses"], "leakage": result["leakage"], **_value_dict(value)}
        return json.dumps(doc, indent=2) + "\n"
    from accord.economics.present import losses_text, value_text

    lines = losses_text(result, members, target)
    if value is not None:
        lines += value_text(value, members)
    return "\n".join(lines) + "\n"
