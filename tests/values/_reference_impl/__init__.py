"""A FROZEN COPY of the value parser as it was before the speed-up, for tests and benchmarks only.

`tests/values/test_values_differential.py` checks that the optimised `kzfacts.values` returns
exactly what this copy returns (`find_values`, `parse_value`) on generated text and on every
sentence of the seed documents; `bench/bench_values.py` times the two in one run. It is not
part of the package and nothing in src/ may import it.

Copied verbatim from src/kzfacts/values/ (numbers, vague, dates, quantities, statuses, parse)
at commit 33f18bd, with only the imports made relative; `Value`, `ValueType` and
`ValueParseError` come from `kzfacts.values.model` so that results compare with `==`. Do not
optimise or fix it: if the parser's behaviour is changed on purpose, change this copy the same
way (or drop the differential test) in the same commit.
"""

from .parse import find_values, parse_value

__all__ = ["find_values", "parse_value"]
