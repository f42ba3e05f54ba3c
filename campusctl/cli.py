"""The `campus` command: `campus up`, `campus serve <service>`, `campus token …`."""

from __future__ import annotations

import argparse
import asyncio
import os
import runpy
import signal
import sys
import time
from pathlib import Path

from campusctl import backup as backup_mod
from campusctl import deadletters, outbox
from campusctl.platform import DEMO_PEOPLE, SERVICES, Platform, demo_token, ensure_broker, say
from campusctl.tokens import main as token_main
from campusctl.tokens import settings_from_env
from shared.auth import AuthSettings
from shared.environment import is_production
from shared.topology import SUBSCRIPTIONS, Names


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="campus", description="Campus Logistics (校园后勤)")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the whole platform on this machine")
    up.add_argument("--data-dir", default=os.environ.get("CAMPUS_DATA_DIR", "data"))
    up.add_argument(
        "--amqp-url",
        default=os.environ.get("CAMPUS_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"),
    )
    up.add_argument("--namespace", default=os.environ.get("CAMPUS_NAMESPACE", "campus"))
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--no-demo", action="store_true", help="do not load demo data")
    up.add_argument("--port-offset", type=int, default=0, help="add to every port (8101-8106)")
    serve = sub.add_parser("serve", help="run one service in the foreground")
    serve.add_argument("service", choices=[s.name for s in SERVICES])
    dlq = sub.add_parser("dlq", help="list or redrive a consumer's dead-letter queue")
    dlq.add_argument("action", choices=["list", "redrive"])
    dlq.add_argument("consumer", choices=sorted(SUBSCRIPTIONS))
    dlq.add_argument(
        "--amqp-url",
        default=os.environ.get("CAMPUS_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"),
    )
    dlq.add_argument("--namespace", default=os.environ.get("CAMPUS_NAMESPACE", "campus"))
    dlq.add_argument("--limit", type=int, default=None, help="at most this many messages")
    box = sub.add_parser("outbox", help="list a service's unsent events, or retry failed ones")
    box.add_argument("action", choices=["list", "retry"])
    box.add_argument("service", choices=[s.name for s in SERVICES])
    box.add_argument("--data-dir", default=os.environ.get("CAMPUS_DATA_DIR", "data"))
    box.add_argument("--store", help="the service's STORE_URL (default: its SQLite file)")
    box.add_argument("--id", action="append", dest="ids", help="retry only this event id")
    box.add_argument("--all", action="store_true", help="retry every failed entry")
    backup = sub.add_parser("backup", help="online-safe copy of every SQLite store")
    backup.add_argument("data_dir", type=Path, help="the services' data directory")
    backup.add_argument("dest", type=Path, help="where the copies go (one .db per service)")
    sub.add_parser(
        "token", help="mint a development token (see `campus token --help`)", add_help=False
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `campus` console script."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "token":
        return token_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "dlq":
        return dead_letters(args)
    if args.command == "outbox":
        return outbox_command(args)
    if args.command == "backup":
        for copied in backup_mod.backup_dir(args.data_dir, args.dest):
            say(f"{copied.source} -> {copied.target} ({copied.pages} pages, integrity ok)")
        return 0
    if args.command == "serve":
        sys.argv = [f"services.{args.service}"]
        runpy.run_module(f"services.{args.service}", run_name="__main__")
        return 0
    return up(args)


def dead_letters(args: argparse.Namespace) -> int:
    """`campus dlq list|redrive CONSUMER`: what was rejected and why; send it back."""
    names = Names(args.namespace)
    if args.action == "redrive":
        moved = asyncio.run(deadletters.redrive(args.amqp_url, names, args.consumer, args.limit))
        say(f"{moved} message(s) moved back to {names.queue(args.consumer)}")
        return 0
    letters = asyncio.run(
        deadletters.inspect(args.amqp_url, names, args.consumer, args.limit or 100)
    )
    for letter in letters:
        say(f"{letter.message_id}  {letter.type}  redriven={letter.redriven}")
        say(f"    reason: {letter.reason}")
    say(f"{len(letters)} dead letter(s) in {names.dead_letter_queue(args.consumer)}")
    return 0


def outbox_command(args: argparse.Namespace) -> int:
    """`campus outbox list|retry SERVICE`: unsent events with their errors; send failed again."""
    url = outbox.store_url(args.service, store=args.store, data_dir=args.data_dir)
    if args.action == "retry":
        if not (args.all or args.ids):
            say("name the entries to retry with --id EVENT_ID, or give --all")
            return 2
        moved = asyncio.run(outbox.retry(url, None if args.all else args.ids))
        say(f"{moved} failed entr{'y' if moved == 1 else 'ies'} back to pending")
        return 0
    stuck = asyncio.run(outbox.list_stuck(url))
    for entry in stuck:
        say(f"{entry.status:<9} {entry.event_id}  {entry.type}  attempts={entry.attempts}")
        if entry.last_error:
            say(f"    last error: {entry.last_error}")
    say(f"{len(stuck)} unsent entr{'y' if len(stuck) == 1 else 'ies'} in {url}")
    return 0


def up(args: argparse.Namespace) -> int:
    """Broker, the services and the console, readiness, demo data, URLs; stop on Ctrl-C."""
    if is_production(os.environ):
        # The one-machine platform signs in with development tokens; production is deployed.
        say(
            "campus up: refused, CAMPUS_ENV=production: it runs the development platform "
            "(demo people, development tokens); deploy production as docs/operations.md says"
        )
        return 2
    started = time.monotonic()
    ensure_broker(args.amqp_url)
    auth = settings_from_env(os.environ) if "CAMPUS_JWT_SECRET" in os.environ else AuthSettings()
    platform = Platform(
        data_dir=Path(args.data_dir),
        amqp_url=args.amqp_url,
        namespace=args.namespace,
        host=args.host,
        port_offset=args.port_offset,
    )
    stop = {"requested": False}

    def request_stop(signum: int, _frame: object) -> None:
        stop["requested"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, request_stop)
    try:
        platform.start()
        took = asyncio.run(platform.wait_ready())
        say(f"all {len(SERVICES)} processes ready in {time.monotonic() - started:.1f} s")
        if not args.no_demo:
            loaded = asyncio.run(platform.load_demo(auth))
            say("demo data loaded" if loaded else "demo data already present (kept)")
        _print_urls(platform, took, auth)
        while True:
            platform.check_alive()
            time.sleep(0.5)
    except KeyboardInterrupt:
        say("stopping every service …")
        return 0
    finally:
        platform.stop()
        say("stopped")


def _print_urls(platform: Platform, took: dict[str, float], auth: AuthSettings) -> None:
    say("")
    say(f"data directory: {platform.data_dir}   logs: {platform.data_dir / 'logs'}")
    for svc in SERVICES:
        base = platform.url(svc)
        ready = took[svc.name]
        say(f"  {svc.name:<14} {base}/docs   (/metrics /health /ready; ready after {ready:.1f} s)")
    say("")
    say(f"console (the pages people use): {platform.url('console')}/")
    say(f"  sign in as a demo person at {platform.url('console')}/signin")
    say("")
    say("development tokens (valid 12 h; use as `Authorization: Bearer <token>`):")
    for user_id, role, name in DEMO_PEOPLE:
        say(f"  {role:<16} {user_id:<22} {name}")
        say(f"    {demo_token(role, auth)}")
    say("")
    say("Ctrl-C stops every process; run again to continue with the same data.")


if __name__ == "__main__":
    raise SystemExit(main())
