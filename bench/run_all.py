"""Every benchmark in turn: ``make bench`` (or ``python -m bench.run_all [name ...]``).

Builds the province database on first use (about a minute); the national one is used when
present (``liaison seed-synthetic --preset national --database liaison_bench_national``,
about 15 minutes and 16 GB). Results and the machine are recorded in docs/benchmarks.md.
"""

import importlib
import os
import platform
import sys
import time

BENCHES = ["read", "write", "rollup", "import", "authz", "opinions"]


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def main(names: list[str]) -> int:
    print(f"machine: {machine()}")
    for name in names or BENCHES:
        started = time.perf_counter()
        print(f"\n== {name}")
        importlib.import_module(f"bench.bench_{name}").main()
        print(f"   ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
