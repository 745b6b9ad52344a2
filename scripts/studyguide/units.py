"""Units and interview-style number formatting.

One pint registry for the whole pipeline. Authors write units the way
interviewers do (`KB`, `/day`, `B/s`); `parse_unit` maps that onto pint. The
formatter turns a quantity into the figure you would say aloud: decimal SI
prefixes, three significant figures for the value, fewer for the spoken
"interview figure".
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint
import platformdirs

SUFFIXES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_NUMBER = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)([KMBT]?)$")
_KILO_BYTES = re.compile(r"(?<![A-Za-z])K(?=(B|bit|byte)\b)")
# The units an estimate can use: bytes and bits with decimal (KB) or binary (KiB) prefixes, and time. Anything else
# pint knows (metres, 'dau' = deca-astronomical units, ...) is a typo for an id, not a unit.
UNIT_NAMES = frozenset(
    [f"{prefix}{base}" for prefix in ("", "K", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi") for base in ("B", "bit")]
    + ["byte", "bytes", "bits", "s", "ms", "us", "µs", "ns", "sec", "second", "seconds", "min", "minute", "minutes",
       "h", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"]
)

# Display units: what may stand on each side of the slash.
NUMERATORS = {"": "dimensionless", "B": "byte", "bit": "bit", "s": "second"}
DENOMINATORS = {"": "", "s": "second", "min": "minute", "minute": "minute", "hour": "hour",
                "h": "hour", "day": "day", "month": "month", "year": "year"}
COUNT_PREFIXES = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
SI_PREFIXES = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")]
TIME_PREFIXES = [(1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n")]


MAX_NUMBER = 1e18  # a billion billion: larger numbers in a problem file are mistakes


class UnitError(ValueError):
    """A unit or number an author wrote that we cannot read."""

    code = "SDG301"


class NumberRangeError(UnitError):
    """A number that reads fine but is not finite or is beyond MAX_NUMBER."""

    code = "SDG309"


def in_range(number: float, shown: object) -> float:
    """`number` if it is finite and no larger than MAX_NUMBER, else NumberRangeError."""
    if math.isfinite(number) and abs(number) <= MAX_NUMBER:
        return number
    text = str(shown)
    text = text if len(text) <= 24 else f"{text[:12]}…({len(text)} characters)"
    raise NumberRangeError(f"number out of range: '{text}'; numbers must be finite and at most 1e18 in size")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """pint's default units, except that bits get a dimension of their own.

    Stock pint makes `bit` dimensionless, so bytes/day would silently add to
    messages/day; giving information a dimension turns that into an error.
    Parsing the definitions takes about 0.2 s, so the parsed form is kept in pint's
    disk cache under the user's cache folder; a cache that cannot be used (not
    writable, or torn by a build running at the same time) only costs that time.
    """
    folder = Path(pint.__path__[0])
    constants = (folder / "constants_en.txt").read_text(encoding="utf-8")
    text = (folder / "default_en.txt").read_text(encoding="utf-8")
    text = text.replace("@import constants_en.txt", constants).replace("bit = []", "bit = [information]", 1)
    try:
        return _cached_registry(text, platformdirs.user_cache_path("studyguide") / "pint")
    except Exception:
        ureg: pint.UnitRegistry = pint.UnitRegistry(None)
        ureg.load_definitions(text.splitlines())
        return ureg


def _cached_registry(text: str, cache: Path) -> pint.UnitRegistry:
    """A registry from `text` through pint's cache in `cache` (keyed by the definitions' content)."""
    definitions = cache / f"units-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.txt"
    if not definitions.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = definitions.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(definitions)
    return pint.UnitRegistry(str(definitions), cache_folder=cache)


def parse_number(value: Any) -> float:
    """50M -> 5e7; 0.9 -> 0.9; '1.5K' -> 1500. Suffixes are glued to the digits."""
    if isinstance(value, bool):
        raise UnitError(f"expected a number, got {str(value).lower()}")
    if isinstance(value, (int, float)):
        return in_range(float(value) if abs(value) < 1e300 else math.inf, value)
    text = str(value).strip()
    match = _NUMBER.match(text) if len(text) <= 400 else None
    if not match:
        shown = text if len(text) <= 24 else text[:20] + "..."
        raise UnitError(f"malformed number '{shown}'; write digits with an optional K, M, B or T suffix, e.g. 50M or 0.9")
    return in_range(float(match.group(1)) * SUFFIXES.get(match.group(2), 1.0), text)


@lru_cache(maxsize=512)
def parse_unit(text: str) -> pint.Unit:
    """'' -> dimensionless, '/day' -> 1/day, 'KB' -> kilobyte."""
    text = text.strip()
    if not text:
        return registry().dimensionless
    if not re.fullmatch(r"[A-Za-z0-9_ /*^.µ()]+", text) or len(text) > 40:
        raise UnitError(f"unknown unit '{text[:40]}'")
    unknown = [name for name in re.findall(r"[A-Za-zµ_]+", text) if name not in UNIT_NAMES]
    if unknown:
        raise UnitError(f"unknown unit '{unknown[0]}'")
    if text.startswith("/"):
        text = "1" + text
    text = _KILO_BYTES.sub("k", text)
    try:
        parsed = registry().parse_units(text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError, AttributeError, TypeError) as exc:
        raise UnitError(f"unknown unit '{text}'") from exc
    return parsed


@dataclass(frozen=True)
class Display:
    """A display unit like 'B/day': the prefix is chosen per value."""

    numerator: str
    denominator: str

    @property
    def unit(self) -> pint.Unit:
        num = NUMERATORS[self.numerator]
        den = DENOMINATORS[self.denominator]
        return registry().parse_units(f"{num} / {den}" if den else num)

    def text(self, prefix: str) -> str:
        head = f" {prefix}{self.numerator}" if self.numerator else prefix
        return head + (f"/{self.denominator}" if self.denominator else "")


def parse_display(text: str) -> Display:
    numerator, _, denominator = text.strip().partition("/")
    numerator, denominator = numerator.strip(), denominator.strip()
    if numerator not in NUMERATORS or denominator not in DENOMINATORS or (text.count("/") and not denominator):
        raise UnitError(
            f"unsupported display unit '{text}'; expected a count or B, bit or s, optionally "
            f"per s, min, hour, day, month or year (e.g. '/s', 'B/day', 'B')"
        )
    return Display(numerator, denominator)


def _round_sig(x: float, sig: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - math.floor(math.log10(abs(x))))


SETTLE_DIGITS = 12


def settle(x: float) -> float:
    """`x` rounded to 12 significant figures, so float noise in the 16th digit never decides a
    rounding (2349.9999999999995 shows as 2.4K, like 2350), a ceiling or the side of a threshold.
    The browser's port (docs/js/estimates.js) settles the same way, so both print the same figure."""
    return _round_sig(x, SETTLE_DIGITS)


