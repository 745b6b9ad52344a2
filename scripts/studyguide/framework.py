"""The framework data file (docs/data/framework.yaml) and pacing arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .errors import Issue, UserError
from .load import load_file


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(description="Anchor of the section on every problem page.")
    title: str = Field(description="Heading of the section.")
    weight: float = Field(gt=0, description="Relative share of interview time.")


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sections: list[Section] = Field(min_length=7, max_length=7)


@dataclass(frozen=True)
class Slot:
    section: Section
    minutes: int
    ends_at: int


@lru_cache(maxsize=4)
def load_framework(path: Path) -> Framework:
    loaded, issues = load_file(path, str(path))
    if loaded is None or issues:
        raise UserError(issues)
    try:
        return Framework.model_validate(loaded.data)
    except ValueError as exc:
        raise UserError([Issue(str(path), 1, 1, "", str(exc), "SDG001")]) from None


def pacing(framework: Framework, minutes: int) -> list[Slot]:
    """Split `minutes` by weight into whole minutes (largest remainder), summing exactly."""
    total = sum(s.weight for s in framework.sections)
    shares = [minutes * s.weight / total for s in framework.sections]
    whole = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - whole[i]), i))
    for i in by_remainder[: minutes - sum(whole)]:
        whole[i] += 1
    slots, clock = [], 0
    for section, share in zip(framework.sections, whole):
        clock += share
        slots.append(Slot(section, share, clock))
    return slots
