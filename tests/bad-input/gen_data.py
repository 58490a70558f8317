#!/usr/bin/env python3
"""gen_data.py: writes the data files of the bad-input suite that are too big
or too binary to check in, the same bytes on every run.

usage: gen_data.py OUT_DIR

  huge-field.csv         a 10 MB unquoted field
  huge-quoted-field.csv  a 10 MB quoted field (its closing quote is there)
  binary-garbage.csv     64 KiB of pseudo-random bytes, no header
  binary-after-header.csv  a good header and row, then 4 KiB of random bytes
  nul-late.csv           good rows past the first 64 KiB read, then a NUL
                         byte inside a number
"""
import os
import random
import sys

HEADER = b'day,revenue,orders,customer\n'
GOOD = b'2026-01-05,120.50,3,alice\n'
TEN_MB = 10 * 1000 * 1000


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261127)   # fixed: the expected messages depend on these bytes

    def write(name, data):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)

    write('huge-field.csv', HEADER + GOOD + b'2026-01-06,80.00,2,' + b'x' * TEN_MB + b'\n')
    write('huge-quoted-field.csv', HEADER + GOOD + b'2026-01-06,80.00,2,"' + b'y' * TEN_MB + b'"\n')
    write('binary-garbage.csv', bytes(rng.getrandbits(8) for _ in range(65536)))
    write('binary-after-header.csv', HEADER + GOOD + bytes(rng.getrandbits(8) for _ in range(4096)))
    write('nul-late.csv', HEADER + GOOD * 3000 + b'2026-01-06,12\x000.50,2,bob\n')


if __name__ == '__main__':
    main()
