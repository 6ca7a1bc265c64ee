# ruff: noqa: S311 - random picks which page a virtual user visits; nothing here is a secret
"""Load test: suppliers autosaving answers and consultants browsing, against a running server (README: `make loadtest`).

Two kinds of virtual user, as many as LOADTEST_SUPPLIERS_N and LOADTEST_CONSULTANTS_N say (300 and 40):

- a supplier logs in, finds an information form it may fill (a /sager/<pk>/skema/ link on its dashboard), opens
  a section and picks one of its text questions; every 15 s it saves a new answer through the autosave endpoint
  exactly as static/js/autosave.js does (form-encoded field + `revision`, `X-CSRFToken` from the page's
  data-csrf, `Accept: application/json`), and now and then reloads the section page;
- a consultant logs in and browses: the dashboard, the case list, a case, its history and its pages, the
  register, with a few seconds' thought in between.

Users come from the data. LOADTEST_SUPPLIER_USERS and LOADTEST_CONSULTANT_USERS are comma-separated usernames;
an item `template:first-last` stands for a numbered series, e.g. `skala.leverandoer{:05d}:1-6000` (the users of
`manage.py seed_scale`). The defaults are the demo users of `manage.py seed_demo`. Every user has the demo
password (LOADTEST_PASSWORD). Virtual users take the usernames in turn; a supplier user without a form to fill
is skipped for the next one; once the list is used up, virtual users share the accounts that work (then two of
them may save the same answer: the server's 409 conflict is the right answer, and it is counted as such).

Responses are checked: a page must be 200 HTML of the application, a save 200 JSON (409 conflict under its own
name). Anything else is a failure and shows in the error count.

The ramp and the steady state are reported apart. Every virtual user logs in once with the password form while
users are spawned, and a login is a deliberately slow password hash; the statistics are reset once every
virtual user has logged in, so the figures locust prints at the end cover the steady state only (the workload
above). Before the reset, the ramp's own figures (logins included) are printed and written to var/loadtest/,
and a failure during the ramp still makes the run exit non-zero.
"""

import os
import random
import re
import time
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

from locust import HttpUser, between, constant_pacing, events, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "Demo-tilsyn-2026")
SHARE_WAIT_SECONDS = 300
TEXT_KINDS = ("long_text", "short_text")
DEMO_SUPPLIERS = "leverandoer,leverandoer2,leverandoer3,leverandoer4,leverandoer5,leverandoer6"
DEMO_CONSULTANTS = ",".join(
    f"{who}.{code}"
    for code in ("hovedstaden", "oest", "syd", "midt", "nord")
    for who in ("konsulent1", "konsulent2", "leder")
)

