"""Load benchmark (issue 14): 50 signed-in partners reading their dashboard, the programs page and
the programs API against gunicorn (config/gunicorn.py, production settings) on PostgreSQL and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_load .venv/bin/python bench/load.py \
        [--users 50] [--seconds 20] [--workers 3] [--pages /dashboard/ …] [--keepalive]

REDIS_URL defaults to redis://127.0.0.1:6379/5: production caches in Redis (rate limits, sessions,
the partner pages' inputs: rebates/inputs_cache.py), and so does this benchmark.

Setup (once per database, idempotent): migrate, the brochure, this quarter's programs open for
ACCEPT, 50 partners each with a login, an ACCEPT and 20 sales lines through an authorized
distributor. Then gunicorn starts on a free loopback port and an asyncio client (no think time;
a connection per request, as a reverse proxy opens them: see user_loop) runs the mix dashboard →
/programs/ → /api/v1/programs/ for the given time after a short warm-up, and prints requests per
second and latency percentiles per page and overall, against the targets (≥ 100 requests/s,
p95 ≤ 500 ms). Client and server share the machine's cores, as they do in the numbers quoted in
the issue. With 50 users and no think time, latency is 50 / throughput on average (Little's law):
p95 ≤ 500 ms needs some 130 requests/s, not 100."""

import argparse
import asyncio
import collections
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Sessions made here are read by the server: both sign them with the same key.
os.environ.setdefault("SECRET_KEY", "bench-load-" + "x" * 40)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
PAGES = ["/dashboard/", "/programs/", "/api/v1/programs/"]
TARGET_RPS, TARGET_P95_MS = 100, 500
PASSWORD = "bench-load-password-1"


