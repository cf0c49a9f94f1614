"""The regime: who imposes what on whom, under which framework.

Cross-references (an exemption's measure, a sunset's voters, a relief criterion's
milestone) are checked here, so a regime that exists is a regime whose parts fit; a
broken reference raises :class:`RegimeProblems` with the field path of each problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from accord.domain.acts import Act, act_problems
from accord.domain.base import Economy, Frozen, Ident, PositiveShare, Share
from accord.domain.codes import BLOCS, ECONOMIES, expand
from accord.domain.countermeasures import Countermeasure, countermeasure_problems
from accord.domain.measures import Exemption, Measure, MeasureKind
from accord.domain.parameters import ModelParameters
from accord.domain.safeguards import Safeguards
from accord.errors import AccordError, ErrorDetail


class RegimeProblems(AccordError):
    """The regime's parts do not fit together (references to things that do not exist)."""


Day = date
"""``date`` under a name a field called ``date`` cannot shadow."""


class SecondaryThreat(Frozen):
    """A dated change in the lead's threat of secondary penalties: from ``date`` the
    announced severity is ``severity`` (until the next one). A discretionary authority
    is a lower severity than a mandatory one."""

    date: Day = Field(description="Date the lead adopts or announces the threat.")
    severity: Share = Field(
        description="Severity of secondary penalties from this date, in [0, 1] (how binding "
        "they are: discretionary below mandatory)."
    )
    reference: str = Field(
        default="", description="The act or statement, e.g. 'CAATSA, Pub. L. 115-44'."
    )


class Lead(Frozen):
    """The state that imposes the measures first; it may threaten secondary penalties.

    ``secondary_threat`` is the announced severity of penalties on those who trade around
    the measures at the start, ``threats`` its dated changes (fear of penalties starts
    when the lead adopts or threatens them), and ``credibility`` the chance members
    believe them enforced.
    """

    code: Economy = Field(description="ISO 3166 alpha-3 code of the lead (an ICIO economy).")
    secondary_threat: Share = Field(
        default=0.0,
        description="Announced severity of secondary penalties on those who trade around "
        "the measures, in [0, 1].",
    )
    credibility: Share = Field(
        default=0.5,
        description="Probability members believe secondary penalties will be enforced, in [0, 1].",
    )
    threats: tuple[SecondaryThreat, ...] = Field(
        default=(),
        description="Dated changes of the severity, in date order; before the first, "
        "secondary_threat applies (write 0 where no threat existed at the start).",
    )

    @model_validator(mode="after")
    def _threats_in_order(self) -> Lead:
        for i, (a, b) in enumerate(zip(self.threats, self.threats[1:], strict=False)):
            if b.date <= a.date:
                raise ValueError(f"threats[{i + 1}] is dated {b.date}, not after threats[{i}]")
        return self


class Target(Frozen):
    """The sanctioned state."""

    code: Economy = Field(description="ISO 3166 alpha-3 code of the target (an ICIO economy).")
    name: str = Field(default="", description="Human-readable name.")


class Member(Frozen):
    """An allied state asked to align. ``weight`` overrides its economic weight (by default
    its share of gross output among members); ``bloc`` records membership of e.g. the EU;
    ``measures`` binds it to a subset of the measures (a narrower scope or a later date
    of one measure is a member-specific exemption); ``affinity``, when given, replaces the
    affinity computed from the covariates."""

    code: Economy = Field(
        description="ISO 3166 alpha-3 code of the member (an ICIO economy); in a scenario "
        "file a bloc name such as EU27 expands to one member per state."
    )
    weight: PositiveShare | None = Field(
        default=None,
        description="Economic weight in (0, 1]; absent means its share of gross output "
        "among members.",
    )
    bloc: str | None = Field(
        default=None, description="Bloc it belongs to (set when a bloc name was expanded)."
    )
    affinity: float | None = Field(
        default=None,
        ge=-1.0,
        le=1.0,
        description="Affinity with the lead in [-1, 1], replacing the one computed from "
        "bloc, alliance and UN voting covariates (docs/model.md, Affinity).",
    )
    measures: tuple[Ident, ...] = Field(
        default=(),
        description="Ids of the measures the member is bound by (it applied only these); "
        "empty means every measure.",
    )


class Milestone(Frozen):
    """A measurable step by the target that can unlock relief; ``co_designed`` marks
    milestones the members helped write, which raises their ownership of the regime."""

    id: Ident = Field(description="Identifier relief criteria refer to.")
    description: str = Field(default="", description="The measurable step, for readers.")
    co_designed: bool = Field(
        default=False, description="Whether members helped write the milestone (ownership)."
    )


