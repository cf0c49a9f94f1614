"""Bad case files get a located CaseError (file, line, field, what was expected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.estimate import CaseError, load_case, load_library, parse_case

GOOD = """\
id = "toy"
title = "A small case"
split = "training"
lead = "USA"
target = "RUS"
start = 2014-03-06
end = 2015-03-06
economies = ["EU27", "CHE"]

[[measures]]
id = "listings"
name = "Asset freezes"
act = "Decision 2014/145/CFSP"

[[sources]]
id = "act"
kind = "legal_act"
title = "Council Decision 2014/145/CFSP"
reference = "OJ L 78, 17.3.2014, p. 16"

[[outcomes]]
economy = "EU27"
measure = "listings"
status = "adopted"
date = 2014-03-17
sources = ["act"]

[[outcomes]]
sources = ["act"]
censored = 2015-03-06
economy = "CHE"
status = "never_adopted"
measure = "listings"

[[renewals]]
act = "Decision 2014/145/CFSP"
date = 2014-09-12
outcome = "renewed"
until = 2015-03-15
sources = ["act"]
"""


def _error(text: str) -> CaseError:
    with pytest.raises(CaseError) as info:
        parse_case(text, "cases/toy.toml")
    return info.value


def test_the_good_text_loads() -> None:
    case = parse_case(GOOD, "cases/toy.toml")
    assert case.posture("DEU", "listings") == "mimic"
    assert case.posture("CHE", "listings") == "resist"
    assert case.censored_on("CHE", "listings") is not None


NO_SOURCE = ('sources = ["act"]\n\n[[', 'sources = ["nope"]\n\n[[')
NO_MEASURE = ('"listings"\nstatus = "adopted"', '"other"\nstatus = "adopted"')
NO_ACT = ('"Decision 2014/145/CFSP"\ndate', '"Decision 2099/1/CFSP"\ndate')
BROKEN = {
    "unknown economy": ('economy = "CHE"', 'economy = "XYZ"', "outcomes[1].economy", 31),
    "date before the window": ("date = 2014-03-17", "date = 2013-01-01", "outcomes[0].date", 25),
    "missing source": (*NO_SOURCE, "outcomes[0]", 26),
    "adopted without date": ('"never_adopted"', '"adopted"', "outcomes[1]", 28),
    "unknown measure": (*NO_MEASURE, "outcomes[0].measure", 23),
    "unknown split": ('split = "training"', 'split = "validation"', "split", 3),
    "expiry before vote": ("until = 2015-03-15", "until = 2014-01-01", "renewals[0]", 35),
    "unknown act": (*NO_ACT, "renewals[0].act", 36),
    "unknown field": ('"A small case"', '"A small case"\ncolour = "red"', "colour", 3),
}


@pytest.mark.parametrize(("old", "new", "loc", "line"), BROKEN.values(), ids=BROKEN.keys())
def test_each_problem_names_its_field_and_line(old: str, new: str, loc: str, line: int) -> None:
    assert old in GOOD
    error = _error(GOOD.replace(old, new, 1))
    found = {e["loc"]: e.get("line") for e in error.errors}
    assert any(key.startswith(loc) for key in found), found
    lines = [v for key, v in found.items() if key.startswith(loc)]
    assert line in lines, found
    assert "cases/toy.toml" in str(error)


def test_a_source_no_entry_cites_is_refused() -> None:
    extra = '\n[[sources]]\nid = "spare"\nkind = "gazette"\ntitle = "Unused"\nurl = "https://example.org/x"\n'
    error = _error(GOOD + extra)
    assert any("cited by no entry" in e["msg"] for e in error.errors)


def test_a_source_without_reference_or_url_is_refused() -> None:
    error = _error(GOOD.replace('reference = "OJ L 78, 17.3.2014, p. 16"\n', ""))
    assert any(e["loc"].startswith("sources[0]") for e in error.errors)


def test_renewals_out_of_order_are_refused() -> None:
    second = (
        '\n[[renewals]]\nact = "Decision 2014/145/CFSP"\ndate = 2014-05-01\n'
        'outcome = "renewed"\nuntil = 2014-09-15\nsources = ["act"]\n'
    )
    error = _error(GOOD + second)
    assert any(e["loc"] == "renewals[1].date" for e in error.errors)


@pytest.mark.parametrize(
    "garbage", ["", "id = ", "[[[", "\x00\x01", "id = 'x'\n" * 3, "a = [" * 50]
)
def test_garbage_gets_a_case_error(garbage: str) -> None:
    with pytest.raises(CaseError) as info:
        parse_case(garbage, "cases/bad.toml")
    assert "cases/bad.toml" in str(info.value)


def test_files_not_utf8_missing_or_misnamed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'id = "\xff"\n')
    with pytest.raises(CaseError, match=r"bad\.toml:1: not UTF-8"):
        load_case(bad)
    with pytest.raises(CaseError, match="cannot read"):
        load_case(tmp_path / "missing.toml")
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "other.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CaseError, match="differs from the file name"):
        load_library(folder)
    with pytest.raises(CaseError, match="not a folder"):
        load_library(tmp_path / "nowhere")
