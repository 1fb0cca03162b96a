"""Load test: gunicorn + PostgreSQL under a mix of directory, person-file and guide requests.

    .venv/bin/pip install -r requirements-bench.txt -c constraints.txt     # locust, once
    .venv/bin/python bench/load.py                     # 100 000 services, 5 to 400 req/s
    .venv/bin/python bench/load.py --services 5000 --rates 20,40 --step-seconds 20   # quick

What it does (everything on this machine, loopback only, bounded in time and in requests):

1. prepares a PostgreSQL database (`--database`, default relais_bench_load, on the server of
   `--server`, default DATABASE_URL or postgres@127.0.0.1:5432), reused if it exists:
   migrate, `load_demo` (networks, demo services, accounts and the 135 demo persons),
   `generate_services` up to `--services` synthetic services, the demo notes re-encrypted with
   the bench key, django-axes counters reset, the cache table, collectstatic, ANALYZE;
2. starts gunicorn (`--workers`, default 4, sync workers) on 127.0.0.1:`--port` with the
   production settings (`config.settings.prod`: DEBUG off, whitenoise's compressed manifest,
   the database cache, persistent database connections), every request sent as through the
   HTTPS proxy (`X-Forwarded-Proto`, `X-Forwarded-For`);
3. runs locust in this process (headless) with the users of bench/load_users.py: 60 %
   directory searches, 20 % service sheets, 15 % a worker's person files (token obtained
   once per simulated worker, files read, notes written), 5 % pocket guides and HSDS pages;
4. warms the server up for `--first-warmup-seconds` (30), then offers the rates of `--rates`
   one after another (each step: `--warmup-seconds`, then
   `--step-seconds` measured), stops at the first step whose p95 is over `--p95-ms` (200) or
   that has an error, or when `--max-requests` requests were made, and prints per step the
   offered rate, the achieved rate, p50 / p95 / p99, errors, the CPU used by gunicorn's
   workers, PostgreSQL's backends and locust itself, and the load average; then per kind of
   request for the best step; then the answer: the highest achieved rate whose step kept
   p95 ≤ 200 ms with no error.

The database is dropped at the end unless `--keep`. The machine's load matters: the CPU
columns and the load average say how much of the machine the test had.
"""

import argparse
import base64
import hashlib
import math
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
# A Fernet key for the bench database's encrypted notes (synthetic demo data only): the
# production settings refuse the development key. Not a secret.
BENCH_ENCRYPTION_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"relais bench/load.py: demo data only").digest()
).decode()
DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktcmVsYWlzLWtleS0wMTIzNDU2Nzg5YWI="  # config/settings/base.py
DEMO_PASSWORD = "relais-demo"  # noqa: S105 - the documented demo password (README)
DEMO_TOTP_SECRET = "RELAISDEMOSECRETKEY234567ABCDEFG"  # noqa: S105 - documented (README)
# Demo accounts that open person files (README: "qui voit quoi").
WORKER_ACCOUNTS = [
    "worker.cpas-namur",
    "worker.restos-namur",
    "worker.croix-rouge-namur",
    "worker.cpas-arlon",
    "worker.cpas-wavre",
    "worker.cpas-mons",
    "worker.ccas-le-mans",
    "admin.cpas-namur",
    "admin.restos-namur",
]


def log(line: str = "") -> None:
    print(line, flush=True)


# --- Database ---------------------------------------------------------------------------------


