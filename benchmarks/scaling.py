"""Does geoparsing time grow linearly with the input? Doubles each input and prints the times.

Usage (from the repository root)::

    python -m benchmarks.scaling [--start-kb 25] [--steps 4]

Three made-up texts, each doubled `--steps` times from `--start-kb` kilobytes:

* ``repeated``: one place over and over ("New York, New York, ..."), the worst case for links between
  neighbouring mentions;
* ``sentences``: short sentences naming many different places, as a long article does;
* ``streets``: streets and "X district, Y" phrases, which take the facility and district paths;
* ``prose``: a paragraph with few places repeated, as ordinary text is.

For each size the script prints seconds, mentions found and the ratio to the previous size's time; a
linear parser keeps that ratio near 2 (a quadratic one near 4). A figure to read, not a timed test.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

_PLACES = ("Kyiv", "Kharkiv", "Odesa", "Lviv", "Paris", "Lyon", "Berlin", "Hamburg", "Nairobi", "Mombasa",
           "Kabul", "Jalalabad", "Mogadishu", "Baidoa", "Tokyo", "Osaka", "Lagos", "Kano", "Lima", "Cusco")
_PROSE = ("The committee met again on Tuesday to discuss the budget, and members said the talks in Geneva "
          "had been long but useful. Nobody expected a decision before the summer recess. ")


def repeated(size: int) -> str:
    return ("New York, " * (size // 10 + 1))[:size]


def sentences(size: int) -> str:
    parts: list[str] = []
    total = k = 0
    while total < size:
        a, b = _PLACES[k % len(_PLACES)], _PLACES[(k * 7 + 3) % len(_PLACES)]
        part = f"Officials travelled from {a} to {b} on day {k}. "
        parts.append(part)
        total += len(part)
        k += 1
    return "".join(parts)[:size]


def streets(size: int) -> str:
    """Streets and districts, which the parser places in the article's town or province."""
    unit = "Shops on Kabul Street in Leeds closed. Guards fell in Shinwar district, Nangarhar. "
    return (unit * (size // len(unit) + 1))[:size]


def prose(size: int) -> str:
    return (_PROSE * (size // len(_PROSE) + 1))[:size]


INPUTS: dict[str, Callable[[int], str]] = {"repeated": repeated, "sentences": sentences, "streets": streets,
                                           "prose": prose}


def timings(parse: Callable[[str], Sequence[object]], make: Callable[[int], str], start: int,
            steps: int) -> list[tuple[int, float, int]]:
    """(characters, seconds, mentions) for inputs of start, 2*start, 4*start, ... characters."""
    out = []
    for step in range(steps):
        text = make(start * 2 ** step)
        began = time.perf_counter()
        found = parse(text)
        out.append((len(text), time.perf_counter() - began, len(found)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__.splitlines()[0])
    ap.add_argument("--start-kb", type=int, default=25, help="size of the first input in kilobytes")
    ap.add_argument("--steps", type=int, default=4, help="how many doublings")
    args = ap.parse_args(argv)
    from geodata.places.geoparser import load_default

    parser = load_default()
    parser.parse("Warm-up in Paris.")
    for name, make in INPUTS.items():
        print(f"== {name} ==")
        previous = None
        for chars, seconds, mentions in timings(parser.parse, make, args.start_kb * 1000, args.steps):
            ratio = f"x{seconds / previous:.2f}" if previous else ""
            print(f"  {chars / 1000:8.0f} KB  {seconds:7.3f} s  {mentions:7d} mentions  {ratio}")
            previous = seconds
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