def setup(users: int) -> list[str]:
    """Session cookies of `users` signed-in partner users (creating what is missing)."""
    from bench.common import prepared_database

    prepared_database()
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.test import Client

    from catalog.imports import import_products
    from catalog.models import FiscalQuarter, Product
    from catalog.selectors import current_quarter
    from distributors.models import Authorization
    from distributors.services import report_process, report_receive
    from portal.models import Distributor, Partner, Region, User
    from portal.services import next_number
    from rebates.services import enrollment_accept, quarter_clone_programs
    from toolkit.validators import inn_with_check_digits

    quarter = current_quarter()
    if not quarter.programs.exists():
        deadline = datetime.now(ZoneInfo("Europe/Moscow")).replace(microsecond=0) + timedelta(days=30)
        quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=quarter, deadline=deadline)
    catalog = ROOT / "rebates/management/commands/demo_data/products.csv"
    import_products(catalog.read_bytes(), catalog.name)
    distributor, _created = Distributor.objects.get_or_create(code="bench-load", defaults={"name": "Нагрузка"})
    for segment in ("consumer", "commercial", "monitors"):
        Authorization.objects.get_or_create(distributor=distributor, segment=segment, valid_from=date(2000, 1, 1))
    program = quarter.programs.get(kind="client")
    region = Region.objects.first()
    cookies = []
    lines = ["invoice_number,invoice_date,partner_id,sku,quantity,model,unit_price"]
    skus = list(Product.objects.values_list("sku", flat=True)[:20])
    for n in range(users):
        email = f"load{n}@bench.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            partner = Partner.objects.create(
                dell_id=next_number("dell_id", start=settings.DELL_ID_START),
                legal_name=f"ООО «Нагрузка {n}»",
                inn=inn_with_check_digits(f"779{n:06d}"),
                city="Москва",
                region=region,
                address="Москва",
                segment="both",
            )
            user = User.objects.create_user(email=email, password=PASSWORD, partner=partner, is_partner_admin=True)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            enrollment_accept(
                partner=partner, program=program, tier=program.tiers.order_by("units").first(), actor=user
            )
            today = date.today().strftime("%d.%m.%Y")
            lines += [f"L{n}-{i},{today},{partner.dell_id},{skus[i % len(skus)]},{1 + i % 3},," for i in range(20)]
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    if len(lines) > 1:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("load.csv", "\n".join(lines).encode())
        report_process(report_receive(distributor=distributor, upload=upload).pk)
    return cookies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def fetch(reader, writer, path: str, cookie: str, *, keepalive: bool) -> int:
    connection = "keep-alive" if keepalive else "close"
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sessionid={cookie}\r\nAccept-Language: ru\r\n"
        f"Connection: {connection}\r\n\r\n".encode()
    )
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("the server closed the keep-alive connection")
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        key, _, value = line.decode("latin-1").partition(":")
        if key.lower() == "content-length":
            length = int(value)
        elif key.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while (size := int((await reader.readline()).strip(), 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return status


async def user_loop(port, cookie, until, warmup_until, timings, errors, pages=PAGES, keepalive=False):
    """One user asking for the pages in turn, without think time. A new connection per request by
    default, as a reverse proxy talks to its upstream (nginx does unless told to keep upstream
    connections alive): each request goes to whichever worker accepts it first. With `keepalive`, one
    connection per user, as a browser talking straight to gunicorn: connections stick to the worker
    that accepted them, and an uneven spread (all of them in one worker) changes the figures
    from run to run."""
    connection = None
    step = 0
    while time.monotonic() < until:
        path = pages[step % len(pages)]
        step += 1
        started = time.monotonic()
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            status = await fetch(*connection, path, cookie, keepalive=keepalive)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            connection[1].close()
            connection = None
            continue  # a closed keep-alive connection: ask again on a new one
        if not keepalive:
            connection[1].close()
            connection = None
        if started >= warmup_until:
            if status == 200:
                timings[path].append(time.monotonic() - started)
            else:
                errors.append((path, status))
    if connection is not None:
        connection[1].close()


async def run_load(port, cookies, seconds, warmup, pages=PAGES, keepalive=False):
    timings = {path: [] for path in pages}
    errors: list = []
    start = time.monotonic()
    await asyncio.gather(
        *(
            user_loop(port, c, start + warmup + seconds, start + warmup, timings, errors, pages, keepalive)
            for c in cookies
        )
    )
    return timings, errors


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=PAGES, help="another mix, to look at one page alone")
    parser.add_argument("--keepalive", action="store_true", help="one connection per user (see user_loop)")
    args = parser.parse_args()
    cookies = setup(args.users)
    port = free_port()
    static_root = ROOT / "var" / "bench-static"
    env = os.environ | {
        "STATIC_ROOT": str(static_root),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STAFF_MFA_REQUIRED": "false",
        "EMAIL_URL": "smtp://127.0.0.1:1025",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(  # production settings serve static files from the manifest collectstatic writes
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        timings, errors = asyncio.run(run_load(port, cookies, args.seconds, args.warmup, args.pages, args.keepalive))
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: the measurement is over
        server.wait(timeout=30)
    if errors:
        print("errors (page, status):", collections.Counter(errors).most_common(5))
    if not all(timings.values()):
        raise SystemExit("a page had no successful answer in the measured time (measure longer, or see the errors)")
    total = sum(len(v) for v in timings.values())
    every = [t for v in timings.values() for t in v]
    print(f"{args.users} users, {args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up, "
          f"gunicorn {args.workers} workers × {os.environ.get('GUNICORN_THREADS', '8')} threads")  # fmt: skip
    for path, values in timings.items():
        print(f"  {path:<20} {len(values) / args.seconds:6.1f} req/s   p50 {statistics.median(values) * 1000:6.0f} ms   "
              f"p95 {percentile(values, 0.95) * 1000:6.0f} ms   max {max(values) * 1000:6.0f} ms")  # fmt: skip
    rps, p95 = total / args.seconds, percentile(every, 0.95) * 1000
    print(f"  all                  {rps:6.1f} req/s   p95 {p95:6.0f} ms   errors {len(errors)}")
    print(f"  targets: ≥ {TARGET_RPS} req/s ({rps / TARGET_RPS:.2f}× of it), p95 ≤ {TARGET_P95_MS} ms "
          f"({p95 / TARGET_P95_MS:.2f}× of it)")  # fmt: skip


if __name__ == "__main__":
    main()