def _digits(x: float, sig: int) -> str:
    """A number already scaled into [1, 1000): at most `sig` significant figures, no trailing zeros."""
    x = _round_sig(x, sig)
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(x)))) if x else 0
    text = f"{x:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _prefixes(display: Display) -> list[tuple[float, str]]:
    if display.numerator == "":
        return COUNT_PREFIXES
    if display.numerator == "s":
        return TIME_PREFIXES
    return SI_PREFIXES


def format_magnitude(value: float, display: Display, sig: int) -> str:
    """Scale by the largest prefix that keeps the number >= 1, then round."""
    value = settle(value)
    if display.numerator == "s" and not display.denominator and abs(value) >= 60:
        return ("-" if value < 0 else "") + format_duration(abs(value), sig)
    if value == 0:
        return "0" + display.text("")
    sign = "-" if value < 0 else ""
    rounded = _round_sig(abs(value), sig)
    scale, prefix = 1.0, ""
    for factor, name in _prefixes(display):
        if rounded >= factor * (1 - 1e-12):
            scale, prefix = factor, name
            break
    else:
        if display.numerator == "s" and rounded < 1e-9:
            scale, prefix = 1e-9, "n"
    return sign + _digits(rounded / scale, sig) + display.text(prefix)


def interview_sig(value: float) -> int:
    """Two significant figures, three when the leading digit is 1 (17.4K, not 17K)."""
    scaled = abs(_round_sig(value, 3))
    if scaled == 0:
        return 2
    leading = int(f"{scaled:e}"[0])
    return 3 if leading == 1 else 2


def format_value(value: float, display: Display) -> str:
    return format_magnitude(value, display, 3)


def format_interview(value: float, display: Display) -> str:
    value = settle(value)
    return "~" + format_magnitude(value, display, interview_sig(value))


DURATIONS = [(365 * 86400.0, "years"), (86400.0, "days"), (3600.0, "h"), (60.0, "min"), (1.0, "s"),
             (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]


def format_duration(seconds: float, sig: int = 3) -> str:
    """A span of time in the largest unit that keeps it >= 1: '8.76 h', '52.6 min', '3.65 days'."""
    for factor, name in DURATIONS:
        scaled = _round_sig(seconds / factor, sig)
        if scaled >= 1:
            return f"{_digits(scaled, sig)} {name}"
    return f"{_digits(seconds / 1e-9, sig)} ns"