QUESTION = re.compile(r"<div[^>]*\bdata-question=\"(\d+)\"[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


RAMP: dict = {"failures": 0, "started": 0, "reset_at": None}


@events.init.add_listener
def _keep_environment(environment, **_kwargs) -> None:
    RAMP["environment"] = environment


def user_ready() -> None:
    """Called by each virtual user when its on_start is over (logged in, form found, or given up). When the
    last one is ready, the ramp's figures are printed and kept, and the statistics are reset: what locust
    prints at the end is the steady state, every user logged in."""
    RAMP["started"] += 1
    if RAMP["started"] != SupplierUser.fixed_count + ConsultantUser.fixed_count:
        return
    environment = RAMP["environment"]
    stats = environment.stats
    total = stats.total
    RAMP["failures"] = total.num_failures
    lines = [
        f"Ramp ({RAMP['started']} virtual users, every one logged in): {total.num_requests} requests, "
        f"{total.num_failures} failures, p50 {total.get_response_time_percentile(0.5):.0f} ms, "
        f"p95 {total.get_response_time_percentile(0.95):.0f} ms",
        f"{'request':58} {'n':>6} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}",
    ]
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        lines.append(
            f"{entry.method + ' ' + entry.name:58.58} {entry.num_requests:6d} {entry.num_failures:5d} "
            f"{entry.get_response_time_percentile(0.5):7.0f} {entry.get_response_time_percentile(0.95):7.0f} "
            f"{entry.get_response_time_percentile(0.99):7.0f}"
        )
    text = "\n".join(lines)
    print(text + "\nStatistics reset: the figures at the end are the steady state.\n", flush=True)
    folder = Path("var/loadtest")
    if folder.is_dir():
        (folder / f"ramp-{datetime.now(tz=UTC):%Y%m%d-%H%M%S}.txt").write_text(text + "\n", encoding="utf-8")
    stats.reset_all()
    RAMP["reset_at"] = time.monotonic()


@events.quitting.add_listener
def _steady_window(environment, **_kwargs) -> None:
    if RAMP["reset_at"] is None:
        print("The ramp never ended (not every virtual user got ready): the figures include the logins.")
        environment.process_exit_code = 1
        return
    print(f"Steady state measured for {time.monotonic() - RAMP['reset_at']:.0f} s.", flush=True)
    if RAMP["failures"]:
        environment.process_exit_code = 1


def usernames(spec: str) -> list[str]:
    """`a,b,tmpl{:03d}:1-40` → [a, b, tmpl001 … tmpl040]."""
    names: list[str] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        template, _, span = item.rpartition(":")
        if template and "{" in template and re.fullmatch(r"\d+-\d+", span):
            first, last = (int(n) for n in span.split("-"))
            names += [template.format(n) for n in range(first, last + 1)]
        else:
            names.append(item)
    return names


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


class Pool:
    """The usernames handed to virtual users in turn (locust runs users as greenlets in one thread)."""

    def __init__(self, names: list[str]):
        self.names = names
        self._next = 0
        self.working: list[str] = []  # suppliers found to have a form to fill
        self.trying = 0  # virtual users logging in with a username of the list right now

    def next(self) -> str | None:
        """The next username not handed out yet; None once every one has been."""
        if self._next >= len(self.names):
            return None
        self._next += 1
        return self.names[self._next - 1]

    def any(self) -> str | None:
        """A username that works, for sharing once the list is used up; else the list starts over."""
        if self.working:
            return random.choice(self.working)
        return random.choice(self.names) if self.names else None


SUPPLIERS = Pool(usernames(os.environ.get("LOADTEST_SUPPLIER_USERS", DEMO_SUPPLIERS)))
CONSULTANTS = Pool(usernames(os.environ.get("LOADTEST_CONSULTANT_USERS", DEMO_CONSULTANTS)))


class AppUser(HttpUser):
    abstract = True

    def login(self, username: str) -> str | None:
        """Log in with the password form; the dashboard's HTML, or None when the login was refused."""
        self.client.cookies.clear()
        page = self.client.get("/konto/log-ind/", name="login page")
        token = CSRF_INPUT.search(page.text or "")
        if token is None:
            return None
        with self.client.post(
            "/konto/log-ind/",
            data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
            headers={"Referer": f"{self.host}/konto/log-ind/"},
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "sessionid" not in self.client.cookies:
                response.failure(f"login of {username} refused ({response.status_code})")
                return None
            response.success()
            return response.text

    def page(self, url: str, name: str) -> str | None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
                response.failure(f"{response.status_code} {response.headers.get('Content-Type', '')}")
                return None
            if "/konto/log-ind/" in response.url:
                response.failure("sent to the login page")
                return None
            return response.text


class SupplierUser(AppUser):
    """Fills in the information form: one answer saved every 15 s, the section page reloaded now and then."""

    fixed_count = int(os.environ.get("LOADTEST_SUPPLIERS_N", "300"))
    wait_time = constant_pacing(15)

    def on_start(self) -> None:
        try:
            self.begin()
        finally:
            user_ready()

    def begin(self) -> None:
        self.question: dict[str, str] | None = None
        while (username := SUPPLIERS.next()) is not None:
            SUPPLIERS.trying += 1
            try:
                if self.login(username) is not None and self.find_question(username):
                    SUPPLIERS.working.append(username)
                    return
            finally:
                SUPPLIERS.trying -= 1
        # Every username has been handed out: share one that has a form (several people on one account), once
        # the users still trying theirs have found one.
        deadline = time.monotonic() + SHARE_WAIT_SECONDS
        while not SUPPLIERS.working and SUPPLIERS.trying and time.monotonic() < deadline:
            time.sleep(1)  # gevent's: lets the other virtual users log in meanwhile
        for _ in range(3):
            username = SUPPLIERS.any()
            if username is not None and self.login(username) is not None and self.find_question(username):
                return
        raise RuntimeError("no supplier user has an information form to fill")

    def find_question(self, username: str) -> bool:
        dashboard = self.page("/", "supplier dashboard") or ""
        forms = links(dashboard, r"/sager/\d+/skema/")
        random.shuffle(forms)
        for form in forms:
            overview = self.page(form, "/sager/[pk]/skema/") or ""
            sections = links(overview, r"/sager/\d+/skema/afsnit/[\w-]+/")
            random.shuffle(sections)
            for section in sections:
                if self.open_section(section):
                    self.username = username
                    return True
        return False

    def open_section(self, section: str) -> bool:
        html = self.page(section, "/sager/[pk]/skema/afsnit/[section]/")
        if html is None:
            return False
        csrf = re.search(r'data-autosave-form[^>]*data-csrf="([^"]+)"', html)
        blocks = [dict(ATTRIBUTE.findall(m.group(0))) for m in QUESTION.finditer(html)]
        texts = [b for b in blocks if b.get("data-kind") in TEXT_KINDS and b.get("data-autosave-url")]
        if csrf is None or not texts:
            return False
        chosen = random.choice(texts)
        self.section, self.csrf = section, unescape(csrf.group(1))
        self.question = {
            "url": unescape(chosen["data-autosave-url"]),
            "field": chosen["data-field-name"],
            "revision": chosen.get("data-revision", "0"),
        }
        return True

    @task(10)
    def autosave(self) -> None:
        question = self.question
        if question is None:
            return
        text = f"Belastningstest: svar skrevet af {self.username} ({random.randint(1, 10**9)})."
        with self.client.post(
            question["url"],
            data={question["field"]: text, "revision": question["revision"]},
            headers={"X-CSRFToken": self.csrf, "Accept": "application/json", "Referer": f"{self.host}{self.section}"},
            name="autosave /sager/[pk]/skema/svar/[q]/",
            catch_response=True,
        ) as response:
            body = response.json() if "application/json" in response.headers.get("Content-Type", "") else None
            if response.status_code == 200 and body and body.get("saved"):
                question["revision"] = str(body["revision"])
                response.success()
            elif response.status_code == 409 and body and body.get("conflict"):
                # Another virtual user on the same account saved this answer first: what the page would show.
                question["revision"] = str(body["conflict"]["current_revision"])
                response.success()
                events.request.fire(
                    request_type="POST",
                    name="autosave conflict (409, expected when users share an account)",
                    response_time=0,
                    response_length=0,
                    exception=None,
                    context={},
                )
            else:
                response.failure(f"{response.status_code}: {str(body)[:200] if body else response.text[:200]}")

    @task(1)
    def section_page(self) -> None:
        if self.question is not None:
            self.open_section(self.section)


class ConsultantUser(AppUser):
    """Browses: dashboard, case list, a case, its history, its pages; the register."""

    fixed_count = int(os.environ.get("LOADTEST_CONSULTANTS_N", "40"))
    wait_time = between(2, 6)

    def on_start(self) -> None:
        try:
            self.begin()
        finally:
            user_ready()

    def begin(self) -> None:
        self.cases: list[str] = []
        username = CONSULTANTS.next() or CONSULTANTS.any()
        if username is None or self.login(username) is None:
            raise RuntimeError(f"consultant {username} could not log in")

    @task(2)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(4)
    def case_list(self) -> None:
        html = self.page("/sager/", "/sager/")
        if html:
            self.cases = links(html, r"/sager/\d+/") or self.cases

    @task(6)
    def case_pages(self) -> None:
        if not self.cases:
            self.case_list()
            if not self.cases:
                return
        case = random.choice(self.cases)
        html = self.page(case, "/sager/[n]/")
        if not html:
            return
        pk = case.strip("/").split("/")[-1]
        # The case's own pages (history, form, judgements, reconciliation, …); not downloads, exports or actions.
        inner = [
            url
            for url in links(html, rf"/sager/{pk}/[\w-]+/(?:[\w-]+/)?")
            if not any(word in url for word in ("pdf", "eksport", "sagsakter", "bilag", "annuller", "slet"))
        ]
        for url in random.sample(inner, min(2, len(inner))):
            self.page(url, re.sub(r"/\d+/", "/[n]/", url))

    @task(1)
    def register(self) -> None:
        self.page("/register/", "/register/")
