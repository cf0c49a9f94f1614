"""Linking rules on hand-made entries: identifiers, names with birth dates, guards."""

from __future__ import annotations

from datetime import date

from accord.observe.keys import Entry, birth_dates, build_entries, id_keys, skeleton
from accord.observe.link import UnionFind, link, score
from accord.observe.records import Designation, Precision
from accord.observe.similarity import Weights


def person(
    j: str, sid: str, name: str, dob: str = "", ids: dict[str, list[str]] | None = None
) -> Designation:
    return Designation(
        jurisdiction=j, source_id=sid, schema="Person", name=name, programme="p",
        listed_on=date(2022, 3, 1), precision=Precision.DAY,
        birth_dates=[dob] if dob else [], identifiers=ids or {},
    )  # fmt: skip


def entries(*ds: Designation) -> dict[tuple[str, str], Entry]:
    return build_entries(list(ds))


def test_transliterations_share_a_skeleton() -> None:
    assert skeleton("aksyonov") == skeleton("aksenov")
    assert skeleton("sergey") == skeleton("sergei")


def test_birth_date_forms() -> None:
    days, years = birth_dates(
        ["26.11.1972", "26/11/1972", "1972-11-26", "26 Nov 1972", "circa 1960"]
    )
    assert days == {"1972-11-26"} and years == {1972, 1960}


def test_identifier_tokens_across_labels() -> None:
    assert id_keys("passport", "516384722 (UK Passport issued on 6.5.2013)") == ["num:516384722"]
    assert id_keys("passport", "(1) 836220035 (2) 745230692") == ["num:836220035", "num:745230692"]
    assert id_keys("imo", "IMO 9123456") == ["imo:9123456"]
    assert id_keys("registration", "12") == []


def test_transliterated_name_with_same_birth_day_links() -> None:
    e = entries(
        person("UK", "1", "Sergey Valeryevich AKSYONOV", "26/11/1972"),
        person("US", "2", "AKSENOV, Sergei Valerievich", "26 Nov 1972"),
        person("US", "3", "AKSENOV, Sergei Valerievich", "01 Jan 1950"),
    )
    w = Weights(e.values())
    assert score(e[("UK", "1")], e[("US", "2")], w).linked
    assert not score(e[("UK", "1")], e[("US", "3")], w).linked  # birth years differ


def test_shared_identifier_links_despite_names() -> None:
    e = entries(
        person("UN", "KPi.1", "PAK IL KYU", ids={"passport": ["563120235"]}),
        person("US", "9", "PAK, Il-Gyu", ids={"passport": ["563120235"]}),
    )
    assert score(e[("UN", "KPi.1")], e[("US", "9")], Weights(e.values())).reason.startswith(
        "identifier"
    )


def test_union_refuses_two_entries_of_one_us_list() -> None:
    sets = UnionFind([("US", "1"), ("EU", "a"), ("US", "2")])
    sets.union(("US", "1"), ("EU", "a"))
    sets.union(("EU", "a"), ("US", "2"))
    assert sets.find(("US", "2")) != sets.find(("US", "1"))


def test_link_maps_every_entry() -> None:
    e = entries(
        person("UK", "1", "Ivan IVANOV", "1.1.1970"),
        person("US", "2", "IVANOV, Ivan", "01 Jan 1970"),
    )
    ids = link(e)
    assert ids[("UK", "1")] == ids[("US", "2")]
