"""The `openhexo` command: serve, migrate, createuser and a pass-through to Django's commands.

Each subcommand is a function taking parsed arguments and returning an exit status
(0 success, 1 error); argparse answers misuse with 2. Later commands (import, export,
demo...) register themselves the same way in `build_parser`.
"""

import argparse
import ipaddress
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openhexo.settings")
    import django

    django.setup()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_migrate(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=args.verbosity)
    say("Database ready; catalogue loaded.")
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from openhexo.accounts.actions import create_user

    password = sys.stdin.readline().rstrip("\n") if args.password == "-" else args.password
    try:
        user = create_user(args.email, password, args.first_name, args.last_name)
    except ValidationError as error:
        say(f"error: cannot create {args.email}: {' '.join(error.messages)}")
        return 1
    print(json.dumps({"id": user.pk, "email": user.email, "resource_uri": f"/api/user/{user.pk}/"}))
    return 0


def find_user(email: str):
    from openhexo.accounts.models import User

    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        say(f"error: no user has the email {email}")
    return user


def cmd_createclient(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from openhexo.accounts.clients import create_client

    user = find_user(args.user)
    if user is None:
        return 1
    try:
        client, secret = create_client(
            user, args.grant, args.redirect_uri, args.public, args.readonly, args.name
        )
    except (ValueError, ValidationError) as error:
        say(f"error: {error}")
        return 1
    print(json.dumps({"client_id": client.client_id, "client_secret": secret}))
    return 0


def cmd_createapikey(args: argparse.Namespace) -> int:
    from openhexo.accounts.clients import create_api_key

    user = find_user(args.user)
    if user is None:
        return 1
    client, secret = create_api_key(user, readonly=args.readonly)
    print(json.dumps({"public_key": client.client_id, "private_key": secret}))
    return 0


def cmd_revokeclient(args: argparse.Namespace) -> int:
    from openhexo.accounts.clients import revoke_client
    from openhexo.accounts.models import OAuthClient

    client = OAuthClient.objects.filter(client_id=args.client_id).first()
    if client is None:
        say(f"error: no client or API key has the id {args.client_id}")
        return 1
    revoke_client(client)
    say(f"Revoked {args.client_id} and its tokens.")
    return 0


def cmd_deleteuser(args: argparse.Namespace) -> int:
    from openhexo.timeseries.actions import erase_user

    user = find_user(args.email)
    if user is None:
        return 1
    if not args.yes and sys.stdin.isatty():
        typed = input(f"Erase {user.email} and all their data? Type the email again: ")
        if typed.strip().lower() != user.email:
            say("Nothing erased.")
            return 1
    erased = erase_user(user)
    counts = ", ".join(f"{n} {name}" for name, n in sorted(erased.items()) if n)
    say(f"Erased {args.email}: {counts}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.conf import settings

    from openhexo.accounts.demo import DEMO_EMAIL, demo_password_works, ensure_demo_account
    from openhexo.server import serve

    say(f"openhexo data directory: {settings.DATA_DIR}")
    if not is_loopback(args.host):
        if demo_password_works():
            say(
                "error: the demo account still has its published password. Change it first: "
                f"openhexo manage changepassword {DEMO_EMAIL}"
            )
            return 1
        if args.demo:
            say("Not creating a demo account: the server is bound to a non-loopback address.")
    elif args.demo:
        host = f"[{args.host}]" if ":" in args.host else args.host
        ensure_demo_account(say, f"{'https' if args.tls else 'http'}://{host}:{args.port}")
    with _embedded_worker(not args.no_worker):
        return serve(args.host, args.port, args.workers, _certificate(args))


@contextmanager
def _embedded_worker(wanted: bool) -> Iterator[None]:
    """`openhexo worker` beside the web server, stopped with it (one machine, one command)."""
    if not wanted:
        yield
        return
    worker = subprocess.Popen([sys.executable, "-m", "openhexo.cli", "worker"])
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def _certificate(args: argparse.Namespace) -> tuple | None:
    if not args.tls:
        return None
    from django.conf import settings

    from openhexo.tls import local_certificate

    certificate, key = local_certificate(settings.DATA_DIR / "tls")
    say(f"Serving https with the self-signed certificate {certificate}.")
    return certificate, key


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the job queue's consumer: processing of uploads, and its periodic sweep."""
    from django.conf import settings
    from django.core.management import call_command

    where = "Redis" if settings.REDIS_URL else settings.HUEY["connection"]["filename"]
    say(f"openhexo worker: {args.workers} processes, jobs queued in {where}")
    call_command("run_huey", workers=args.workers, worker_type="process")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from openhexo.processing.jobs import reprocess

    user = find_user(args.email)
    if user is None:
        return 1
    queued = reprocess(user.pk, args.record, force=args.force)
    if args.record is not None and not queued:
        say(f"error: {args.email} has no record {args.record}.")
        return 1
    say(f"Queued {queued} record(s) of {args.email} for processing; a worker runs them.")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openhexo manage", *args.arguments])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openhexo", description="A self-hostable server that speaks the Hexoskin REST API."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the web server")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="create a demo account when the database has no user (loopback addresses only)",
    )
    serve.add_argument(
        "--tls",
        action="store_true",
        help="serve https with a self-signed certificate made in the data directory "
        "(the official Hexoskin client only speaks https)",
    )
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="do not run background jobs here (run `openhexo worker` on other machines)",
    )
    serve.set_defaults(handler=cmd_serve)

    migrate = commands.add_parser("migrate", help="create or update the database and catalogue")
    migrate.add_argument("--verbosity", type=int, default=1, choices=[0, 1, 2, 3])
    migrate.set_defaults(handler=cmd_migrate)

    createuser = commands.add_parser("createuser", help="create a user; prints it as JSON")
    createuser.add_argument("--email", required=True)
    createuser.add_argument(
        "--password", required=True, help="the password, or - to read it from standard input"
    )
    createuser.add_argument("--first-name", default="")
    createuser.add_argument("--last-name", default="")
    createuser.set_defaults(handler=cmd_createuser)

    client = commands.add_parser("createclient", help="create an OAuth2 client; prints JSON")
    client.add_argument("--user", required=True, help="the owner's email")
    client.add_argument(
        "--grant",
        required=True,
        action="append",
        choices=["password", "authorization-code", "implicit", "client-credentials"],
        help="an allowed grant (repeat for several)",
    )
    client.add_argument("--redirect-uri", action="append", default=[], help="(repeatable)")
    client.add_argument("--public", action="store_true", help="no secret (PKCE required)")
    client.add_argument("--readonly", action="store_true", help="its tokens never write")
    client.add_argument("--name", default="")
    client.set_defaults(handler=cmd_createclient)

    apikey = commands.add_parser("createapikey", help="create an API key pair; prints JSON")
    apikey.add_argument("--user", required=True, help="the owner's email")
    apikey.add_argument("--readonly", action="store_true", help="the key never writes")
    apikey.set_defaults(handler=cmd_createapikey)

    revoke = commands.add_parser("revokeclient", help="revoke a client or API key and its tokens")
    revoke.add_argument("client_id", help="the client_id or public key")
    revoke.set_defaults(handler=cmd_revokeclient)

    delete = commands.add_parser("deleteuser", help="erase a user and all their data")
    delete.add_argument("--email", required=True, help="the user's email")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=cmd_deleteuser)

    worker = commands.add_parser("worker", help="run background jobs (processing)")
    worker.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    worker.set_defaults(handler=cmd_worker)

    again = commands.add_parser("reprocess", help="run the algorithms again over a user's data")
    again.add_argument("--user", dest="email", required=True, help="the user's email")
    again.add_argument("--record", type=int, help="only this record (its id)")
    again.add_argument(
        "--force", action="store_true", help="also replace derived series the user uploaded"
    )
    again.set_defaults(handler=cmd_reprocess)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_django()
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
