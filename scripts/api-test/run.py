"""The `api` tier of scripts/test: schemathesis against Journey's JSON API, as three demo users.

    .venv-api-test/bin/python scripts/api-test/run.py --bin target/release/journey

Starts `journey demo` on a fresh SQLite database in a temporary folder and a free loopback port,
waits for /healthz, then for each of a social worker, a team manager and an auditor: signs in
through `POST /api/session`, fetches /api/openapi.json with that session, and runs
`schemathesis run` on the document, sending the session cookie and the X-CSRF-Token header on
every request. The sign-in and sign-out operations (`/api/session`) are left out: generated
requests must not end the session the others use. Half the generated `child_id`s are children
on the social worker's caseload, so that requests reach real records.

Whatever the document says is what is tested: the checks are that no response is a server error
and that every response matches what the document declares for it (schema, status code, content
type). The last line is `api: N passed, M failed` (operations times users) and the exit status is
non-zero on any failure, on an error, or when the server could not be started. The server is
stopped on every exit. The document, schemathesis's JSON reports and the server's log are kept
in --out (default target/api-test/).

Settings (environment), all optional:
  JOURNEY_API_TEST_MAX_EXAMPLES  test cases per operation and phase (default 30)
  JOURNEY_API_TEST_CHECKS        schemathesis checks (default below)
  JOURNEY_API_TEST_SEED          a seed, to repeat an earlier run (default: a new one, printed)
  JOURNEY_API_TEST_WORKERS       schemathesis workers (default 1: see WORKERS)
  JOURNEY_API_TEST_PHASES        schemathesis phases (default: all of them)
  JOURNEY_API_TEST_ROLES         comma-separated role labels to test as (default: the three)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

DEMO_PASSWORD = "journey-demo-2026"
ROLES = ("Social worker", "Team manager", "Auditor")
CHECKS = ",".join(
    (
        "not_a_server_error",
        "response_schema_conformance",
        "status_code_conformance",
        "content_type_conformance",
    )
)
# One worker: with more, schemathesis's threads sometimes hit a CPython 3.11 bug in `ast` (through
# hypothesis's lambda descriptions: "AST constructor recursion depth mismatch"), reported as an
# error of the run, not of the API. One worker takes well under a minute per user anyway.
WORKERS = "1"
# The sign-in and sign-out operations, wherever the document's base path puts them.
EXCLUDE_PATH_REGEX = r"^(/api)?/session/?$"
ROOT = Path(__file__).resolve().parent.parent.parent


def say(message: str) -> None:
    print(f"api-test: {message}", flush=True)


class Failed(Exception):
    """The harness could not do its part (the server, a sign-in, the document)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`journey demo` on a fresh database; stopped by stop() or on leaving a `with`."""

    def __init__(self, binary: Path, out: Path) -> None:
        self.binary = binary
        self.out = out
        self.dir = Path(tempfile.mkdtemp(prefix="journey-api-test."))
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""
        self.stdout = self.dir / "stdout.txt"
        self.stderr = out / "server.log"

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 180.0) -> dict[str, str]:
        """Starts the server and returns the demo's accounts, {role label: username}."""
        for attempt in range(1, 4):
            port = free_port()
            self.base = f"http://127.0.0.1:{port}"
            database = self.dir / f"journey-{attempt}.db"
            env = dict(os.environ, JOURNEY_LOG=os.environ.get("JOURNEY_LOG", "warn"), NO_COLOR="1")
            with open(self.stdout, "wb") as stdout, open(self.stderr, "wb") as stderr:
                self.process = subprocess.Popen(
                    [str(self.binary), "demo", "--database-url", f"sqlite://{database}",
                     "--bind", f"127.0.0.1:{port}"],
                    cwd=self.dir, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                )
            say(f"started {self.binary} demo on {self.base} (pid {self.process.pid})")
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    if requests.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                        return self.accounts()
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            log = self.stderr.read_text(errors="replace")
            self.stop_process()
            if "Address already in use" in log or "AddrInUse" in log:
                continue  # the port was taken between choosing and binding it
            raise Failed(
                f"the server did not answer /healthz within {timeout:.0f} s\n--- stdout\n"
                f"{self.stdout.read_text(errors='replace')}\n--- stderr\n{log}"
            )
        raise Failed("no free port after three attempts")

    def accounts(self) -> dict[str, str]:
        found = {}
        for line in self.stdout.read_text(errors="replace").splitlines():
            match = re.match(r"^  (\S.*?)\s{2,}(\S+)\s*$", line)
            if match:
                found.setdefault(match.group(1), match.group(2))
        return found

    def stop_process(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def stop(self) -> None:
        self.stop_process()
        shutil.rmtree(self.dir, ignore_errors=True)

    def server_errors(self, since: int) -> list[str]:
        """The server's ERROR log lines written after byte `since`."""
        with open(self.stderr, "rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        return [line for line in text.splitlines() if "ERROR" in line]


def sign_in(base: str, username: str) -> tuple[str, str]:
    """Signs in through the API; returns (Cookie header value, CSRF token)."""
    session = requests.Session()
    response = session.post(
        f"{base}/api/session", json={"username": username, "password": DEMO_PASSWORD}, timeout=30
    )
    if response.status_code != 200:
        raise Failed(f"POST /api/session as {username}: {response.status_code} {response.text[:500]}")
    try:
        csrf = response.json()["csrf_token"]
    except (ValueError, KeyError, TypeError) as error:
        raise Failed(f"POST /api/session as {username}: no csrf_token in {response.text[:500]!r}") from error
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    if not cookie:
        raise Failed(f"POST /api/session as {username}: no session cookie was set")
    return cookie, csrf


def fetch_document(base: str, cookie: str, path: Path) -> dict:
    response = requests.get(f"{base}/api/openapi.json", headers={"Cookie": cookie}, timeout=30)
    if response.status_code != 200:
        raise Failed(f"GET /api/openapi.json: {response.status_code} {response.text[:500]}")
    try:
        document = response.json()
    except ValueError as error:
        raise Failed(f"GET /api/openapi.json is not JSON: {response.text[:500]!r}") from error
    path.write_text(json.dumps(document, indent=2) + "\n")
    return document


def caseload(base: str, cookie: str) -> list[int]:
    """The ids of the children on the signed-in worker's caseload (GET /api/caseload)."""
    response = requests.get(f"{base}/api/caseload", headers={"Cookie": cookie}, timeout=30)
    if response.status_code != 200:
        raise Failed(f"GET /api/caseload: {response.status_code} {response.text[:500]}")
    ids: list[int] = []

    def walk(value: object) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key in ("child_id", "child", "id"):
                if isinstance(value.get(key), int):
                    ids.append(value[key])
                    return
            for item in value.values():
                walk(item)

    walk(response.json())
    return sorted(set(ids))[:50]


def write_config(path: Path, children: list[int]) -> None:
    """A schemathesis.toml: half the generated `child_id`s are `children` (the rest are anything
    the document allows)."""
    text = "# Written by scripts/api-test/run.py for one run.\n"
    if children:
        text += (
            "[dictionaries.children]\n"
            f"values = [{', '.join(map(str, children))}]\n\n"
            "[parameters]\n"
            '"path.child_id" = { dictionary = "children", probability = 0.5 }\n'
        )
    path.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, type=Path, help="the journey binary")
    parser.add_argument("--out", type=Path, default=ROOT / "target" / "api-test",
                        help="where the document, reports and server log go")
    parser.add_argument("--schemathesis", type=Path,
                        default=Path(sys.executable).parent / "schemathesis",
                        help="the schemathesis command (default: beside this Python)")
    args = parser.parse_args()

    max_examples = os.environ.get("JOURNEY_API_TEST_MAX_EXAMPLES", "30")
    checks = os.environ.get("JOURNEY_API_TEST_CHECKS", CHECKS)
    seed = os.environ.get("JOURNEY_API_TEST_SEED") or str(random.randrange(2**31))
    workers = os.environ.get("JOURNEY_API_TEST_WORKERS", WORKERS)
    phases = os.environ.get("JOURNEY_API_TEST_PHASES", "")
    roles = [r.strip() for r in os.environ.get("JOURNEY_API_TEST_ROLES", ",".join(ROLES)).split(",") if r.strip()]

    binary = args.bin.resolve()
    if not os.access(binary, os.X_OK):
        say(f"no binary at {binary}")
        print("api: 0 passed, 1 failed")
        return 1
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)

    # SIGTERM (CI's timeout, scripts/test's own trap) stops the server like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    say(f"seed {seed}, {max_examples} examples per operation and phase, checks {checks}")
    passed = failed = 0
    problems: list[str] = []
    started = time.monotonic()
    try:
        with Server(binary, out) as server:
            accounts = server.start()
            # The children to aim at: the social worker's caseload, for every user (a manager or
            # an auditor may open some of them, a worker only their own).
            children: list[int] = []
            if accounts.get(ROLES[0]):
                children = caseload(server.base, sign_in(server.base, accounts[ROLES[0]])[0])
            say(f"{len(children)} children from {ROLES[0].lower()}'s caseload for child_id")
            for role in roles:
                username = accounts.get(role)
                slug = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-")
                print(flush=True)
                if not username:
                    say(f"the demo printed no {role} account: {accounts}")
                    failed += 1
                    problems.append(f"{role}: no account")
                    continue
                cookie, csrf = sign_in(server.base, username)
                fetch_document(server.base, cookie, out / f"openapi-{slug}.json")
                report = out / f"schemathesis-{slug}.json"
                config = out / f"schemathesis-{slug}.toml"
                write_config(config, children)
                command = [
                    str(args.schemathesis), "--config-file", str(config), "--no-color",
                    "run", str(out / f"openapi-{slug}.json"),
                    # --origin keeps any base path the document's `servers` give.
                    "--origin", server.base,
                    "--header", f"Cookie: {cookie}",
                    "--header", f"X-CSRF-Token: {csrf}",
                    "--generation-with-security-parameters", "false",
                    "--exclude-path-regex", EXCLUDE_PATH_REGEX,
                    "--checks", checks,
                    "--max-examples", max_examples,
                    "--seed", seed,
                    "--workers", workers,
                    "--request-timeout", "30",
                    "--generation-database", "none",
                    "--suppress-health-check", "all",
                    "--report", "json", "--report-json-path", str(report),
                ]
                if phases:
                    command += ["--phases", phases]
                say(f"as {role} ({username}): schemathesis run {out / f'openapi-{slug}.json'}")
                log_from = server.stderr.stat().st_size
                role_started = time.monotonic()
                status = subprocess.call(command, cwd=out, stdin=subprocess.DEVNULL)
                role_passed, role_failed = count(report, status)
                passed += role_passed
                failed += role_failed
                say(f"as {role}: {role_passed} operations passed, {role_failed} failed, "
                    f"exit {status}, {time.monotonic() - role_started:.0f} s")
                if status != 0:
                    problems.append(f"{role}: schemathesis exited {status}")
                errors = server.server_errors(log_from)
                if errors:
                    say(f"the server logged {len(errors)} errors meanwhile; the first ones:")
                    for line in errors[:10]:
                        print(f"    {line[:400]}")
                if server.process is None or server.process.poll() is not None:
                    problems.append("the server stopped")
                    say("the server stopped; see " + str(server.stderr))
                    break
    except Failed as error:
        say(str(error))
        problems.append("harness")
        failed += 1
    except KeyboardInterrupt:
        say("interrupted; the server is stopped")
        print(f"api: {passed} passed, {failed + 1} failed")
        return 130

    print()
    say(f"{time.monotonic() - started:.0f} s; reports in {out}; to repeat: JOURNEY_API_TEST_SEED={seed}")
    if problems:
        say("FAILED: " + "; ".join(problems))
    print(f"api: {passed} passed, {failed} failed")
    return 1 if problems or failed else 0


def count(report: Path, status: int) -> tuple[int, int]:
    """(operations that passed, operations that failed or errored) from a JSON report."""
    try:
        data = json.loads(report.read_text())
    except (OSError, ValueError):
        return 0, 1
    operations = data.get("operations") or {}
    tested = operations.get("tested", 0)
    failing = {op for group in data.get("failures", []) for op in group.get("operations", [])}
    # Errors (an operation the document describes wrongly, say) name no operation here.
    errors = sum(error.get("count", 1) for error in data.get("errors", []))
    bad = max(len(failing) + operations.get("errored", 0), errors, 1 if status != 0 else 0)
    return max(tested - bad, 0), bad


if __name__ == "__main__":
    sys.exit(main())
