"""The self-contained HTML report of ``accord observe report OUT``.

One file, no network: charts are inline SVG (:mod:`accord.observe.svg`), the entity
table is filtered by a few lines of inline JavaScript. It shows cumulative designations
per jurisdiction, the leader-follower matrix as a heatmap, lag histograms, the replayed
cohesion (when ``observe replay`` was run), what each reader read and skipped, and a
searchable table of linked entities with each jurisdiction's date.
"""

from __future__ import annotations

import os
from datetime import date
from html import escape
from pathlib import Path

from accord.observe import svg
from accord.observe.align import Dated, entity_dates, jurisdictions_of
from accord.observe.pipeline import read_meta
from accord.observe.report_tables import overall_rows

_SCRIPT = """
function filterRows(){const q=document.getElementById('q').value.toLowerCase();
for(const r of document.querySelectorAll('#entities tbody tr')){
r.style.display=r.textContent.toLowerCase().includes(q)?'':'none';}}
"""
_STYLE = """
body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:2px 6px;font-size:12px}th{background:#f4f4f4}
.note{color:#555;font-size:13px}
"""


def _month_keys(first: date, last: date) -> list[str]:
    keys, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


def _cumulative(
    dates: dict[str, dict[str, Dated]], codes: list[str], since: date, until: date
) -> str:
    months = _month_keys(since, until)
    series: dict[str, list[float]] = {}
    for code in codes:
        per_month = dict.fromkeys(months, 0)
        for by_j in dates.values():
            d = by_j.get(code)
            if d is not None and not d[1] and since <= d[0] <= until:
                per_month[d[0].strftime("%Y-%m")] += 1
        total, values = 0, []
        for month in months:
            total += per_month[month]
            values.append(float(total))
        series[code] = values
    return svg.lines(
        f"Cumulative designations since {since} (exact dates)", months, series, "entities"
    )


def _lag_histograms(dates: dict[str, dict[str, Dated]], rows: list[dict[str, object]]) -> list[str]:
    charts = []
    for r in rows:
        leader, follower = str(r["leader"]), str(r["follower"])
        since, until = r["since"], r["until"]
        if not isinstance(since, date) or not isinstance(until, date):
            continue
        lags = [
            float((by_j[follower][0] - by_j[leader][0]).days)
            for by_j in dates.values()
            if leader in by_j and follower in by_j
            and not by_j[leader][1] and not by_j[follower][1]
            and since <= by_j[leader][0] <= until and by_j[follower][0] <= until
        ]  # fmt: skip
        if leader < follower:  # one histogram per unordered pair: lag of follower after leader
            charts.append(
                svg.histogram(f"{follower} date minus {leader} date (days), both exact", lags)
            )
    return charts


def _entity_table(frame_rows: list[tuple[str, str, str, str, date, str]], codes: list[str]) -> str:
    entities: dict[str, dict[str, str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for entity_id, jurisdiction, name, schema, listed_on, precision in frame_rows:
        mark = "≤ " if precision == "before" else ""
        cell = f"{mark}{listed_on.isoformat()}"
        old = entities.setdefault(entity_id, {}).get(jurisdiction)
        if old is None or cell < old:
            entities[entity_id][jurisdiction] = cell
        if entity_id not in names or jurisdiction in ("UK", "UN"):
            names[entity_id] = (name, schema)
    head = "".join(f"<th>{c}</th>" for c in codes)
    body = []
    for entity_id in sorted(entities, key=lambda e: names[e][0].lower()):
        cells = "".join(f"<td>{escape(entities[entity_id].get(c, ''))}</td>" for c in codes)
        name, schema = names[entity_id]
        body.append(f"<tr><td>{escape(name)}</td><td>{schema}</td><td>{entity_id}</td>{cells}</tr>")
    return (
        '<input id="q" oninput="filterRows()" placeholder="search names, ids, dates" size="40">'
        f'<table id="entities"><thead><tr><th>name</th><th>schema</th><th>entity_id</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _replay_section(out: Path) -> str:
    import polars as pl

    path = out / "replay.parquet"
    if not path.exists():
        return "<p class='note'>Run <code>accord observe replay OUT</code> to add cohesion.</p>"
    frame = pl.read_parquet(path)
    months = [m.strftime("%Y-%m") for m in frame["month"]]
    series = {
        c.removeprefix("level_"): frame[c].to_list()
        for c in frame.columns
        if c.startswith("level_")
    }
    series["cohesion"] = frame["cohesion"].to_list()
    chart = svg.lines("Observed levels (share of US designations followed) and cohesion",
                      months, series, "share")  # fmt: skip
    return chart + (
        "<p class='note'>Level: share of the lead's (US) designations since the start that the "
        "member had also listed by the month's end. Posture from the rules engine "
        "(mimic at 95% of the required level); cohesion: economic weight of observed members "
        "whose posture is mimic.</p>"
    )


def write_report(out: Path, programme: str) -> Path:
    """Write ``OUT/report.html`` for ``programme`` and return its path."""
    import polars as pl

    meta = read_meta(out)
    rows = overall_rows(out, programme)
    frame = pl.read_parquet(out / "listings.parquet").filter(pl.col("programme") == programme)
    dates = entity_dates(frame, programme)
    codes = [c for c in jurisdictions_of(programme) if c in meta["observed_until"]]
    since = min((r["since"] for r in rows), default=date(2022, 2, 24))
    until = max((r["until"] for r in rows), default=since)
    cells = {
        (r["leader"], r["follower"]): (
            r["coverage"] or 0.0,
            f"{(r['coverage'] or 0):.0%} of {r['leader_designations']}\n"
            + ("median lag -" if r["followed_lag_median"] is None
               else f"median lag {r['followed_lag_median']:+.0f} d")
            + f"\nfirst {r['leader_first']}/{r['follower_first']}",
        )
        for r in rows
    }  # fmt: skip
    reports = "".join(
        f"<tr><td>{escape(r['source'])}</td><td>{r['rows']}</td><td>{r['used']}</td>"
        f"<td>{r['designations']}</td><td>{escape(str(r['skipped']))}</td>"
        f"<td>{r['unexplained']}</td></tr>"
        for r in meta["reports"]
    )
    table_rows = list(
        frame.select(
            "entity_id", "jurisdiction", "name", "schema", "listed_on", "date_precision"
        ).iter_rows()
    )
    html = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Accord observe: {escape(programme)}</title><style>{_STYLE}</style>
<script>{_SCRIPT}</script></head><body>
<h1>Observed alignment: {escape(programme)}</h1>
<p class="note">Window {since} to {until} (the earlier of each pair's last snapshots).
Lists observed until: {escape(str(meta["observed_until"]))}. Dates marked ≤ are censored
("listed before" a snapshot).</p>
<h2>Cumulative designations</h2>{_cumulative(dates, codes, since, until)}
<h2>Leader-follower matrix</h2>
{svg.heatmap("Coverage of the leader's designations; median lag; who moved first", codes, cells)}
<h2>Lags</h2>{"".join(_lag_histograms(dates, rows))}
<h2>Replay through the rules</h2>{_replay_section(out)}
<h2>What each reader read</h2><table><tr><th>source</th><th>rows</th><th>used</th>
<th>designations</th><th>skipped (reason: count)</th><th>unexplained</th></tr>{reports}</table>
<h2>Linked entities ({len({r[0] for r in table_rows})})</h2>
{_entity_table(table_rows, codes)}
</body></html>
"""
    path = out / "report.html"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, path)
    return path