def _expand_members(raw: Any) -> Any:
    """Accept ``"EU27"`` (or ``{code = "EU27"}``) in a member list and expand it in place."""
    if not isinstance(raw, list | tuple):
        return raw
    out: list[Any] = []
    for item in raw:
        code = (
            item if isinstance(item, str) else item.get("code") if isinstance(item, dict) else None
        )
        if isinstance(code, str) and code in BLOCS:
            extra = {k: v for k, v in item.items() if k != "code"} if isinstance(item, dict) else {}
            out.extend({"code": c, "bloc": code, **extra} for c in BLOCS[code])
        elif isinstance(item, str):
            out.append({"code": item})
        else:
            out.append(item)
    return out


class Regime(Frozen):
    """A sanctions-coalition regime as written: parties, measures and framework."""

    name: str = Field(min_length=1, description="Name of the regime.")
    description: str = Field(default="", description="One-paragraph description.")
    start: date = Field(description="Date the regime starts (month 0 of the rules' calendar).")
    horizon_months: int = Field(
        default=60, ge=1, le=600, description="Months to simulate or report from the start."
    )
    lead: Lead = Field(description="The state that imposes the measures first.")
    target: Target = Field(description="The sanctioned state, whose economy the measures aim at.")
    invite: Literal["listed", "all"] = Field(
        default="listed",
        description="listed: only the members listed; all: also every other ICIO economy "
        "except lead and target.",
    )
    members: tuple[Member, ...] = Field(
        default=(),
        description="Allied states asked to align, each once; a code, a bloc name or a table.",
    )
    measures: tuple[Measure, ...] = Field(
        min_length=1, description="The measures; at least one, ids unique."
    )
    exemptions: tuple[Exemption, ...] = Field(
        default=(), description="Carve-outs from measures; ids unique."
    )
    milestones: tuple[Milestone, ...] = Field(
        default=(), description="Measurable steps by the target; ids unique."
    )
    countermeasures: tuple[Countermeasure, ...] = Field(
        default=(),
        description="The target's dated countermeasures; they enter members' costs.",
    )
    acts: tuple[Act, ...] = Field(
        default=(),
        description="Legal acts holding measures that are renewed together on the acts' "
        "calendar; empty: under a sunset each measure has its own term from its adoption.",
    )
    safeguards: Safeguards = Field(
        default=Safeguards(), description="The coalition framework; every part optional."
    )
    model: ModelParameters = Field(
        default=ModelParameters(),
        description="Parameters of the simulator's decision model, one table per mechanism "
        "(docs/model.md).",
    )

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        if isinstance(data, dict) and "members" in data:
            data = {**data, "members": _expand_members(data["members"])}
        return data

    @model_validator(mode="after")
    def _references(self) -> Regime:
        problems = reference_problems(self)
        if problems:
            raise RegimeProblems("the regime's parts do not fit together", problems)
        return self

    @property
    def member_codes(self) -> tuple[str, ...]:
        """Members in order; with ``invite = "all"`` every ICIO economy but lead and target."""
        if self.invite == "all":
            listed = [m.code for m in self.members]
            rest = [c for c in ECONOMIES if c not in listed and c not in self.parties]
            return (*listed, *rest)
        return tuple(m.code for m in self.members)

    def binds(self, code: str, measure_id: str) -> bool:
        """Whether member ``code`` is bound by the measure: never by a lead-only measure;
        by its listed ``measures`` when it lists any; otherwise by every measure that cuts
        a flow (a secondary penalty, which cuts none, is not asked of it by default)."""
        measure = self.measure(measure_id)
        if measure.lead_only:
            return False
        listed = next((m.measures for m in self.members if m.code == code), ())
        if listed:
            return measure_id in listed
        # A measure that cuts no member-target flow (secondary penalties act on third
        # parties) asks nothing of a member unless its commitments name it.
        return measure.kind != MeasureKind.SECONDARY_PENALTY

    @property
    def parties(self) -> tuple[str, str]:
        """The lead's and the target's codes."""
        return (self.lead.code, self.target.code)

    @property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.measures)

    def with_changes(self, changes: Mapping[str, Any]) -> Regime:
        """A new regime with each field path set to its value, validated as a whole
        (``{"lead.credibility": 0.3, "safeguards.sunset.renewal": "qualified_majority"}``);
        this one is left as it was. See :func:`accord.study.regimes.with_changes`."""
        from accord.study.regimes import with_changes

        return with_changes(self, changes)

    def measure(self, measure_id: str) -> Measure:
        """The measure with that id (KeyError if none)."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)


def _detail(loc: str, msg: str, expected: str) -> ErrorDetail:
    return {"loc": loc, "msg": msg, "expected": expected}


def _duplicates(ids: list[str]) -> list[int]:
    seen: set[str] = set()
    out = []
    for i, x in enumerate(ids):
        if x in seen:
            out.append(i)
        seen.add(x)
    return out


def reference_problems(regime: Regime) -> list[ErrorDetail]:
    """Every broken cross-reference in ``regime``, each with its field path."""
    p: list[ErrorDetail] = []
    lead, target = regime.lead.code, regime.target.code
    members = [m.code for m in regime.members]
    measure_ids = [m.id for m in regime.measures]
    milestone_ids = [m.id for m in regime.milestones]
    if lead == target:
        p.append(_detail("lead.code", f"the lead {lead} is also the target", "another economy"))
    for i in _duplicates(members):
        p.append(_detail(f"members[{i}].code", f"{members[i]} is listed twice", "each once"))
    for i, c in enumerate(members):
        if c in (lead, target):
            role = "lead" if c == lead else "target"
            p.append(
                _detail(
                    f"members[{i}].code",
                    f"{c} is the {role}",
                    "a member other than lead and target",
                )
            )
    for name, ids in (
        ("measures", measure_ids),
        ("milestones", milestone_ids),
        ("exemptions", [e.id for e in regime.exemptions]),
        ("acts", [a.id for a in regime.acts]),
    ):
        for i in _duplicates(ids):
            p.append(_detail(f"{name}[{i}].id", f"id {ids[i]!r} is used twice", "unique ids"))
    known_members = set(regime.member_codes)

    def ref(loc: str, x: str, known: list[str] | set[str], what: str) -> None:
        if x not in known:
            p.append(_detail(loc, f"no {what} {x!r}", f"one of {sorted(known)}"))

    def refs(loc: str, ids: tuple[str, ...], known: list[str] | set[str], what: str) -> None:
        for j, x in enumerate(ids):
            ref(f"{loc}[{j}]", x, known, what)

    for i, member in enumerate(regime.members):
        refs(f"members[{i}].measures", member.measures, measure_ids, "measure")
    for i, ex in enumerate(regime.exemptions):
        ref(f"exemptions[{i}].measure", ex.measure, measure_ids, "measure")
        scope = set(regime.measure(ex.measure).sectors) if ex.measure in measure_ids else set()
        outside = [c for c in ex.sectors if scope and c not in scope]
        for c in outside:
            j = ex.sectors.index(c)
            p.append(
                _detail(
                    f"exemptions[{i}].sectors[{j}]",
                    f"sector {c} is outside the scope of measure {ex.measure!r}",
                    f"one of the measure's sectors {sorted(scope)}",
                )
            )
        refs(f"exemptions[{i}].members", ex.members, known_members, "member")
    sg = regime.safeguards
    if sg.sunset is not None:
        for j, voter in enumerate(sg.sunset.voters):  # index as written, before bloc expansion
            for code in expand((voter,)):
                ref(f"safeguards.sunset.voters[{j}]", code, known_members | {lead}, "member")
        refs("safeguards.sunset.measures", sg.sunset.measures, measure_ids, "measure")
    p.extend(act_problems(regime, known_members))
    p.extend(countermeasure_problems(regime, known_members))
    for i, rc in enumerate(sg.relief):
        ref(f"safeguards.relief[{i}].milestone", rc.milestone, milestone_ids, "milestone")
        refs(f"safeguards.relief[{i}].measures", rc.measures, measure_ids, "measure")
    for i, ec in enumerate(sg.escalation):
        refs(f"safeguards.escalation[{i}].measures", ec.measures, measure_ids, "measure")
    written = [m.weight for m in regime.members if m.weight is not None]
    unwritten = len(regime.member_codes) - len(written)
    if written and (sum(written) > 1.0 + 1e-9 or (unwritten and sum(written) >= 1.0)):
        p.append(
            _detail(
                "members",
                f"written member weights sum to {sum(written):.3f}",
                "weights summing to at most 1, leaving a share for members without one",
            )
        )
    if regime.invite == "listed" and not members:
        p.append(_detail("members", "no members listed", 'at least one member, or invite = "all"'))
    return p
