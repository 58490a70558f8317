"""datagen.py: what the examples' data/generate.py scripts share.

Each example's sample data is made by its own generate.py, deterministically:
the same pseudo-random numbers (a fixed linear congruential generator, no
clock, no random module), the same ramp from "before the plan" to "plan
fully in effect", and the same way of writing a CSV file (LF line ends, a
final newline), so every file is byte-identical on every machine. Each
script imports this module through a sys.path entry relative to itself.

Python 3 standard library only.
"""


class Lcg:
    """Numerical Recipes' 32-bit LCG: enough noise, fully reproducible."""

    def __init__(self, seed):
        self.state = seed

    def unit(self):
        """The next number in [0, 1)."""
        self.state = (1664525 * self.state + 1013904223) % 2**32
        return self.state / 2**32

    def noise(self, spread):
        """A factor in [1 - spread, 1 + spread]."""
        return 1.0 + spread * (2.0 * self.unit() - 1.0)

    def poisson_like(self, mean):
        """A small count around mean: the sum of 4*mean coin flips of p = 1/4."""
        return sum(1 for _ in range(int(round(4 * mean))) if self.unit() < 0.25)


def ramp(day, start, span_days):
    """0.0 before start, rising linearly to 1.0 span_days days after it."""
    if day < start:
        return 0.0
    return min(1.0, (day - start).days / span_days)


def write_csv(path, lines):
    """Writes the lines (header first) with LF line ends and a final newline."""
    with open(path, "w", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
