"""Run every bench_*.py module and print each figure next to its floor."""

import importlib
import pkgutil
import sys
from pathlib import Path

from bench.common import setup_django


def main() -> int:
    setup_django()
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    only = set(sys.argv[1:])
    print(f"{'benchmark':<34} {'size':<8} {'figure':>12}   {'floor':>14}")
    for name in names:
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{name}")
        for result in module.run():
            print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
