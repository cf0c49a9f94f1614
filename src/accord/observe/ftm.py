"""Designations as FollowTheMoney entities (Person, LegalEntity, Company, Vessel, Airplane...).

Each linked entity becomes one FtM entity with every jurisdiction's names, birth dates,
nationalities and identifiers, plus one ``Sanction`` entity per listing. Values FtM
cannot parse (a free-text birth date such as ``circa 1960``) are dropped by FtM's own
property cleaning, as its loaders do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.observe.records import Designation

_ID_PROPS = {
    "Person": {"passport": "passportNumber", "national_id": "idNumber"},
    "Vessel": {"imo": "imoNumber"},
    "LegalEntity": {"registration": "registrationNumber", "national_id": "idNumber"},
}


def entities(designations: list[Designation], ids: dict[tuple[str, str], str]) -> Iterator[Any]:
    """Yield FtM entity proxies: one per linked entity, one Sanction per designation."""
    from followthemoney import model

    by_entity: dict[str, list[Designation]] = {}
    for d in designations:
        by_entity.setdefault(ids[(d.jurisdiction, d.source_id)], []).append(d)
    for entity_id, group in by_entity.items():
        schema = _common_schema([d.schema for d in group])
        proxy = model.make_entity(schema)
        proxy.id = entity_id
        props = _ID_PROPS.get(schema, _ID_PROPS["LegalEntity"] if schema != "Person" else {})
        for d in group:
            proxy.add("name", d.name, quiet=True)
            proxy.add("alias", d.aliases, quiet=True)
            proxy.add("topics", "sanction", quiet=True)
            if schema == "Person":
                proxy.add("birthDate", d.birth_dates, quiet=True, fuzzy=True)
                proxy.add("nationality", d.countries, quiet=True, fuzzy=True)
            else:
                proxy.add("country", d.countries, quiet=True, fuzzy=True)
            for kind, values in d.identifiers.items():
                if kind in props:
                    proxy.add(props[kind], values, quiet=True)
        yield proxy
        for d in group:
            sanction = model.make_entity("Sanction")
            sanction.id = f"{entity_id}-{d.jurisdiction}-{d.source_id}-{d.programme}"
            sanction.add("entity", entity_id)
            sanction.add("authority", d.jurisdiction)
            sanction.add("program", d.programme)
            sanction.add("authorityId", d.source_id)
            sanction.add("listingDate", d.listed_on.isoformat())
            yield sanction


def _common_schema(schemas: list[str]) -> str:
    """The most specific schema all linked entries agree on (Company over LegalEntity)."""
    unique = set(schemas)
    if len(unique) == 1:
        return schemas[0]
    for preferred in ("Person", "Vessel", "Airplane", "Company", "Organization"):
        if preferred in unique:
            return preferred
    return "LegalEntity"
