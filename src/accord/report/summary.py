"""A short, human summary of a regime for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from accord.domain import Regime


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 milestone``, ``2 milestones``, ``1 relief criterion``, ``0 exemptions``."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def framework_parts(regime: Regime) -> list[str]:
    """The safeguards in force, in words: one short phrase each."""
    sg = regime.safeguards
    parts = []
    if sg.review:
        parts.append(f"review every {plural(sg.review.every_months, 'month')}")
    if sg.sunset:
        parts.append(
            f"sunset after {plural(sg.sunset.months, 'month')}, "
            f"renewal by {sg.sunset.renewal.value.replace('_', ' ')}"
        )
    if sg.verification:
        parts.append("independent verification" if sg.verification.independent else "verification")
    if sg.reporting:
        parts.append("violation-reporting channel")
    if sg.ladder:
        parts.append(f"consequence ladder of {plural(len(sg.ladder.steps), 'step')}")
    if sg.relief:
        parts.append(plural(len(sg.relief), "relief criterion", "relief criteria"))
    if sg.escalation:
        parts.append(plural(len(sg.escalation), "escalation criterion", "escalation criteria"))
    for flag in (
        "information_sharing",
        "joint_threat_assessment",
        "coordinated_messaging",
        "humanitarian_channel",
    ):
        if getattr(sg, flag):
            parts.append(flag.replace("_", " "))
    return parts


def print_summary(regime: Regime, console: Console, source: str = "") -> None:
    """Print what a person checks first: parties, measures, framework."""
    members = regime.member_codes
    # the name and the path are the user's text: never read as markup or emoji codes
    head = f"[bold]{escape(regime.name)}[/] — valid" + (f" ({escape(source)})" if source else "")
    # nor highlighted: rich's highlighter is quadratic in the length of one long word
    console.print(head, emoji=False, highlight=False)
    console.print(
        f"lead {regime.lead.code} · target {regime.target.code} · {plural(len(members), 'member')}"
        f"{' (every ICIO economy invited)' if regime.invite == 'all' else ''}"
        f" · from {regime.start} for {plural(regime.horizon_months, 'month')}",
        soft_wrap=True,
    )
    table = Table("measure", "kind", "sectors", "adopted", "phase-in", "weight")
    for m in regime.measures:
        table.add_row(
            m.id,
            m.kind.value,
            ",".join(m.sectors) or "all",
            str(m.adopted),
            m.phase_in.kind,
            f"{m.weight:.2f}",
        )
    # as wide as its content, beyond the terminal's 80 columns if need be: nothing cut
    natural = Measurement.get(console, console.options.update(width=10_000), table).maximum
    width = console.width
    console.width = max(width, natural)
    try:
        console.print(table)
    finally:
        console.width = width
    parts = framework_parts(regime)
    console.print("framework: " + ("; ".join(parts) if parts else "none"), soft_wrap=True)
    console.print(
        f"{plural(len(regime.exemptions), 'exemption')} · "
        f"{plural(len(regime.milestones), 'milestone')}"
    )
