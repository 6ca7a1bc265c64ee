"""Shared fixtures: people in every role, published model content, a real Celery worker and a real browser.

Everything runs against the real PostgreSQL and Redis of the test profile (config.settings.test).
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.models import Role
from targetgroups.services import version_publish

from . import factories

BASE_DIR = Path(settings.BASE_DIR)

# Timing is for `make bench`, never for a test: no per-example deadline and no "generation is slow" check,
# which would fail on a busy CI machine for reasons that have nothing to do with the code.
hypothesis_settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("project")


# --- people -------------------------------------------------------------------------------------------------


@pytest.fixture
def tilsyn(db):
    """The socialtilsyn the 'own' consultant and leader work for and supplier A belongs to."""
    return factories.SocialtilsynFactory(code="nord", name="Socialtilsyn Nord", host_municipality="Hjørring")


@pytest.fixture
def other_tilsyn(db):
    return factories.SocialtilsynFactory(code="syd", name="Socialtilsyn Syd", host_municipality="Faaborg-Midtfyn")


@pytest.fixture
def supplier(tilsyn):
    """Supplier A, supervised by `tilsyn`."""
    supplier = factories.SupplierFactory(name="Bostedet Aaen", socialtilsyn=tilsyn)
    factories.DepartmentFactory(supplier=supplier, name="Hovedhuset")
    return supplier


@pytest.fixture
def other_supplier(other_tilsyn):
    """Supplier B, supervised by `other_tilsyn`."""
    return factories.SupplierFactory(name="Botilbuddet Bakken", socialtilsyn=other_tilsyn)


@pytest.fixture
def supplier_user(supplier):
    return factories.SupplierUserFactory(username="leverandoer", suppliers=[supplier])


@pytest.fixture
def other_supplier_user(other_supplier):
    return factories.SupplierUserFactory(username="leverandoer-b", suppliers=[other_supplier])


@pytest.fixture
def consultant(tilsyn):
    return factories.ConsultantFactory(username="konsulent", socialtilsyn=tilsyn)


@pytest.fixture
def other_consultant(other_tilsyn):
    return factories.ConsultantFactory(username="konsulent-syd", socialtilsyn=other_tilsyn)


@pytest.fixture
def leader(tilsyn):
    return factories.LeaderFactory(username="leder", socialtilsyn=tilsyn)


@pytest.fixture
def other_leader(other_tilsyn):
    return factories.LeaderFactory(username="leder-syd", socialtilsyn=other_tilsyn)


@pytest.fixture
def fagadmin(db):
    return factories.FagadminFactory(username="fagadmin")


@pytest.fixture
def myndighed(db):
    return factories.MyndighedFactory(username="myndighed")


ROLE_FIXTURES: dict[str, str] = {
    Role.SUPPLIER: "supplier_user",
    Role.CONSULTANT: "consultant",
    Role.LEADER: "leader",
    Role.FAGADMIN: "fagadmin",
    Role.MYNDIGHED: "myndighed",
}


@pytest.fixture
def user_for(request):
    """`user_for("consultant")` → the user of that fixture (a role or a fixture name such as 'other_leader')."""

    def get(name: str):
        return request.getfixturevalue(ROLE_FIXTURES.get(name, name))

    return get


@pytest.fixture
def client_for(user_for, client):
    """`client_for("leader")` → the test client logged in as that user (`None` or 'anonymous' → logged out)."""

    def get(name: str | None):
        if name in (None, "anonymous"):
            return client
        client.force_login(user_for(name))
        return client

    return get


@pytest.fixture
def supplier_client(client, supplier_user):
    client.force_login(supplier_user)
    return client


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def fagadmin_client(client, fagadmin):
    client.force_login(fagadmin)
    return client


@pytest.fixture
def myndighed_client(client, myndighed):
    client.force_login(myndighed)
    return client


# --- model content ------------------------------------------------------------------------------------------


@pytest.fixture
def target_group(db):
    return factories.TargetGroupFactory(name="Autisme", age_band="voksne", slug="autisme-voksne")


@pytest.fixture
def published_description(target_group, fagadmin):
    """Version 1 of the target group's description, complete (12 cells) and published by the fagadmin."""
    draft = factories.description_draft(target_group=target_group)
    return version_publish(version=draft, user=fagadmin)


@pytest.fixture
def published_guide(published_description, fagadmin):
    """Version 1 of the guide (8 parameters × 3 criteria) on the published description."""
    draft = factories.guide_draft(description=published_description)
    return version_publish(version=draft, user=fagadmin)


@pytest.fixture
def national_rule(fagadmin):
    """The published national 2021 placement rule."""
    return version_publish(version=factories.PlacementRuleFactory(), user=fagadmin)


