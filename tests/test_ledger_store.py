"""The event store: append-only, checked against the domain model and the regime."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import EventRejected, InvalidArgument
from accord.ledger import canonical as c
from accord.ledger.records import EventQuery
from accord.ledger.store import Ledger, UnknownRegime
from tests.ledger_support import BACKENDS, open_ledger, posture, russia

RID = "russia-2022"


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    for led in open_ledger(request.param, tmp_path):
        led.define_regime(RID, russia())
        yield led


def test_append_chains_events_with_content_ids(ledger: Ledger) -> None:
    a, b = ledger.append(RID, [posture(), posture("FRA")], recorded_by="secretariat")
    info = ledger.regime_info(RID)
    assert (a.seq, b.seq) == (1, 2)
    assert a.prev == info.hash and b.prev == a.hash and info.head_hash == b.hash
    assert a.id == c.event_id(RID, c.event_body(a.event))
    assert a.id != b.id and info.events == 2
    assert ledger.event(RID, b.id) == b


@pytest.mark.parametrize(
    ("change", "loc", "words"),
    [
        ({"level": 1.5}, "events[0].level", "less than or equal to 1"),
        ({"member": "CHN"}, "events[0].member", "not a member"),
        ({"member": "XXX"}, "events[0].member", "unknown economy"),
        ({"measure": "gas_ban"}, "events[0].measure", "no measure 'gas_ban'"),
        ({"date": "2021-12-31"}, "events[0].date", "outside the regime"),
        ({"posture": "sulk"}, "events[0].posture", "mimic"),
        ({"kind": "rumour"}, "events[0].kind", "unknown or missing event kind"),
        ({"colour": "red"}, "events[0].colour", "unknown field"),
    ],
)
def test_bad_event_is_rejected_located_and_nothing_stored(
    ledger: Ledger, change: dict[str, object], loc: str, words: str
) -> None:
    ledger.append(RID, [posture()], recorded_by="s")
    before = ledger.regime_info(RID)
    with pytest.raises(EventRejected) as err:
        ledger.append(RID, [posture(**change)], recorded_by="s")  # type: ignore[arg-type]
    assert any(e["loc"] == loc and words in e["msg"] + e["expected"] for e in err.value.errors), (
        err.value.errors
    )
    assert ledger.regime_info(RID) == before


def test_regime_specific_checks(ledger: Ledger) -> None:
    cases = [
        (
            {"kind": "milestone_certified", "date": "2023-01-02", "milestone": "ceasefire"},
            "events[0].milestone",
        ),
        (
            {
                "kind": "renewal_vote",
                "date": "2022-08-01",
                "member": "GBR",
                "measure": "coal_ban",
                "in_favour": True,
            },
            "events[0].member",
        ),
        (
            {
                "kind": "exemption_granted",
                "date": "2022-08-01",
                "exemption": {
                    "id": "x",
                    "kind": "member_specific",
                    "measure": "coal_ban",
                    "members": ["CHN"],
                    "share": 0.5,
                },
            },
            "events[0].exemption.members[0]",
        ),
    ]
    for raw, loc in cases:
        with pytest.raises(EventRejected) as err:
            ledger.append(RID, [raw], recorded_by="s")
        assert [e["loc"] for e in err.value.errors] == [loc]
    assert ledger.regime_info(RID).events == 0


def test_a_batch_is_all_or_nothing(ledger: Ledger) -> None:
    batch = [posture(m) for m in ("DEU", "FRA", "ITA")] + [posture("CHN")]
    with pytest.raises(EventRejected) as err:
        ledger.append(RID, batch, recorded_by="s")
    assert [e["loc"] for e in err.value.errors] == ["events[3].member"]
    assert ledger.regime_info(RID).events == 0
    assert ledger.events(RID).items == []


def test_the_same_fact_is_not_stored_twice(ledger: Ledger) -> None:
    (first,) = ledger.append(RID, [posture()], recorded_by="s")
    with pytest.raises(EventRejected, match="problem") as err:
        ledger.append(RID, [posture()], recorded_by="s")
    assert first.id in err.value.errors[0]["msg"]
    with pytest.raises(EventRejected):
        ledger.append(RID, [posture("FRA"), posture("FRA")], recorded_by="s")
    assert ledger.regime_info(RID).events == 1


def test_corrections_reference_the_old_event_and_leave_it_in_place(ledger: Ledger) -> None:
    (wrong,) = ledger.append(RID, [posture(level=0.2, posture="adjust")], recorded_by="s")
    with pytest.raises(EventRejected) as err:
        ledger.append(
            RID,
            [{"kind": "correction", "date": "2022-05-03", "corrects": "nope", "reason": "x"}],
            recorded_by="s",
        )
    assert err.value.errors[0]["loc"] == "events[0].corrects"
    fix = {"kind": "correction", "date": "2022-05-03", "corrects": wrong.id, "reason": "typo"}
    ledger.append(RID, [fix, posture(date="2022-05-03")], recorded_by="s")
    assert ledger.regime_info(RID).events == 3
    assert ledger.event(RID, wrong.id) == wrong  # nothing is edited
    history = ledger.history(RID)
    assert [e.kind for e in history] == ["posture_declared"]
    assert history[0].date == date(2022, 5, 3)


def test_regimes_are_never_redefined(ledger: Ledger) -> None:
    assert ledger.define_regime(RID, russia()).id == RID  # the same definition: no change
    changed = russia().model_copy(update={"name": "Other"})
    with pytest.raises(InvalidArgument, match="already defined differently"):
        ledger.define_regime(RID, changed)
    with pytest.raises(InvalidArgument, match="not a regime id"):
        ledger.define_regime("Bad Id", russia())
    with pytest.raises(UnknownRegime):
        ledger.append("nope", [posture()], recorded_by="s")


def test_filters(ledger: Ledger) -> None:
    ledger.append(
        RID,
        [
            posture("DEU", "coal_ban", date="2022-05-02"),
            posture("FRA", "coal_ban", date="2022-06-02"),
            posture("DEU", "oil_embargo", date="2022-07-02"),
            {
                "kind": "violation_report",
                "date": "2022-08-01",
                "member": "DEU",
                "measure": "oil_embargo",
            },
        ],
        recorded_by="s",
    )

    def seqs(**kw: object) -> list[int]:
        return [s.seq for s in ledger.events(RID, EventQuery(**kw)).items]  # type: ignore[arg-type]

    assert seqs(member="DEU") == [1, 3, 4]
    assert seqs(measure="coal_ban") == [1, 2]
    assert seqs(since=date(2022, 6, 1), until=date(2022, 7, 2)) == [2, 3]
    assert seqs(kind="violation_report") == [4]
    assert seqs(member="DEU", confidential=False) == [1, 3]


MEMBERS = ["DEU", "FRA", "ITA", "POL", "GBR", "JPN"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(
        st.tuples(st.sampled_from(MEMBERS), st.integers(1, 28)),
        min_size=1,
        max_size=40,
        unique=True,
    ),
    size=st.integers(1, 7),
    member=st.sampled_from([None, *MEMBERS]),
)
def test_paging_visits_every_matching_event_once_in_order(
    tmp_path_factory: pytest.TempPathFactory,
    picks: list[tuple[str, int]],
    size: int,
    member: str | None,
) -> None:
    led = Ledger.open(f"sqlite:///{tmp_path_factory.mktemp('p') / 'l.sqlite'}")
    led.define_regime(RID, russia())
    raws = [posture(m, date=f"2022-05-{d:02d}") for m, d in picks]
    led.append(RID, raws, recorded_by="s")
    seen, after = [], 0
    while True:
        page = led.events(RID, EventQuery(member=member, after=after, limit=size))
        assert len(page.items) <= size
        seen += [s.seq for s in page.items]
        if page.next_after is None:
            break
        after = page.next_after
    expected = [i + 1 for i, (m, _) in enumerate(picks) if member is None or m == member]
    assert seen == expected
    led.close()
