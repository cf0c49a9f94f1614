"""Errors that help: suggestions for misspellings, one wording, warnings, --version, plurals."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.domain import ECONOMIES, SECTORS
from accord.errors import ScenarioError, close_matches, did_you_mean
from accord.scenario import parse_scenario, read_scenario
from accord.scenario.suggest import country_code
from tests.scenario_helpers import RUSSIA_2022, validate

BASE = """
name = "small"
start = 2022-01-01
horizon_months = 24
members = [{members}]
[lead]
code = "USA"
[target]
code = "RUS"
[[measures]]
id = "oil_embargo"
kind = "{kind}"
sectors = [{sectors}]
adopted = 2022-03-01
"""


def scenario(
    members: str = '"DEU", "POL"', kind: str = "import_ban", sectors: str = '"B06"', extra: str = ""
) -> str:
    return BASE.format(members=members, kind=kind, sectors=sectors) + extra


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.toml")
    return [f"{e['msg']} (expected {e['expected']})" for e in info.value.errors]


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        (scenario(members='"GRB", "POL"'), "did you mean GBR or GRC?"),  # swapped letters
        (scenario(members='"DUE", "POL"'), "did you mean DEU?"),
        (scenario(members='"UK", "POL"'), "did you mean GBR?"),  # alpha-2 code
        (scenario(members='"Slovakia", "POL"'), "did you mean SVK?"),  # a country's name
        (scenario(members='{code = "pol"}'), "did you mean POL?"),  # case
        (scenario(sectors='"C19X"'), "did you mean C19?"),
        (scenario(kind="import_bann"), "did you mean import_ban?"),
        (scenario().replace("horizon_months", "horizon_month"), "did you mean horizon_months?"),
        (
            scenario(extra='[safeguards.sunset]\nmonths = 6\nrenewal = "unanimty"\n'),
            "did you mean unanimity?",
        ),
        (
            scenario(
                extra='[[exemptions]]\nid = "x"\nkind = "sectoral"\nmeasure = "oil_embrgo"\n'
                'sectors = ["B06"]\nshare = 0.5\n'
            ),
            "did you mean oil_embargo?",
        ),
    ],
)
def test_each_misspelling_class_gets_a_suggestion(text: str, suggested: str) -> None:
    assert any(suggested in p for p in problems(text)), problems(text)


def test_no_suggestion_when_nothing_is_close() -> None:
    found = problems(scenario(kind="embargo_on_everything"))
    assert found and not any("did you mean" in p for p in found)
    assert did_you_mean("QQQQQQ", ECONOMIES) == ""
    assert close_matches("", SECTORS) == []


def test_pydantic_wording_never_reaches_the_reader() -> None:
    texts = [
        scenario(kind="import_bann"),
        scenario(extra='[safeguards.sunset]\nmonths = 6\nrenewal = "sometimes"\n'),
        scenario(extra='invite = "some"\n').replace('members = ["DEU", "POL"]\n', ""),
        scenario(members='"UK"'),
    ]
    for text in texts:
        for p in problems(text):
            assert "Input should be" not in p and "Value error" not in p, p
            assert p.startswith(("got ", "unknown ", "no ")), p


def test_a_list_long_enough_is_not_reported_short() -> None:
    found = problems(scenario(kind="import_bann"))
    assert len(found) == 1 and "at least 1 item" not in found[0]


def test_a_state_beside_its_bloc_says_so() -> None:
    (p,) = problems(scenario(members='"EU27", "DEU"'))
    assert "DEU is listed twice: EU27 already includes it" in p


def test_country_code_knows_names_and_alpha_2() -> None:
    assert country_code("United Kingdom") == "GBR"
    assert country_code("de") == "DEU"
    assert country_code("Atlantis") is None


def _warnings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "w.toml"
    path.write_text(text)
    return [str(w) for w in read_scenario(path)[1]]


def test_settings_that_cannot_take_effect_are_warned(tmp_path: Path) -> None:
    text = scenario(
        extra='[[exemptions]]\nid = "early"\nkind = "waiver"\nmeasure = "oil_embargo"\n'
        "share = 0.5\nstart = 2022-01-01\nend = 2022-12-01\n"
        '[[exemptions]]\nid = "gone"\nkind = "waiver"\nmeasure = "oil_embargo"\n'
        "share = 0.5\nstart = 2022-01-01\nend = 2022-02-01\n"
        '[[milestones]]\nid = "talks"\ndescription = "talks"\n'
        '[[safeguards.escalation]]\nafter_months = 6\nmeasures = ["oil_embargo"]\nstep = 0.2\n'
    )
    found = _warnings(tmp_path, text)
    assert len(found) == 3, found
    assert "exemptions[0].start: the waiver starts (2022-01-01) before 'oil_embargo'" in found[0]
    assert "exemptions[1].end" in found[1] and "never takes effect" in found[1]
    assert "escalation[0].measures[0]" in found[2] and "can never raise it" in found[2]
    assert found[0].startswith(f"{tmp_path / 'w.toml'}:")


def test_an_escalation_with_room_to_rise_is_not_warned(tmp_path: Path) -> None:
    phased = scenario(
        extra='[measures.phase_in]\nkind = "wind_down"\nwind_down_months = 6\ninitial_level = 0.5\n'
        '[[milestones]]\nid = "talks"\ndescription = "talks"\n'
        '[[safeguards.escalation]]\nafter_months = 2\nmeasures = ["oil_embargo"]\nstep = 0.2\n'
    )
    assert _warnings(tmp_path, phased) == []
    assert _warnings(tmp_path, scenario()) == []


def test_validate_prints_warnings_and_stays_valid(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        scenario(
            extra='[[exemptions]]\nid = "early"\nkind = "waiver"\nmeasure = "oil_embargo"\n'
            "share = 0.5\nstart = 2022-01-01\nend = 2022-12-01\n"
        )
    )
    out = validate(path)
    assert out.code == 0 and "warning:" in out.output and "valid" in out.output


def test_version() -> None:
    from accord import __version__

    res = CliRunner().invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"accord {__version__}"


def test_validate_summary_is_not_cut_and_says_plurals_right() -> None:
    out = validate(RUSSIA_2022).output
    assert "…" not in out
    assert "tech_export_controls" in out and "C26,C27,C28,C29,C302T309" in out
    assert "1 escalation criterion" in out and "1 milestone\n" in out and "5 exemptions" in out
    assert "escalation criteria" not in out and "1 milestones" not in out


def test_names_fall_back_to_codes_without_the_optional_territory_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from accord.scenario import suggest

    monkeypatch.setitem(sys.modules, "rigour.territories", None)
    suggest._names.cache_clear()
    suggest._territory_codes.cache_clear()
    try:
        assert suggest.country_name("SVK") == "SVK"
        assert suggest.country_code("Slovakia") is None
        assert suggest.suggestion("DUE", list(ECONOMIES)) == "did you mean DEU?"
    finally:
        suggest._names.cache_clear()
        suggest._territory_codes.cache_clear()
