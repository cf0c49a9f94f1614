"""Every kind of bad input: exit 1, a message naming the file and the line or field path,
what was expected, no traceback, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.scenario_helpers import RUSSIA_2022, Outcome, line_number, tree, validate

BASE = RUSSIA_2022.read_text(encoding="utf-8")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder that is also the working directory (where a stray write would land)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate_unchanged(workdir: Path, path: Path) -> Outcome:
    before = tree(workdir)
    outcome = validate(path)
    assert tree(workdir) == before, "validate wrote or changed a file"
    return outcome


def bad(
    workdir: Path, content: str | bytes, name: str = "bad.toml"
) -> tuple[Path, Outcome, dict[str, tuple[int, int]]]:
    path = workdir / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = tree(workdir)
    return path, validate_unchanged(workdir, path), before


def assert_rejected(outcome: Outcome, path: Path, *fragments: str) -> None:
    assert outcome.escaped is None, f"exception escaped: {outcome.escaped!r}"
    assert outcome.code == 1, outcome.output
    assert "Traceback" not in outcome.output
    assert outcome.output.startswith(f"error: {path}"), outcome.output
    for fragment in fragments:
        assert fragment in outcome.output, f"{fragment!r} not in:\n{outcome.output}"


def replace(old: str, new: str, text: str = BASE, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def test_valid_file_passes(workdir: Path) -> None:
    _, outcome, _ = bad(workdir, BASE, "good.toml")
    assert outcome.code == 0, outcome.output
    assert "Russia 2022" in outcome.output and "valid" in outcome.output


def test_not_toml(workdir: Path) -> None:
    text = "# a scenario\nthis is not toml at all\n"
    path, outcome, _ = bad(workdir, text)
    assert_rejected(outcome, path, f"{path}:2:", "not valid TOML", "expected")


def test_not_utf8(workdir: Path) -> None:
    raw = BASE.encode("utf-8").replace(b"Russian Federation", b"Russian F\xe9d\xe9ration")
    path, outcome, _ = bad(workdir, raw)
    line = line_number(BASE, "Russian Federation")
    assert_rejected(outcome, path, f"{path}:{line}:", "not UTF-8", "expected")


def test_binary_file(workdir: Path) -> None:
    path, outcome, _ = bad(workdir, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_rejected(outcome, path, f"{path}:3:", "binary", "expected a TOML text file")


@pytest.mark.parametrize("content", ["", "\n\n   \n"])
def test_empty(workdir: Path, content: str) -> None:
    path, outcome, _ = bad(workdir, content)
    assert_rejected(outcome, path, "empty", "expected a TOML scenario")


def test_only_comments_names_missing_fields(workdir: Path) -> None:
    path, outcome, _ = bad(workdir, "# nothing but a comment\n")
    assert_rejected(outcome, path, "name: required field is missing", "measures:")


def test_truncated_mid_value(workdir: Path) -> None:
    cut = BASE.index("{ start = 2022-03-12") + len("{ start = 20")
    path, outcome, _ = bad(workdir, BASE[:cut])
    line = line_number(BASE, "{ start = 2022-03-12")
    assert_rejected(outcome, path, f"{path}:{line}:", "not valid TOML")


def test_truncated_at_line_end(workdir: Path) -> None:
    cut = BASE.index("[[measures]]")
    path, outcome, _ = bad(workdir, BASE[:cut])
    assert_rejected(outcome, path, "measures: required field is missing")


def test_duplicate_key(workdir: Path) -> None:
    text = replace("weight = 1.0 ", "weight = 1.0\nweight = 0.7 ")
    path, outcome, _ = bad(workdir, text)
    line = line_number(text, "weight = 0.7")
    assert_rejected(outcome, path, f"{path}:{line}:", "Cannot overwrite", "each key once")


def test_duplicate_table(workdir: Path) -> None:
    text = BASE + "\n[safeguards.review]\nevery_months = 3\n"
    path, outcome, _ = bad(workdir, text)
    line = line_number(text, "[safeguards.review]", 2)
    assert_rejected(outcome, path, f"{path}:{line}:", "each table header once")


WRONG_TYPES = [
    ("weight = 1.0 ", 'weight = "1.0" ', "measures[0].weight", "expected a number in (0, 1]"),
    ("horizon_months = 60", "horizon_months = 60.5", "horizon_months", "expected an integer"),
    ("renewable = false", "renewable = 0", "measures[1].renewable", "expected true or false"),
    ('name = "Russia 2022"', "name = 2022", "name", "expected a non-empty string"),
    ("every_months = 6", 'every_months = "six"', "safeguards.review.every_months", "an integer"),
    ('voters = ["EU27"]', 'voters = "EU27"', "safeguards.sunset.voters", "expected an array"),
    ("[lead]\n", "lead = 1\n[lead_table]\n", "lead", "expected a table"),
]

UNDEFINED_REFERENCES = [
    (
        'measure = "oil_embargo"\nmembers = ["HUN"',
        'measure = "oil"\nmembers = ["HUN"',
        "exemptions[0].measure",
        "no measure",
    ),
    ('members = ["BGR"]', 'members = ["BRA"]', "exemptions[1].members[0]", "no member 'BRA'"),
    (
        'measures = ["cbr_freeze", "swift_cutoff", "tech_export_controls", "coal_ban"',
        'measures = ["cbr", "swift_cutoff", "tech_export_controls", "coal_ban"',
        "acts[0].measures[0]",
        "no measure 'cbr'",
    ),
    (
        'measures = ["tech_export_controls"]\nstep',
        'measures = ["tech_controls"]\nstep',
        "safeguards.escalation[0].measures[0]",
        "no measure 'tech_controls'",
    ),
    ('voters = ["EU27"]', 'voters = ["EU27", "BRA"]', "safeguards.sunset.voters[1]", "BRA"),
]


@pytest.mark.parametrize(
    ("old", "new", "loc", "what"),
    [pytest.param(*case, id=f"wrong-type-{case[2]}") for case in WRONG_TYPES]
    + [pytest.param(*case, id=f"undefined-{case[2]}") for case in UNDEFINED_REFERENCES],
)
def test_field_problem(workdir: Path, old: str, new: str, loc: str, what: str) -> None:
    text = replace(old, new)
    path, outcome, _ = bad(workdir, text)
    line = line_number(text, new.splitlines()[0])
    assert_rejected(outcome, path, f"{path}:{line}: {loc}:", what, "(expected ")


def test_exemption_for_missing_measure_names_the_known_ones(workdir: Path) -> None:
    text = replace('measure = "oil_embargo"', 'measure = "gas_embargo"')
    path, outcome, _ = bad(workdir, text)
    line = line_number(text, "gas_embargo")
    assert_rejected(
        outcome, path, f"{path}:{line}: exemptions[0].measure:", "no measure 'gas_embargo'"
    )
    assert "'oil_embargo'" in outcome.output


@pytest.mark.parametrize("threshold", ["1.5", "0", "0.0", "-0.2"])
def test_renewal_threshold_outside_unit_interval(workdir: Path, threshold: str) -> None:
    text = replace(
        'renewal = "unanimity"', f'renewal = "qualified_majority"\nthreshold = {threshold}'
    )
    path, outcome, _ = bad(workdir, text)
    line = line_number(text, f"threshold = {threshold}")
    assert_rejected(
        outcome,
        path,
        f"{path}:{line}: safeguards.sunset.threshold:",
        f"got {threshold}",
        "expected a number in (0, 1]",
    )


# (old text, new text, text on the offending line, field path or "" for syntax, fragments)
LOCATED = [
    pytest.param(
        "adopted = 2022-02-28",
        "adopted = 2022-02-30",
        "2022-02-30",
        "",
        ["not valid TOML: Invalid date", "calendar date"],
        id="impossible-date-literal",
    ),
    pytest.param(
        "adopted = 2022-02-28",
        'adopted = "2022-02-30"',
        "2022-02-30",
        "measures[0].adopted",
        ["day value is outside expected range", "expected a date such as"],
        id="impossible-date-string",
    ),
    pytest.param(
        'code = "GBR"',
        'code = "GBX"',
        "GBX",
        "members[1].code",
        ["'GBX'", "alpha-3"],
        id="unknown-member-code",
    ),
    pytest.param(
        'code = "NZL"',
        'code = "DEU"',
        '"DEU"',
        "members[5].code",
        ["DEU is listed twice"],
        id="member-listed-twice-points-at-the-entry-written",
    ),
    pytest.param(
        "{ start = 2022-06-14, level = 1.0 }",
        "{ start = 2022-03-01, level = 1.0 }",
        "2022-03-01, level = 1.0",
        "measures[2].phase_in.tiers[1]",
        ["date order"],
        id="tiers-out-of-order",
    ),
    pytest.param(
        "{ start = 2022-03-12, level = 0.6 }",
        "{ start = 2022-03-12, end = 2022-07-01, level = 0.6 }",
        "end = 2022-07-01",
        "measures[2].phase_in.tiers[0]",
        ["overlap"],
        id="tiers-overlap",
    ),
    pytest.param(
        'renewal = "unanimity"',
        'renewal = "qualified_majority"',
        "[safeguards.sunset]",
        "safeguards.sunset",
        ["needs a threshold"],
        id="qualified-majority-without-threshold",
    ),
    pytest.param(
        "weight = 1.0 ",
        "wieght = 1.0 ",
        "wieght",
        "measures[0].wieght",
        ["unknown field", "phase_in"],
        id="unknown-field-lists-allowed-ones",
    ),
    pytest.param(
        'kind = "asset_freeze"',
        'kind = "asset_seizure"',
        "asset_seizure",
        "measures[0].kind",
        ["'export_ban'"],
        id="bad-enum-value",
    ),
]


@pytest.mark.parametrize(("old", "new", "needle", "loc", "fragments"), LOCATED)
def test_located_problem(
    workdir: Path, old: str, new: str, needle: str, loc: str, fragments: list[str]
) -> None:
    text = replace(old, new)
    path, outcome, _ = bad(workdir, text)
    where = f"{path}:{line_number(text, needle)}:" + (f" {loc}:" if loc else "")
    assert_rejected(outcome, path, where, *fragments)


def test_unknown_top_level_table(workdir: Path) -> None:
    text = BASE + "\n[simulation]\nfatigue = 0.2\n"
    path, outcome, _ = bad(workdir, text)
    line = line_number(text, "[simulation]")
    where = f"{path}:{line}: simulation: unknown field 'simulation'"
    assert_rejected(outcome, path, where, "expected one of name, description")


def test_several_problems_are_all_reported_in_line_order(workdir: Path) -> None:
    text = replace("horizon_months = 60", "horizon_months = 0")
    text = replace('code = "JPN"', 'code = "JPX"', text)
    text = replace("detection = 0.15", "detection = 1.15", text)
    path, outcome, _ = bad(workdir, text)
    lines = [int(n) for n in re.findall(rf"{re.escape(str(path))}:(\d+):", outcome.output)]
    assert len(lines) == 3 and lines == sorted(lines), outcome.output
    assert "(3 problems)" in outcome.output


def test_rich_markup_in_input_is_printed_verbatim(workdir: Path) -> None:
    text = replace('code = "GBR"', 'code = "[bold]x[/bold]"')
    path, outcome, _ = bad(workdir, text)
    assert_rejected(outcome, path, "[bold]x[/bold]")


def test_directory(workdir: Path) -> None:
    folder = workdir / "sub"
    folder.mkdir()
    outcome = validate_unchanged(workdir, folder)
    assert_rejected(outcome, folder, "is a directory", "expected a scenario file")


def test_missing_file(workdir: Path) -> None:
    path = workdir / "absent.toml"
    outcome = validate_unchanged(workdir, path)
    assert_rejected(outcome, path, "no such file", "expected the path of a scenario file")
    assert not path.exists()


def test_not_a_regular_file(workdir: Path) -> None:
    path = Path("/dev/null")
    if not path.exists():
        pytest.skip("no /dev/null on this system")
    outcome = validate_unchanged(workdir, path)
    assert_rejected(outcome, path, "not a regular file")


def test_unreadable_file(workdir: Path) -> None:
    import os

    path = workdir / "locked.toml"
    path.write_text(BASE)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        outcome = validate_unchanged(workdir, path)
        assert_rejected(outcome, path, "cannot read the file")
    finally:
        path.chmod(0o644)


def test_line_100_is_not_printed_as_an_emoji(workdir: Path) -> None:
    text = "\n" * 99 + "not toml\n"
    path, outcome, _ = bad(workdir, text)
    assert_rejected(outcome, path, f"{path}:100: not valid TOML")


def test_valid_scenario_with_markup_in_its_name_prints_it_verbatim(workdir: Path) -> None:
    text = replace('name = "Russia 2022"', 'name = "[bold]x[/] :100:"')
    _, outcome, _ = bad(workdir, text, "odd [name].toml")
    assert outcome.code == 0 and outcome.escaped is None, outcome.output
    assert "[bold]x[/] :100: — valid" in outcome.output
    assert "odd [name].toml" in outcome.output
