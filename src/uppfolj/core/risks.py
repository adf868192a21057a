"""The risk register: a risk's score and the order reports list risks in. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from uppfolj.core.money import Ore

LOW, HIGH = 1, 4  # sannolikhet and konsekvens are graded 1-4


@dataclass(frozen=True, slots=True)
class RiskRecord:
    """One row of a risks file (CONTRACT *risks*)."""

    year: int
    month: int  # manad: when the risk was raised
    unit: str  # enhet
    risk: str
    probability: int  # sannolikhet 1-4
    consequence: int  # konsekvens 1-4
    amount: Ore | None  # belopp: the possible effect, öre
    owner: str  # ansvarig
    action: str  # atgard
    line: int = 0


@dataclass(frozen=True, slots=True)
class RiskItem:
    """A risk as a report and the register show it."""

    unit: str
    unit_name: str
    risk: str
    probability: int
    consequence: int
    amount: Ore | None
    owner: str
    action: str
    month: int = 0  # raised in

    @property
    def score(self) -> int:
        return score(self.probability, self.consequence)


def score(probability: int, consequence: int) -> int:
    """Riskvärde: probability × consequence (1-16)."""
    return probability * consequence


def ordered(risks: Iterable[RiskItem]) -> list[RiskItem]:
    """Largest score first, then largest amount (no amount last), then by unit and risk text."""
    return sorted(risks, key=lambda r: (-r.score, r.amount is None, -(r.amount or 0), r.unit, r.risk))
