"""Pacing arithmetic over the framework data file (docs/data/framework.yaml)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .reference import Framework


@dataclass(frozen=True)
class Slot:
    section: Any
    minutes: int
    ends_at: int


def split(weights: Sequence[float], minutes: int) -> list[int]:
    """Whole minutes proportional to `weights`, summing exactly to `minutes` (largest remainder)."""
    total = sum(weights)
    shares = [minutes * w / total for w in weights]
    whole = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - whole[i]), i))
    for i in by_remainder[: minutes - sum(whole)]:
        whole[i] += 1
    return whole


def slots(items: Sequence[Any], weights: Sequence[float], minutes: int) -> list[Slot]:
    out, clock = [], 0
    for item, share in zip(items, split(weights, minutes), strict=True):
        clock += share
        out.append(Slot(item, share, clock))
    return out


def pacing(framework: Framework, minutes: int) -> list[Slot]:
    """This guide's seven sections paced for an interview of `minutes`."""
    return slots(framework.sections, [s.weight for s in framework.sections], minutes)
