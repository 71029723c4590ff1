"""Write the synthetic demo candidate pool to data/candidates/kandidaten.csv.

Run from the repository root in the project's environment:

    python scripts/generate_demo_candidates.py [--n 600] [--seed 20261122]

The pool is anonymous and synthetic (see matcher.demo.generate_candidates); the same
n and seed always give the same file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher.demo import generate_candidates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--out", type=Path, default=Path("data/candidates/kandidaten.csv"))
    args = parser.parse_args()
    frame = generate_candidates(args.n, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out, index=False, encoding="utf-8")
    print(f"wrote {len(frame)} profiles to {args.out}")


if __name__ == "__main__":
    main()
