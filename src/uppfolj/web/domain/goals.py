"""Goals and their indicators: the import (each year of the file replaced), the outcomes a
report shows, and the controller's changes on the web.

An outcome is the entered `utfall` (it wins over `kalla`); or, for `statistik:MATT`, the measure's value over months
1..M of the year for the goal's unit and every unit below it (the whole organisation without
`enhet`): each month the units' values combine, then the months (a sum for `summa` measures, a
mean for `medel`); or, for `kolada:KPI`, the home municipality's key figure of the latest year up
to the report's (`uppfolj.web.domain.kolada.home_value`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from uppfolj.core.choices import MeasureKind, TreeKind
from uppfolj.core.errors import Problems
from uppfolj.core.goals import (
    Direction,
    GoalRecord,
    GoalResult,
    Source,
    SourceKind,
    statistics_outcome,
)
from uppfolj.web import rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.kolada import home_value
from uppfolj.web.models import Goal, Measure, OrgUnit, Volume

KoladaLookup = Callable[[str, int], Decimal | None]


@dataclass(frozen=True, slots=True)
class GoalSummary:
    rows: int
    years: list[int]
    removed: int


def replace_goals(file: str, records: Sequence[GoalRecord], *, problems: Problems | None = None) -> GoalSummary:
    """Write the goals: every goal of each year in the file is replaced by the file's goals of
    that year. Must run inside `transaction.atomic()`.

    A goal whose unit is not in the organisation is noted in `problems`; if there are any,
    nothing is written and they are raised together. A goal that keeps its code keeps the
    comment written on the web, unless the file's optional `kommentar` gives one. The import as a whole is audited by its import log.
    """
    problems = Problems(file) if problems is None else problems
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    for r in records:
        if r.unit is not None and r.unit not in units:
            problems.add(r.line, f'enheten "{r.unit}" finns inte i organisationen')
    problems.raise_if_any()
    years = sorted({r.year for r in records})
    comments = {(g.year, g.code): g.comment for g in Goal.objects.filter(year__in=years)}
    removed, _ = Goal.objects.filter(year__in=years).delete()
    Goal.objects.bulk_create([
        Goal(year=r.year, code=r.code, name=r.name, indicator=r.indicator,
             unit=None if r.unit is None else units[r.unit], target=r.target, direction=r.direction,
             outcome=r.outcome, previous=r.previous, source="" if r.source is None else str(r.source),
             comment=r.comment or comments.get((r.year, r.code), ""), position=i)
        for i, r in enumerate(records)
    ])
    return GoalSummary(rows=len(records), years=years, removed=removed)


def _subtrees() -> tuple[dict[str, list[str]], list[str]]:
    """Each organisation unit's code → its code and every code below it; and all codes."""
    children: dict[str | None, list[str]] = defaultdict(list)
    codes = []
    for code, parent in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).values_list("code", "parent__code"):
        children[parent].append(code)
        codes.append(code)
    out: dict[str, list[str]] = {}

    def below(code: str) -> list[str]:
        if code not in out:
            found, stack = [], [code]
            while stack:
                c = stack.pop()
                found.append(c)
                stack.extend(children.get(c, []))
            out[code] = found
        return out[code]

    for code in codes:
        below(code)
    return out, codes


def _statistics(goals: Sequence[Goal], year: int, month: int) -> dict[int, Decimal | None]:
    """The `statistik:` outcome of each goal that has one, by goal id."""
    wanted = {g.id: Source.parse(g.source) for g in goals if g.source.startswith(SourceKind.STATISTICS.value)}
    if not wanted:
        return {}
    measures = {s.key for s in wanted.values() if s is not None}
    kinds = {m.code: MeasureKind(m.kind) for m in Measure.objects.filter(code__in=measures)}
    values: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for measure, m, unit, value in Volume.objects.filter(
            year=year, month__lte=month, measure__in=measures).values_list(
            "measure_id", "month", "unit__code", "value"):
        values[measure][m][unit] = value
    subtrees, everyone = _subtrees()
    out: dict[int, Decimal | None] = {}
    for goal in goals:
        source = wanted.get(goal.id)
        if source is None:
            continue
        if source.key not in kinds:
            out[goal.id] = None
            continue
        inside = set(everyone if goal.unit is None else subtrees.get(goal.unit.code, []))
        monthly = {m: {u: v for u, v in by_unit.items() if u in inside}
                   for m, by_unit in values[source.key].items()}
        out[goal.id] = statistics_outcome({m: v for m, v in monthly.items() if v}, kinds[source.key], month)
    return out


