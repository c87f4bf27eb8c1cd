#!/usr/bin/env python3
"""Property-based fuzzing of the JSON API with schemathesis (issue 31, "Must show").

Starts the server on a fresh SQLite database with the demo data, signs in as three roles
(sales, warehouse, admin) and runs schemathesis against `GET /api/v1/openapi.json` once per
role with that role's session cookie. It fails when any answer is a 5xx, when a status code,
content type or body is not the one the document declares, or when fewer requests than
`--min-requests` were sent in all (counted from schemathesis's HAR reports).

    end2end/.venv/bin/python end2end/fuzz/run.py [--server target/release/server]

`make test-fuzz` runs it after `make build`; `make tools` creates the venv from
end2end/fuzz/requirements.txt. FUZZ_EXAMPLES (per operation and phase), FUZZ_SEED and
FUZZ_WORKERS change the run; FUZZ_EXTRA passes more schemathesis options (e.g.
`--continue-on-failure` to see every failure of an operation). Ids are drawn from the demo
data's range (schemathesis.toml) so that requests reach the handlers' logic.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ROLES = ("sales", "warehouse", "admin")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
# Left out, and why (everything else in the document is fuzzed):
EXCLUDED = [
    # Signs the fuzzer out: every later request of the run would only test the 401 path.
    ("DELETE", "/session"),
    # Server-Sent Events: the answer never ends, so a request cannot complete and be checked.
    # Its 401 and the stream's events are tested in server/tests.
    ("GET", "/events"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json"} if data else {}
    hdrs.update(headers or {})
    conn.request(method, path, body=data, headers=hdrs)
    res = conn.getresponse()
    res.read()
    conn.close()
    return res


def wait_ready(port, proc, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"fuzz: the server exited with {proc.returncode} before it was ready")
        try:
            if request(port, "GET", "/readyz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("fuzz: the server was not ready in time")


def sign_in(port, username):
    res = request(port, "POST", "/api/v1/session", {"username": username, "password": "demo"})
    if res.status != 200:
        raise SystemExit(f"fuzz: sign-in as {username} answered {res.status}")
    for name, value in res.getheaders():
        if name.lower() == "set-cookie" and value.startswith("sid="):
            return value.split(";", 1)[0]
    raise SystemExit(f"fuzz: sign-in as {username} set no session cookie")


def har_requests(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open() as f:
        return len(json.load(f)["log"]["entries"])


def main() -> int:
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", default=os.environ.get("SERVER_BIN", f"{target}/release/server"))
    ap.add_argument("--site", default=os.environ.get("LEPTOS_SITE_ROOT", "target/site"))
    ap.add_argument("--max-examples", type=int, default=int(os.environ.get("FUZZ_EXAMPLES", "10")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "31")))
    ap.add_argument("--workers", default=os.environ.get("FUZZ_WORKERS", "2"))
    ap.add_argument("--min-requests", type=int, default=2000)
    ap.add_argument("--roles", default=",".join(ROLES))
    ap.add_argument("--keep", action="store_true", help="keep the work directory (reports, server log)")
    args = ap.parse_args()

    st = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    if not st:
        raise SystemExit("fuzz: schemathesis not found; run `make tools` (end2end/.venv)")
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    port = free_port()
    log = (work / "server.log").open("w")
    env = dict(os.environ, LEPTOS_SITE_ROOT=args.site)
    cmd = [args.server, "serve", "--demo", "--addr", f"127.0.0.1:{port}", "--database-url", f"sqlite://{work}/app.db"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    failed, total, started = False, 0, time.monotonic()
    try:
        wait_ready(port, server)
        cookies = {role: sign_in(port, role) for role in args.roles.split(",")}
        base = f"http://127.0.0.1:{port}/api/v1"
        for role, cookie in cookies.items():
            har = work / f"{role}.har"
            run = [st, "--config-file", str(HERE / "schemathesis.toml"), "run", f"{base}/openapi.json", "--url", base, "--header", f"Cookie: {cookie}"]
            run += ["--checks", CHECKS, "--max-examples", str(args.max_examples), "--seed", str(args.seed)]
            run += ["--workers", str(args.workers), "--generation-database", "none", "--no-color"]
            run += ["--request-timeout", "30", "--suppress-health-check", "all", *os.environ.get("FUZZ_EXTRA", "").split()]
            run += ["--report", "har", "--report-har-path", str(har), "--report-dir", str(work / "reports")]
            run += [arg for method, path in EXCLUDED for arg in ("--exclude-name", f"{method} {path}")]
            t0 = time.monotonic()
            print(f"fuzz: {role}: schemathesis against {base}/openapi.json", flush=True)
            code = subprocess.call(run, cwd=work)
            n = har_requests(har)
            total += n
            print(f"fuzz: {role}: {n} requests in {time.monotonic() - t0:.0f} s, exit {code}", flush=True)
            failed |= code != 0
            if server.poll() is not None:
                print(f"fuzz: the server died (exit {server.returncode}); log: {work}/server.log")
                failed = True
                break
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print(f"fuzz: {total} requests in all, {time.monotonic() - started:.0f} s")
    if total < args.min_requests:
        print(f"fuzz: fewer than {args.min_requests} requests")
        failed = True
    if failed or args.keep:
        print(f"fuzz: reports and server log kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
