"""Make sure PostgreSQL and Redis answer at the configured URLs, start them where we can, explain where not.

Reads DATABASE_URL and REDIS_URL (defaults: 127.0.0.1:5432 and 127.0.0.1:6379). Creates the
application database when the server answers but the database is missing.
"""

import glob
import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlparse

import psycopg
import redis
from psycopg import sql

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/specialisering")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
LOCAL = {"127.0.0.1", "localhost", "::1", None, ""}


def _pg_ok(dbname: str) -> bool:
    url = urlparse(DATABASE_URL)
    try:
        with psycopg.connect(
            host=url.hostname,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname=dbname,
            connect_timeout=3,
        ):
            return True
    except psycopg.OperationalError:
        return False


def _redis_ok() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.exceptions.ConnectionError:
        return False


def _wait(check, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def ensure_postgres() -> None:
    url = urlparse(DATABASE_URL)
    if not _pg_ok("postgres"):
        clusters = glob.glob("/etc/postgresql/*")
        if url.hostname in LOCAL and clusters and shutil.which("pg_ctlcluster"):
            version = os.path.basename(sorted(clusters)[-1])
            print(f"PostgreSQL svarer ikke; starter klyngen {version}/main ...")
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False)
        if not _wait(lambda: _pg_ok("postgres")):
            sys.exit(
                f"PostgreSQL svarer ikke på {url.hostname}:{url.port or 5432}.\n"
                "  Start den lokale server, eller kør databasen i Docker: docker compose up -d db\n"
                "  og sæt DATABASE_URL, fx postgres://postgres:postgres@127.0.0.1:5432/specialisering"
            )
    dbname = url.path.lstrip("/")
    if not _pg_ok(dbname):
        with psycopg.connect(
            host=url.hostname,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        print(f"Oprettede databasen {dbname}.")
    print(f"PostgreSQL: ok ({url.hostname}:{url.port or 5432}/{dbname})")


def ensure_redis() -> None:
    url = urlparse(REDIS_URL)
    if not _redis_ok():
        if url.hostname in LOCAL and shutil.which("redis-server"):
            print("Redis svarer ikke; starter redis-server ...")
            subprocess.run(
                [
                    "redis-server",
                    "--daemonize",
                    "yes",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(url.port or 6379),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                check=False,
            )
        if not _wait(_redis_ok):
            sys.exit(
                f"Redis svarer ikke på {url.hostname}:{url.port or 6379}.\n"
                "  Installer og start redis-server, eller kør den i Docker: docker compose up -d redis"
            )
    print(f"Redis: ok ({url.hostname}:{url.port or 6379})")


if __name__ == "__main__":
    ensure_postgres()
    ensure_redis()
