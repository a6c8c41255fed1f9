"""The apps import only the apps below them (docs/architecture.md, "Which app may import which").

Every module of the apps is read as source (migrations aside, they are generated): imports at
the top and inside functions, and models named by string ("catalog.FiscalQuarter"), all count."""

import ast
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

MAY_IMPORT = {
    "portal": set(),
    "catalog": {"portal"},
    "training": {"portal", "catalog"},
    "distributors": {"portal", "catalog"},
    "deals": {"portal", "catalog", "distributors"},
    "benefits": {"portal", "catalog", "distributors"},
    "rebates": {"portal", "catalog", "training", "distributors", "deals", "benefits", "news"},
    "newsletter": {"portal"},
    "advantage": {"portal", "catalog", "training", "distributors", "rebates"},
    "library": {"portal", "catalog"},
    "discounts": {"portal", "catalog", "distributors", "benefits", "rebates"},
    "service_locator": {"portal"},
    "news": {"portal", "catalog", "newsletter"},
    "leads": {"portal", "catalog", "deals"},
}


MODEL_NAME = re.compile(rf"^({'|'.join(MAY_IMPORT)})\.[A-Z]\w*$")


def dependencies(source: str) -> list[tuple[int, str, str]]:
    """(line, app, what) for every import of one of the apps and every "app.Model" string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and MODEL_NAME.match(node.value):
            found.append((node.lineno, node.value.split(".")[0], node.value))
            continue
        else:
            continue
        found += [(node.lineno, name.split(".")[0], name) for name in names if name.split(".")[0] in MAY_IMPORT]
    return found


def modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def edges() -> list[tuple[str, str, int, str, str]]:
    """(app, file, line, other app, what) for every dependency of an app on another."""
    return [
        (app, path.relative_to(ROOT).as_posix(), line, other, what)
        for app in MAY_IMPORT
        for path in modules(app)
        for line, other, what in dependencies(path.read_text(encoding="utf-8"))
        if other != app
    ]


def test_every_app_of_the_project_has_a_row():
    local = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert local == set(MAY_IMPORT)


def test_apps_import_only_the_apps_below_them():
    forbidden = [
        f"{path}:{line} {app} {'refers to' if MODEL_NAME.match(what) else 'imports'} {what}"
        for app, path, line, other, what in edges()
        if other not in MAY_IMPORT[app]
    ]
    assert not forbidden, "\n".join(forbidden)


def test_no_two_apps_import_each_other():
    imports = {(app, other) for app, _path, _line, other, what in edges() if not MODEL_NAME.match(what)}
    assert not {(a, b) for a, b in imports if (b, a) in imports}


def test_imports_inside_functions_and_model_names_count():
    source = 'def f():\n    from rebates.models import Program\n\nx = models.ForeignKey("catalog.Product")\n'
    assert sorted(dependencies(source)) == [(2, "rebates", "rebates.models"), (4, "catalog", "catalog.Product")]


def test_the_architecture_document_says_the_same():
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for app, allowed in MAY_IMPORT.items():
        cell = ", ".join(f"`{other}`" for other in sorted(allowed, key=list(MAY_IMPORT).index)) or "—"
        assert f"| `{app}` | {cell} |" in document


def test_the_toolkit_imports_no_app():
    """toolkit/ (errors, spreadsheets, COPY, locks, cache, validators, limits) sits below every app."""
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{line} imports {what}"
        for path in modules("toolkit")
        for line, _app, what in dependencies(path.read_text(encoding="utf-8"))
    ]
    assert modules("toolkit") and not found, "\n".join(found)