def _result(goal: Goal, outcome: Decimal | None) -> GoalResult:
    return GoalResult(goal.code, goal.name, goal.indicator, goal.unit.code if goal.unit else None,
                      _plain(goal.target) or Decimal(0), Direction(goal.direction), outcome, _plain(goal.previous),
                      Source.parse(goal.source), goal.comment)


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored decimal without the column's trailing zeros (85.0000 → 85)."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def goal_results(year: int, month: int, *, kolada: KoladaLookup | None = None) -> tuple[GoalResult, ...]:
    """The year's goals with their outcomes as of month `month`, in the file's order."""
    lookup = home_value if kolada is None else kolada
    goals = list(Goal.objects.filter(year=year).select_related("unit"))
    from_statistics = _statistics(goals, year, month)
    out = []
    for goal in goals:
        source = Source.parse(goal.source)
        if source is None or goal.outcome is not None:  # an entered outcome wins over the source
            outcome = goal.outcome
        elif source.kind is SourceKind.STATISTICS:
            outcome = from_statistics.get(goal.id)
        else:
            outcome = lookup(source.key, year)
        out.append(_result(goal, _plain(outcome)))
    return tuple(out)


GOAL_FIELDS = ("malvarde", "utfall", "kommentar")


def save_goal(goal: Goal, changes: Mapping[str, Decimal | str | None], *, user: Any) -> bool:
    """Change a goal's target (`malvarde`), entered outcome (`utfall`) or comment (`kommentar`);
    audited `uppfolj.goal.saved` with the old and new values of what changed.

    Raises:
        rules.RefusedError: the user may not edit goals; nothing is saved then.
    """
    rules.require(user, rules.Act.EDIT_GOALS)
    attributes = {"malvarde": "target", "utfall": "outcome", "kommentar": "comment"}
    old: dict[str, str | None] = {}
    new: dict[str, str | None] = {}
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        for name, value in changes.items():
            attribute = attributes[name]
            before = getattr(goal, attribute)
            if name == "malvarde" and value is None:
                continue  # a goal always has a target
            if before == value:
                continue
            old[name] = None if before is None else str(_plain(before) if isinstance(before, Decimal) else before)
            new[name] = None if value is None else str(_plain(value) if isinstance(value, Decimal) else value)
            setattr(goal, attribute, value)
        if not new:
            return False
        goal.save()
        log_action("uppfolj.goal.saved", user=user, object_type="goal", object_key=f"{goal.year}/{goal.code}",
                   old=old, new=new)
    return True


def stored_text(value: Decimal | None) -> str:
    """A stored decimal as a form shows it: '75,5', '' for None."""
    plain = _plain(value)
    return "" if plain is None else str(plain).replace(".", ",")


def page_month(year: int) -> int:
    """The month a goals page measures statistics up to: the year's last month with volumes, else 12."""
    last = Volume.objects.filter(year=year).order_by("-month").values_list("month", flat=True).first()
    return last or 12


def goal_page(year: int, month: int) -> list[tuple[Goal, GoalResult]]:
    """The year's goals for the goals page: each stored goal beside its result as of `month`."""
    goals = list(Goal.objects.filter(year=year).select_related("unit"))
    results = {r.code: r for r in goal_results(year, month)}
    return [(g, results[g.code]) for g in goals]
