"""The rules of the house (DESIGN.md section 3), checked on the source itself."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "openhexo"
DOMAIN_APPS = ("accounts", "catalog", "records", "timeseries", "processing")
PURE = ("records/timestamps.py", "timeseries/codec.py", "biosignals", "formats")


def package_of(path: Path) -> list[str]:
    return ["openhexo", *path.relative_to(PACKAGE).parent.parts]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, `from a import b` as a.b too."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package_of(path)[: len(package_of(path)) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def python_files(*relative: str) -> list[Path]:
    files = []
    for name in relative:
        target = PACKAGE / name
        files += [target] if target.is_file() else sorted(target.rglob("*.py"))
    return files


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_never_import_the_api_or_dashboard(app):
    for path in python_files(app):
        for module in imported_modules(path):
            assert not module.startswith(("openhexo.api", "openhexo.dashboard")), (path, module)


def test_pure_modules_import_no_django():
    assert python_files(*PURE), "no pure module found to check"
    for path in python_files(*PURE):
        for module in imported_modules(path):
            assert module.split(".")[0] != "django", (path, module)


def test_the_checks_see_real_files():
    """A check that finds nothing to check cannot fail: make sure it reads the domain apps."""
    assert len(python_files("accounts", "catalog", "records")) >= 9
    found = imported_modules(PACKAGE / "records" / "models.py")
    assert {
        "django.db",
        "openhexo.records.timestamps",
        "openhexo.records.timestamps.from_datetime",
    } <= found
    assert "openhexo.api.fields" in imported_modules(PACKAGE / "api" / "base.py")  # `from .fields`


def test_every_module_says_what_it_is_for():
    for path in python_files("."):
        if "migrations" in path.parts or path.name in ("__init__.py", "apps.py"):
            continue
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no docstring"
