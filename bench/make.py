"""`make bench` (`python -m bench.make`): make the benchmark databases if they are missing, then run the
harness (bench/run.py).

- `BENCH_DATABASE_URL` given: no data step; the harness runs on that database (and compares query counts with
  `BENCH_COMPARE_DATABASE_URL` if that is given too).
- Otherwise, when `manage.py seed_scale` exists: the national dataset (`<BENCH_DB>_national`, scale 1) and a
  10× smaller one (`<BENCH_DB>_tenth`, scale 0.1) on the server of `BENCH_PG_URL`, each made once
  (migrate + seed_scale) and reused afterwards (migrated first, so new migrations and their backfills run); the report compares the query counts of the two.
- Without seed_scale: the demo data (`<BENCH_DB>_demo`, migrate + seed_demo), one size only.

BENCH_DB defaults to "bench", BENCH_PG_URL to postgres://postgres@127.0.0.1:5432. Further arguments are passed
to the harness (see `python -m bench.run --help`), e.g. `make bench BENCH_ARGS="--requests 100"`.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PREFIX = os.environ.get("BENCH_DB", "bench")


def manage(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    print(f"$ manage.py {' '.join(args)}  ({database_url.rsplit('/', 1)[-1]})", flush=True)
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def has_command(name: str) -> bool:
    return any((ROOT / app / "management" / "commands" / f"{name}.py").exists() for app in os.listdir(ROOT))


def populated(name: str) -> bool:
    """The database exists and holds suppliers (a finished seed); creates it when absent."""
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
            return False
    with psycopg.connect(f"{PG_URL}/{name}") as conn:
        exists = conn.execute("SELECT to_regclass('suppliers_supplier')").fetchone()
        if exists is None or exists[0] is None:
            return False
        row = conn.execute("SELECT count(*) FROM suppliers_supplier").fetchone()
        return bool(row and row[0])


def dataset(name: str, *seed: str) -> str:
    url = f"{PG_URL}/{name}"
    if populated(name):
        print(f"{name}: present, reused (drop it to rebuild); migrations brought up to date", flush=True)
        manage(url, "migrate", "--noinput", "-v", "0")
    else:
        manage(url, "migrate", "--noinput", "-v", "0")
        manage(url, *seed)
    return url


def main(argv: list[str]) -> int:
    harness = [PY, "-m", "bench.run", *argv]
    if os.environ.get("BENCH_DATABASE_URL"):
        harness += ["--database-url", os.environ["BENCH_DATABASE_URL"]]
    elif has_command("seed_scale"):
        national = dataset(f"{PREFIX}_national", "seed_scale", "--scale", "1")
        tenth = dataset(f"{PREFIX}_tenth", "seed_scale", "--scale", "0.1")
        harness += ["--database-url", national, "--compare-database-url", tenth, "--scale", "national"]
    else:
        demo = dataset(f"{PREFIX}_demo", "seed_demo")
        harness += [
            "--database-url",
            demo,
            "--scale",
            "demo",
            "--intro",
            "**Demo-size data** (`manage.py seed_demo`: a handful of cases), not the national dataset: the timings "
            "show the floor of each page's cost, not its cost at national scale.",
        ]
    return subprocess.run(harness, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
