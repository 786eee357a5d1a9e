"""Settings come from the environment; checked in fresh interpreters, as a server starts."""

import json
import os
import stat
import subprocess
import sys

PROBE = (
    "import json, openhexo.settings as s; "
    "print(json.dumps({'data': str(s.DATA_DIR), 'key': s.SECRET_KEY, 'debug': s.DEBUG, "
    "'hosts': s.ALLOWED_HOSTS, 'db': s.DATABASES['default']['ENGINE'], "
    "'name': s.DATABASES['default']['NAME'], 'upload': s.MAX_UPLOAD_BYTES, "
    "'cache': s.CACHES['default']['BACKEND']}))"
)


def settings_with(**env) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPENHEXO_")}
    base.pop("DATABASE_URL", None)
    base.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=base | env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_defaults_keep_everything_in_the_data_directory(tmp_path):
    found = settings_with(OPENHEXO_DATA_DIR=str(tmp_path / "data"))
    assert found["data"] == str(tmp_path / "data")
    assert found["db"] == "django.db.backends.sqlite3"
    assert found["name"] == str(tmp_path / "data" / "openhexo.sqlite3")
    assert found["debug"] is False
    assert found["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert found["upload"] == 512 * 1024 * 1024
    assert "locmem" in found["cache"]


def test_secret_key_is_generated_once_and_private(tmp_path):
    first = settings_with(OPENHEXO_DATA_DIR=str(tmp_path))["key"]
    assert len(first) >= 50
    assert settings_with(OPENHEXO_DATA_DIR=str(tmp_path))["key"] == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_every_knob_comes_from_the_environment(tmp_path):
    found = settings_with(
        OPENHEXO_DATA_DIR=str(tmp_path),
        OPENHEXO_SECRET_KEY="from-the-environment",
        OPENHEXO_DEBUG="1",
        OPENHEXO_ALLOWED_HOSTS="hexo.example.org, api.example.org",
        OPENHEXO_MAX_UPLOAD_MB="64",
        DATABASE_URL="postgres://u:p@db.example.org:5432/hexo",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert found["key"] == "from-the-environment"
    assert found["debug"] is True
    assert found["hosts"] == ["hexo.example.org", "api.example.org"]
    assert found["upload"] == 64 * 1024 * 1024
    assert found["db"] == "django.db.backends.postgresql"
    assert found["name"] == "hexo"
    assert "redis" in found["cache"].lower()
    assert not (tmp_path / "secret_key").exists()