def _url_for(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def _admin(server: str, statement: str, params=None):
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _manage(env: dict, *arguments: str) -> None:
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare(database_url: str, services: int, *, base_env: dict, prod_env: dict) -> None:
    """Migrate, demo, synthetic services up to `services`, notes under the bench key, axes
    reset, cache table, static files, ANALYZE. Each step is idempotent: a kept database is
    topped up, not rebuilt."""
    import psycopg

    started = time.monotonic()
    # Data commands under the base settings: the production settings' system check refuses
    # demo accounts (relais.E001), which the load test needs.
    _manage(base_env, "migrate", "--noinput", "-v", "0")
    _manage(base_env, "load_demo", "-v", "0")
    with psycopg.connect(database_url) as connection:
        existing = connection.execute(
            "SELECT count(*) FROM directory_service WHERE source = 'synthetic'"
        ).fetchone()[0]
    if existing < services:
        log(f"Generating {services - existing} synthetic services (already {existing})…")
        _manage(
            base_env,
            "generate_services",
            "--count",
            str(services - existing),
            "--seed",
            str(existing),
        )
    # The demo's notes were encrypted with the key of whoever loaded them: encrypt them with
    # the bench key, which the server below has.
    _manage(
        {**base_env, "RELAIS_ENCRYPTION_KEYS": f"{BENCH_ENCRYPTION_KEY},{DEV_ENCRYPTION_KEY}"},
        "rotate_encryption_key",
    )
    _manage(base_env, "axes_reset")
    _manage(prod_env, "createcachetable")
    _manage(prod_env, "collectstatic", "--noinput", "-v", "0")
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")
        total = connection.execute("SELECT count(*) FROM directory_service").fetchone()[0]
        persons = connection.execute("SELECT count(*) FROM persons_person").fetchone()[0]
    log(f"Database ready in {time.monotonic() - started:.0f} s: {total} services, {persons} files.")


def plan_data(database_url: str, plan) -> None:
    """What the users ask for: public service ids, small municipalities for pocket guides,
    the number of HSDS pages per network."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        connection.execute("SELECT setseed(0.42)")
        plan.service_ids = connection.execute(
            "SELECT n.slug, s.id FROM directory_service s "
            "JOIN network_network n ON n.id = s.network_id "
            "WHERE s.visibility = 'public' ORDER BY random() LIMIT 5000"
        ).fetchall()
        # A pocket guide is printed for a municipality: those with 5 to 40 public services.
        plan.guides = [
            (slug, municipality, "")
            for slug, municipality, _count in connection.execute(
                "SELECT n.slug, l.municipality, count(DISTINCT s.id) FROM directory_location l "
                "JOIN directory_service s ON s.id = l.service_id "
                "JOIN network_network n ON n.id = s.network_id "
                "WHERE s.visibility = 'public' AND l.municipality <> '' "
                "GROUP BY 1, 2 HAVING count(DISTINCT s.id) BETWEEN 5 AND 40 ORDER BY 1, 2"
            ).fetchall()
        ]
        plan.hsds_pages = {
            slug: max(1, math.ceil(count / 50))
            for slug, count in connection.execute(
                "SELECT n.slug, count(*) FROM directory_service s "
                "JOIN network_network n ON n.id = s.network_id "
                "WHERE s.visibility = 'public' GROUP BY 1"
            ).fetchall()
        }
        plan.network_axes = dict(
            connection.execute("SELECT slug, axes FROM network_network").fetchall()
        )
    if not plan.guides:
        raise SystemExit("No municipality with 5 to 40 public services for the pocket guides.")


# --- Server -----------------------------------------------------------------------------------


def start_gunicorn(env: dict, *, port: int, workers: int, log_file: Path) -> subprocess.Popen:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--forwarded-allow-ips",
        "127.0.0.1",
        "--error-logfile",
        str(log_file),
        "--log-level",
        "warning",
    ]
    output = log_file.open("a")
    server = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (see {log_file}).")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s (see {log_file}).")


# --- CPU accounting -----------------------------------------------------------------------------


def cpu_seconds(server_pid: int, database: str) -> dict[str, float]:
    """CPU seconds used so far by gunicorn's workers, by PostgreSQL's backends serving
    `database`, and by this process (locust)."""
    import psutil

    def used(process) -> float:
        try:
            times = process.cpu_times()
        except psutil.Error:
            return 0.0
        return times.user + times.system

    gunicorn = sum(used(child) for child in psutil.Process(server_pid).children())
    postgres = 0.0
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if cmdline.startswith("postgres:") and f" {database} " in f"{cmdline} ":
            postgres += used(process)
    return {"gunicorn": gunicorn, "postgres": postgres, "locust": used(psutil.Process())}


# --- Steps ---------------------------------------------------------------------------------------


@dataclass
class Step:
    offered: float
    users: int
    seconds: float = 0.0
    times: list[tuple[str, float, bool]] = field(default_factory=list)  # (name, ms, failed)
    cpu: dict[str, float] = field(default_factory=dict)  # share of one core, per process group
    load: float = 0.0

    @property
    def count(self) -> int:
        return len(self.times)

    @property
    def errors(self) -> int:
        return sum(failed for _name, _ms, failed in self.times)

    @property
    def achieved(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_request(self) -> float:
        """Milliseconds of CPU (gunicorn's workers and PostgreSQL's backends) per request."""
        if not self.count:
            return 0.0
        return (self.cpu["gunicorn"] + self.cpu["postgres"]) * self.seconds * 1000 / self.count

    def percentile(self, fraction: float, name: str | None = None) -> float:
        values = sorted(ms for n, ms, _f in self.times if name is None or n == name)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, math.ceil(fraction * len(values)) - 1)]

    def passes(self, p95_ms: float) -> bool:
        return self.count > 0 and self.errors == 0 and self.percentile(0.95) <= p95_ms


def run_steps(args, *, host: str, server_pid: int, plan_fill) -> list[Step]:
    import gevent
    from locust import events
    from locust.env import Environment

    sys.path.insert(0, str(ROOT / "bench"))
    import load_users

    plan = load_users.PLAN
    plan_fill(plan)
    plan.accounts = WORKER_ACCOUNTS
    plan.password = DEMO_PASSWORD
    plan.totp_secret = DEMO_TOTP_SECRET
    plan.worker_users = args.worker_users
    if args.no_pdf:
        load_users.without_guides()
    user_classes = [load_users.PublicVisitor, load_users.Worker]
    if args.persons_only:
        # The workers alone make the whole offered rate: the person-file path under load.
        load_users.Worker.share, user_classes = 1.0, [load_users.Worker]
    load_users.Worker.fixed_count = args.worker_users

    def public_users(rate: float) -> int:
        if args.persons_only:
            return 0
        return max(1, math.ceil(rate * load_users.PUBLIC_SHARE / args.user_rate))

    recording: list | None = None
    failures: list[str] = []

    def on_request(request_type, name, response_time, response_length, exception=None, **kw):
        if name.startswith("set-up"):
            if exception is not None:
                failures.append(f"{name}: {exception}")
            return
        if recording is not None:
            recording.append((name, response_time, exception is not None))
            if exception is not None and len(failures) < 20:
                failures.append(f"{name}: {exception}")

    events.request.add_listener(on_request)
    env = Environment(user_classes=user_classes, host=host, events=events)
    runner = env.create_local_runner()
    steps: list[Step] = []
    made = 0
    deadline = time.monotonic() + args.max_minutes * 60
    try:
        # Warm every gunicorn worker up (imports, templates, translations, connections): the
        # first step's users at 5 req/s or more, not measured.
        plan.rate = max(args.rates[0], 5.0)
        plan.public_users = public_users(plan.rate)
        runner.start(plan.public_users + args.worker_users, spawn_rate=100)
        gevent.sleep(args.first_warmup_seconds)
        for rate in args.rates:
            plan.rate = rate
            plan.public_users = public_users(rate)
            step = Step(offered=rate, users=plan.public_users + args.worker_users)
            runner.start(step.users, spawn_rate=max(step.users, 1))
            gevent.sleep(args.warmup_seconds)
            before, started = cpu_seconds(server_pid, args.database), time.monotonic()
            recording = step.times
            while time.monotonic() - started < args.step_seconds:
                gevent.sleep(0.5)
                if made + step.count >= args.max_requests or time.monotonic() > deadline:
                    break
            recording = None
            step.seconds = time.monotonic() - started
            after = cpu_seconds(server_pid, args.database)
            step.cpu = {k: (after[k] - before[k]) / step.seconds for k in after}
            step.load = os.getloadavg()[0]
            made += step.count
            steps.append(step)
            log(
                f"  offered {rate:>5.0f}/s · achieved {step.achieved:6.1f}/s · "
                f"p95 {step.percentile(0.95):6.0f} ms · errors {step.errors}"
            )
            if not step.passes(args.p95_ms) and not args.all_steps:
                break
            if made >= args.max_requests or time.monotonic() > deadline:
                log("  (stopped: --max-requests or --max-minutes reached)")
                break
    finally:
        runner.quit()
        events.request.remove_listener(on_request)
    if failures:
        log("Errors (first ones):")
        for line in failures[:20]:
            log(f"  {line}")
    return steps


# --- Report -------------------------------------------------------------------------------------


def report(steps: list[Step], p95_ms: float) -> None:
    log()
    log(
        "| offered req/s | users | achieved req/s | p50 ms | p95 ms | p99 ms | errors "
        "| gunicorn CPU | PostgreSQL CPU | locust CPU | CPU ms / request | load avg |"
    )
    log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in steps:
        log(
            f"| {s.offered:.0f} | {s.users} | {s.achieved:.1f} | {s.percentile(0.5):.0f} "
            f"| {s.percentile(0.95):.0f} | {s.percentile(0.99):.0f} | {s.errors} "
            f"| {s.cpu['gunicorn']:.0%} | {s.cpu['postgres']:.0%} | {s.cpu['locust']:.0%} "
            f"| {s.cpu_per_request:.0f} | {s.load:.1f} |"
        )
    cores = os.cpu_count() or 1
    log(
        f"(CPU: share of one core, the machine has {cores}; CPU ms / request: gunicorn's and "
        "PostgreSQL's CPU time per request answered.)"
    )
    if steps and steps[-1].cpu_per_request > 0:
        cost = steps[-1].cpu_per_request
        log(
            f"At {cost:.0f} ms of CPU per request, {cores} idle cores serve at most "
            f"{cores * 1000 / cost:.0f} requests/s, queueing aside."
        )
    passing = [s for s in steps if s.passes(p95_ms)]
    shown = [passing[-1]] if passing else []
    if steps and steps[-1] not in shown:
        shown.append(steps[-1])
    for s in shown:
        log()
        log(f"Per kind of request, offered {s.offered:.0f} req/s:")
        log("| request | share | p50 ms | p95 ms | p99 ms | errors |")
        log("|---|---:|---:|---:|---:|---:|")
        names = sorted({n for n, _ms, _f in s.times})
        for name in names:
            rows = [t for t in s.times if t[0] == name]
            log(
                f"| {name} | {len(rows) / s.count:.0%} | {s.percentile(0.5, name):.0f} "
                f"| {s.percentile(0.95, name):.0f} | {s.percentile(0.99, name):.0f} "
                f"| {sum(f for _n, _ms, f in rows)} |"
            )
    log()
    if passing:
        best = max(passing, key=lambda s: s.achieved)
        log(
            f"Answer: {best.achieved:.0f} requests/s (offered {best.offered:.0f}) with p95 "
            f"{best.percentile(0.95):.0f} ms ≤ {p95_ms:.0f} ms and no error."
        )
    else:
        log(f"Answer: no step kept p95 ≤ {p95_ms:.0f} ms with no error.")


# --- Main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("DATABASE_URL") or DEFAULT_SERVER,
        help="a PostgreSQL URL on the server to use (default DATABASE_URL, else %(default)s)",
    )
    parser.add_argument("--database", default="relais_bench_load", help="database name")
    parser.add_argument("--services", type=int, default=100_000, help="synthetic services")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--port", type=int, default=8110, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--rates",
        type=lambda text: [float(x) for x in text.split(",")],
        default=[5, 10, 20, 50, 100, 150, 200, 250, 300, 400],
        help="offered rates (req/s), comma-separated (default %(default)s)",
    )
    parser.add_argument("--step-seconds", type=float, default=30, help="measured per step")
    parser.add_argument("--warmup-seconds", type=float, default=5, help="before each step")
    parser.add_argument(
        "--first-warmup-seconds", type=float, default=30, help="before the first step"
    )
    parser.add_argument("--max-requests", type=int, default=150_000, help="in all the steps")
    parser.add_argument("--max-minutes", type=float, default=15, help="for all the steps")
    parser.add_argument("--p95-ms", type=float, default=200, help="the p95 to keep")
    parser.add_argument(
        "--user-rate", type=float, default=0.5, help="requests/s per public user (sets users)"
    )
    parser.add_argument(
        "--worker-users",
        type=int,
        default=len(WORKER_ACCOUNTS),
        help="simulated workers, one demo account each (at most %(default)s)",
    )
    parser.add_argument(
        "--replica-url",
        help="DATABASE_REPLICA_URL for the server (the public directory's reads go there)",
    )
    parser.add_argument(
        "--no-pdf",
        action="store_true",
        help="no pocket guide: HSDS pages make the whole 5 %% of guides and exports",
    )
    parser.add_argument(
        "--all-steps", action="store_true", help="go on after a step over the p95 or with errors"
    )
    parser.add_argument(
        "--persons-only",
        action="store_true",
        help="only the workers (person files read, notes written) make the offered rate",
    )
    parser.add_argument("--skip-prepare", action="store_true", help="use the database as it is")
    args = parser.parse_args()
    if not 1 <= args.worker_users <= len(WORKER_ACCOUNTS):
        parser.error(f"--worker-users: 1 to {len(WORKER_ACCOUNTS)}")
    if not args.server.startswith(("postgres://", "postgresql://")):
        parser.error("--server (or DATABASE_URL) must be a PostgreSQL URL")
    host = urlsplit(args.server).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the load test runs on this machine only: --server on 127.0.0.1")
    try:
        import locust  # noqa: F401
    except ImportError:
        parser.error(
            "locust is not installed: .venv/bin/pip install -r requirements-bench.txt "
            "-c constraints.txt"
        )

    database_url = _url_for(args.server, args.database)
    common = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RELAIS_ENCRYPTION_KEYS": BENCH_ENCRYPTION_KEY,
        "PYTHONPATH": str(ROOT),
    }
    common.pop("DATABASE_REPLICA_URL", None)
    base_env = {**common, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    prod_env = {
        **common,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_CONN_MAX_AGE": "600",
        "RELAIS_TRUSTED_PROXIES": "1",
    }
    if args.replica_url:
        prod_env["DATABASE_REPLICA_URL"] = args.replica_url

    log(
        f"relais load test: {os.cpu_count()} cores, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; database {args.database}; "
        f"gunicorn {args.workers} workers on 127.0.0.1:{args.port}"
    )
    if not _admin(args.server, "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]):
        _admin(args.server, f'CREATE DATABASE "{args.database}"')
    server = None
    try:
        if not args.skip_prepare:
            prepare(database_url, args.services, base_env=base_env, prod_env=prod_env)
        (ROOT / "var").mkdir(exist_ok=True)
        server = start_gunicorn(
            prod_env,
            port=args.port,
            workers=args.workers,
            log_file=ROOT / "var" / "bench-load-gunicorn.log",
        )
        log(f"gunicorn answers; steps of {args.step_seconds:.0f} s (+{args.warmup_seconds:.0f} s):")
        steps = run_steps(
            args,
            host=f"http://127.0.0.1:{args.port}",
            server_pid=server.pid,
            plan_fill=lambda plan: plan_data(database_url, plan),
        )
        report(steps, args.p95_ms)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep:
            _admin(args.server, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            log(f"Dropped the database {args.database} (--keep keeps it).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
