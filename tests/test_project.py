"""The project's shape: the production compose file and the settings' nesting."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_describes_the_production_shape():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    assert set(services) == {"web", "worker", "postgres", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://")
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_health_endpoint_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


APPS = ("config", "workshop", "usecases", "roi", "pocs")
PURE_MODULES = (
    "roi/calculator.py",
    "usecases/ranking_math.py",
    "workshop/llm.py",
    "workshop/prompt.py",
    "pocs/reprojection.py",
    "pocs/metrics.py",
)


def _project_imports() -> dict[str, set[str]]:
    """Module -> project modules it imports, anywhere in the file (lazy imports count too)."""
    import ast

    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def test_no_two_files_import_each_other_directly_or_in_a_loop():
    graph = _project_imports()
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in visiting:
            raise AssertionError("import loop: " + " -> ".join([*visiting[visiting.index(module) :], module]))
        if module in done:
            return
        visiting.append(module)
        for target in sorted(graph[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_pure_modules_import_no_django_models():
    graph = _project_imports()
    for path in PURE_MODULES:
        module = path.removesuffix(".py").replace("/", ".")
        text = (ROOT / path).read_text()
        assert "django.db" not in text, path
        assert not [m for m in graph[module] if m.endswith(".models")], path
