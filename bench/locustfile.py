"""Load for `make bench`: signed-in users hitting one page at a time, phase after phase.

Started by `run.py` as `locust -f bench/locustfile.py --headless ...` with BENCH_PLAN naming a
JSON file:

    {"users": 4, "targets": {...discover.py output...},
     "phases": [{"page": "bare", "warmup_s": 5, "measure_s": 30, "min_samples": 20,
                 "max_window_s": 60, "drain_s": 130}, ...],
     "out": "/tmp/.../locust-results.json"}

Every virtual user signs in through the real sign-in form (once per persona the pages need)
before the first phase. A phase sends only its page: first unmeasured warm-up, then the measured
window, then nothing until the requests still in flight have come back (see run_phase). Each
request carries an `X-Bench-Phase` header with the phase name (or `warmup`), which gunicorn
writes to its access log beside its own request time, so `run.py` gets the server time of
exactly the measured requests. Here we keep the client side: every measured response time, the
count, failures. When the last phase ends this file writes `out` and stops locust itself; the
`--run-time` that `run.py` passes is only a safety net.

Requests claim to come through the TLS-terminating proxy (X-Forwarded-Proto: https), as they do
in production: secure cookies, HSTS and the HTTPS CSRF checks all take part.
"""

import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpSession
from pages import all_pages, personas_needed

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
TARGETS = PLAN["targets"]
PAGES = {page.name: page for page in all_pages()}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGN_IN = "/accounts/login/"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class Phase:
    """What every virtual user sends right now; changed only by the driver greenlet."""

    page = None
    tag = "idle"


signed_in_users = 0
users_started = 0
in_flight = 0
samples: dict[str, list[float]] = {}
failures: dict[str, list[str]] = {}
setup_errors: list[str] = []


def behind_tls_proxy(client: FastHttpSession) -> FastHttpSession:
    """Send the Secure session and CSRF cookies over our plain-HTTP loopback connection.

    In production a TLS proxy sits between the browser and gunicorn; here X-Forwarded-Proto
    stands in for it, and the cookie jar must not hold back the cookies marked Secure.
    """
    client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
    return client


def sign_in(client: FastHttpSession, host: str, username: str, password: str) -> None:
    form = client.get(SIGN_IN, name="sign_in_form", headers=PROXY_HEADERS)
    if form.status_code != 200:
        raise RuntimeError(f"GET {SIGN_IN}: {form.status_code}")
    token = CSRF_FIELD.search(form.text or "")
    if token is None:
        raise RuntimeError("no csrfmiddlewaretoken on the sign-in form")
    https_origin = "https://" + host.split("://", 1)[1].rstrip("/")
    answer = client.post(
        SIGN_IN,
        name="sign_in",
        data=urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
        ),
        headers={
            **PROXY_HEADERS,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": https_origin,
            "Referer": https_origin + SIGN_IN,
        },
        allow_redirects=False,
    )
    location = answer.headers.get("location", "") if answer.headers else ""
    if answer.status_code != 302 or SIGN_IN in location:
        raise RuntimeError(f"sign-in as {username} failed: {answer.status_code} {location!r}")


class SignedInReader(FastHttpUser):
    wait_time = constant(0)
    # Sessions for the other personas mimic this one's settings.
    network_timeout = 120.0
    connection_timeout = 30.0

    def on_start(self) -> None:
        global signed_in_users, users_started
        users_started += 1
        # Each virtual user draws its own reproducible sequence (random person ids, ...).
        self.rng = random.Random(users_started)
        self.sessions: dict[str, FastHttpSession] = {}
        try:
            for key in personas_needed():
                account = TARGETS["personas"].get(key)
                if account is None:
                    raise RuntimeError(f"persona {key!r} has no account in the seeded data")
                session = behind_tls_proxy(
                    self.client if not self.sessions else self._new_session()
                )
                sign_in(session, self.host, account["username"], account["password"])
                self.sessions[key] = session
        except Exception as exc:  # noqa: BLE001 - reported to run.py, which fails the bench
            setup_errors.append(str(exc))
            return
        signed_in_users += 1

    def _new_session(self) -> FastHttpSession:
        return FastHttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
            max_redirects=self.max_redirects,
            max_retries=self.max_retries,
            insecure=self.insecure,
            concurrency=self.concurrency,
        )

    @task
    def read_current_page(self) -> None:
        global in_flight
        page, tag = Phase.page, Phase.tag
        session = self.sessions.get(page.persona) if page is not None else None
        if session is None:
            gevent.sleep(0.05)
            return
        in_flight += 1
        try:
            with session.get(
                page.path(TARGETS, self.rng),
                name=page.name,
                headers={**PROXY_HEADERS, "X-Bench-Phase": tag},
                context={"bench_phase": tag},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
        finally:
            in_flight -= 1


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception, context, **kwargs):
    tag = (context or {}).get("bench_phase")
    if tag is None or tag in ("warmup", "idle"):
        return
    if exception is not None:
        failures.setdefault(tag, []).append(str(exception)[:200])
    else:
        samples.setdefault(tag, []).append(response_time)


def run_phase(phase: dict) -> dict:
    """Warm up, measure, then stop sending and wait for what is still in flight.

    The measured window lasts measure_s, longer (up to max_window_s) while fewer than
    min_samples answers came back, so a slow page still gets a few samples. Waiting for the
    stragglers afterwards counts every request sent in the window and keeps a slow page from
    eating into the next page's phase.
    """
    name = phase["page"]
    Phase.page, Phase.tag = PAGES[name], "warmup"
    gevent.sleep(phase["warmup_s"])
    Phase.tag = name
    started = time.monotonic()
    while True:
        gevent.sleep(0.1)
        elapsed = time.monotonic() - started
        if elapsed >= phase["measure_s"] and (
            len(samples.get(name, ())) >= phase["min_samples"] or elapsed >= phase["max_window_s"]
        ):
            break
    Phase.page, Phase.tag = None, "idle"
    window = time.monotonic() - started
    give_up = time.monotonic() + phase["drain_s"]
    while in_flight and time.monotonic() < give_up:
        gevent.sleep(0.02)
    return {
        "page": name,
        "seconds": time.monotonic() - started,
        "window_seconds": window,
        "still_in_flight": in_flight,
        "response_ms": samples.pop(name, []),
        "failures": failures.pop(name, []),
    }


def drive(environment) -> None:
    """Run the phases one after another, then write the results and stop locust."""
    results = {"phases": [], "setup_errors": setup_errors}
    try:
        deadline = time.monotonic() + PLAN.get("sign_in_timeout_s", 180)
        while signed_in_users + len(setup_errors) < PLAN["users"]:
            if time.monotonic() > deadline:
                setup_errors.append(f"only {signed_in_users}/{PLAN['users']} users signed in")
                break
            gevent.sleep(0.1)
        if setup_errors:
            return
        for phase in PLAN["phases"]:
            results["phases"].append(run_phase(phase))
        Phase.page, Phase.tag = None, "idle"
    except Exception as exc:  # noqa: BLE001
        setup_errors.append(f"driver: {exc!r}")
    finally:
        with open(PLAN["out"], "w", encoding="utf-8") as out:
            json.dump(results, out)
        environment.runner.quit()


@events.test_start.add_listener
def start_driver(environment, **kwargs) -> None:
    gevent.spawn(drive, environment)
