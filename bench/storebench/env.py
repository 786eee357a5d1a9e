"""A throwaway database for one benchmark run: SQLite in a temporary data directory, or a
fresh PostgreSQL database on the server DATABASE_URL names (created here, dropped at the end;
the database DATABASE_URL itself names is never written to)."""

import os
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
EMAIL_DOMAIN = "bench.example.com"
PASSWORD = "bench-password-1"


@dataclass
class Environment:
    data_dir: Path
    database_url: str | None  # the throwaway PostgreSQL database, or None for SQLite
    admin_url: str | None  # where it was created from

    @property
    def engine(self) -> str:
        return "PostgreSQL" if self.database_url else "SQLite"

    def server_env(self) -> dict[str, str]:
        """The environment of `openhexo serve` and of child processes, on this database."""
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["OPENHEXO_DATA_DIR"] = str(self.data_dir)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def create() -> Environment:
    """Make the data directory (and database), point this process at it; Django not set up."""
    data_dir = Path(tempfile.mkdtemp(prefix="openhexo-bench-"))
    admin_url = os.environ.get("DATABASE_URL", "").strip() or None
    database_url = None
    if admin_url:
        name = f"openhexo_bench_{secrets.token_hex(4)}"
        _admin(admin_url, f'CREATE DATABASE "{name}"')
        database_url = _with_database(admin_url, name)
    env = Environment(data_dir, database_url, admin_url)
    os.environ["OPENHEXO_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return env


def setup_django() -> None:
    import django

    django.setup()


def prepare(env: Environment) -> None:
    """Migrate (openhexo's tables and catalogue) and create the naive table."""
    from django.core.management import call_command
    from django.db import connection

    from bench.naive.models import Sample

    call_command("migrate", interactive=False, verbosity=0)
    with connection.schema_editor() as editor:
        editor.create_model(Sample)


def make_user(name: str):
    from openhexo.accounts.actions import create_user

    return create_user(f"{name}@{EMAIL_DOMAIN}", PASSWORD)


def destroy(env: Environment) -> None:
    """Remove the data directory and drop the throwaway database."""
    from django.db import connections

    connections.close_all()
    if env.database_url and env.admin_url:
        name = urlsplit(env.database_url).path.lstrip("/")
        _admin(env.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(env.data_dir, ignore_errors=True)