# --- Celery: a real worker on the test Redis database -------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `celery -A config worker` subprocess on the test database and Redis DB 15, on a queue of its own,
    started once per test session. Yields (node name, queue). Tests ask for `celery_worker` instead."""
    from django.db import connection

    from config.celery import app

    db = connection.settings_dict
    database_url = "postgres://{user}@{host}:{port}/{name}".format(
        user=db["USER"] or "postgres", host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, name=db["NAME"]
    )
    if db["PASSWORD"]:
        database_url = database_url.replace("@", f":{db['PASSWORD']}@", 1)
    suffix = uuid.uuid4().hex[:10]
    queue = f"pytest-{suffix}"
    nodename = f"pytest-{suffix}@localhost"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",  # no idle connection may keep the test database from being dropped
        "TEST_REDIS_URL": settings.REDIS_URL,
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # files the tests store are where the worker looks
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        "-Q",
        queue,
        "-n",
        nodename,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(destination=[nodename], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start; log follows:\n{log_path.read_text()}")
        yield nodename, queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def celery_worker(celery_worker_process):
    """The session's real worker, for this test only: while the test runs, the test process's Celery app sends
    to the worker's queue by default, so `task.delay()` reaches it. Yields the worker's node name.

    Other tests send to a queue nobody consumes, so a task they queue never runs behind their back. When the test
    ends, a sentinel task queued last is waited for (one solo worker, one FIFO queue): nothing the test queued is
    still running when the database is flushed, which would otherwise deadlock with the flush's TRUNCATE.
    """
    from config.celery import app
    from core.tasks import record_heartbeat

    nodename, queue = celery_worker_process
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield nodename
        try:
            record_heartbeat.delay(f"drain-{uuid.uuid4().hex}").get(timeout=60)
        except Exception as exc:  # a test that left the broker unreachable fails on its own; say why here
            pytest.fail(f"the Celery worker could not be drained after the test: {exc!r}")
    finally:
        app.conf.task_default_queue = previous_queue


# --- Browser: Debian's Chromium through Playwright ----------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (Path(executable).exists() or shutil.which(executable)):
        pytest.fail(f"Chromium not found at {executable}: run `make browser` or set CHROMIUM_PATH")
    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls made by
    # the test itself (SynchronousOnlyOperation) although they are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser context on the live server, wrapped so every page it visits is checked with axe-core."""
    from .browser import CheckedPage

    context = chromium.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = CheckedPage(context.new_page())
    yield page
    try:
        page.assert_every_page_checked()
    finally:
        context.close()


def _flush_may_truncate_the_audit_trail() -> None:
    """Let `flush` (which ends every transactional test) empty the append-only audit table.

    audit/migrations/0003 refuses TRUNCATE unless the table's owner sets `audit.allow_truncate` in the
    transaction; only the test suite's flush does that.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET LOCAL audit.allow_truncate = 'on'", *statements] if statements else statements

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


def pytest_configure(config):
    _flush_may_truncate_the_audit_trail()
    # WhiteNoise warns that STATIC_ROOT does not exist; tests never run collectstatic (the live server
    # serves static files through the staticfiles finders instead).
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_unconfigure(config):
    """Remove this process's MEDIA_ROOT unless it was given (TEST_MEDIA_ROOT): config/settings/test.py made it."""
    if not os.environ.get("TEST_MEDIA_ROOT"):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Each test starts in Danish: a request in English must not leak its language into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- OpenID Connect -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def oidc_provider_processes(live_server):
    """Two real OpenID Connect providers on loopback ports: the MitID Erhverv broker ('supplier') and the
    authority's identity provider ('staff'), each with our client registered for the live server."""
    from .oidc_provider import start_provider, stop_provider

    started: dict[str, dict] = {}
    processes = []
    try:
        for key in ("supplier", "staff"):
            client = {
                "client_id": f"specialisering-{key}",
                "client_secret": uuid.uuid4().hex,
                "redirect_uris": [f"{live_server.url}/konto/oidc/{key}/callback/"],
                "post_logout_redirect_uris": [f"{live_server.url}/konto/log-ind/"],
            }
            process, issuer = start_provider(client=client)
            processes.append(process)
            started[key] = {
                "issuer": issuer,
                "client_id": client["client_id"],
                "client_secret": client["client_secret"],
                "scopes": settings.OIDC_PROVIDERS[key]["scopes"],
                "sign_algo": "RS256",
            }
        yield started
    finally:
        for process in processes:
            stop_provider(process)


@pytest.fixture
def oidc_providers(settings, oidc_provider_processes):
    """Settings pointing at the test providers (the live server runs in this process, so it sees them)."""
    settings.OIDC_PROVIDERS = oidc_provider_processes
    policy = settings.CONTENT_SECURITY_POLICY
    directives = dict(policy["DIRECTIVES"])
    directives["form-action"] = [*directives["form-action"], *(p["issuer"] for p in oidc_provider_processes.values())]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    return oidc_provider_processes
