"""The project's shape: the production compose file and the settings' nesting."""

import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_describes_the_production_shape():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    assert set(services) == {"web", "worker", "beat", "mcp", "postgres", "redis", "proxy"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    # Beat sends the sweep that re-queues stuck summaries.
    assert services["beat"]["command"].startswith("celery -A config beat")
    # The MCP server over streamable HTTP: its own ASGI process, after the web has migrated.
    assert services["mcp"]["command"].startswith("python manage.py mcp --http")
    assert services["mcp"]["depends_on"]["web"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat", "mcp"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://")
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_beat_runs_the_summary_sweep():
    from django.conf import settings

    (entry,) = settings.CELERY_BEAT_SCHEDULE.values()
    assert entry["task"] == "summaries.sweep_summaries"
    assert entry["schedule"] == settings.SUMMARY_SWEEP_INTERVAL_SECONDS
    from config.celery import app

    assert "summaries.sweep_summaries" in app.tasks
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_compose_requires_its_secrets_and_publishes_only_the_proxy():
    text = (ROOT / "docker-compose.yml").read_text()
    compose = yaml.safe_load(text)
    services = compose["services"]

    # No default for a secret: compose refuses to start until .env sets it.
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "SITE_ADDRESS"):
        assert f"${{{secret}:?" in text, secret
        assert f"${{{secret}:-" not in text, secret
    assert "${POSTGRES_PASSWORD:?" in services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert "${POSTGRES_PASSWORD:?" in services["web"]["environment"]["DATABASE_URL"]
    # gunicorn is reached over the compose network only; the TLS proxy is the one published service.
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["ports"] == ["80:80", "443:443"]
    # The proxy sends /mcp/ to the MCP server and every other path to gunicorn.
    assert services["proxy"]["configs"] == [{"source": "caddyfile", "target": "/etc/caddy/Caddyfile"}]
    assert "--config /etc/caddy/Caddyfile" in services["proxy"]["command"]
    caddyfile = compose["configs"]["caddyfile"]["content"]
    assert "${SITE_ADDRESS:?" in caddyfile
    assert "reverse_proxy /mcp* mcp:8001" in caddyfile
    assert "reverse_proxy web:8000" in caddyfile
    assert "--port 8001" in services["mcp"]["command"]
    # The proxy's network is the only one trusted for X-Forwarded-For, and rate limits share Redis.
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["TRUSTED_PROXIES"] == subnet
        assert env["CACHE_URL"].startswith("redis://redis:6379/")
        assert env["CACHE_URL"] != env["CELERY_BROKER_URL"]


def test_health_endpoint_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


# The apps from the base up: each may import the ones before it, never one after it.
LAYERS = ("core", "workshop", "usecases", "roi", "compliance", "pocs", "reports", "summaries", "assistant")
# config wires the apps together and may import any of them.
APPS = ("config", *(app for app in LAYERS if (ROOT / app).is_dir()))
PURE_MODULES = (
    "roi/calculator.py",
    "usecases/ranking_math.py",
    "usecases/duplicates.py",
    "summaries/llm.py",
    "summaries/prompt.py",
    "compliance/rules.py",
    "compliance/questions.py",
    "pocs/reprojection.py",
    "pocs/metrics.py",
)


def _project_imports(root: Path = ROOT, apps: tuple[str, ...] = APPS) -> dict[str, set[str]]:
    """Module -> project modules it imports, anywhere in the file (lazy imports count too)."""
    import ast

    modules = {}
    for app in apps:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
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


def upward_imports(graph: dict[str, set[str]], layers: tuple[str, ...] = LAYERS) -> list[str]:
    """Every import of a higher layer's module by a lower layer's, as "importer -> imported"."""
    rank = {app: index for index, app in enumerate(layers)}
    found = []
    for module, targets in sorted(graph.items()):
        app = module.split(".")[0]
        if app not in rank:
            continue  # config, and anything outside the layers
        for target in sorted(targets):
            other = target.split(".")[0]
            if other in rank and rank[other] > rank[app]:
                found.append(f"{module} -> {target}")
    return found


def test_no_app_imports_an_app_above_it():
    """core < workshop < usecases < roi < compliance < pocs < reports < summaries < assistant (the MCP server)."""
    assert upward_imports(_project_imports()) == []


def test_core_imports_no_app_even_for_type_hints():
    """core is infrastructure under every app: not one import of an app, not even under TYPE_CHECKING."""
    import ast

    found = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in LAYERS[1:]]
    assert found == []


# Modules three or more apps import, outside core: each is about the domain, and says which part of it.
SHARED_DOMAIN_MODULES = {
    "workshop.models": "clients, workshops, participants",
    "workshop.selectors": "who may see a workshop (Access, Actor)",
    "workshop.permissions": "the API's actor: a signed-in user or a participant",
    "workshop.conditional": "a board's ETag: who sees which version of a workshop",
    "workshop.api": "access_for: who may read a workshop over the API",
    "workshop.portability": "a workshop as a backup document, each app's section",
    "workshop.signals": "what a workshop announces (created, phase changed, participant erased)",
    "usecases.ranking": "the ranking of a workshop's use cases",
    "usecases.policy": "who may add, edit, score, vote on, triage and shortlist a use case, now",
    "roi.calculator": "the ROI formulas",
    "usecases.models": "use cases, criteria, scores, votes",
    "usecases.selectors": "the ranking and what a reader sees of it",
    "roi.models": "ROI estimates",
    "roi.selectors": "a use case's ROI figures",
    "compliance.models": "AI Act / GDPR assessments",
    "compliance.selectors": "an assessment as read today",
    "compliance.display": "an assessment's words on every page and export",
    "pocs.models": "proofs of concept",
    "pocs.selectors": "a POC's figures",
}


def shared_modules(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Module (outside core) -> the other apps that import it, for those three or more apps import."""
    users: dict[str, set[str]] = {}
    for module, targets in graph.items():
        for target in targets:
            if target.split(".")[0] != module.split(".")[0]:
                users.setdefault(target, set()).add(module.split(".")[0])
    return {m: apps for m, apps in users.items() if len(apps) >= 3 and m.split(".")[0] != "core" and "." in m}


def test_what_three_apps_share_outside_core_is_about_the_domain():
    """Infrastructure (caching, numbers, throttling, page errors...) lives in core; the rest names its domain."""
    shared = shared_modules(_project_imports())
    assert sorted(set(shared) - set(SHARED_DOMAIN_MODULES)) == []


def test_the_layer_check_catches_an_upward_import():
    graph = {
        "workshop.services": {"workshop.models", "summaries.services"},
        "usecases.services": {"workshop.models"},
        "summaries.services": {"usecases.models", "roi.selectors"},
        "config.urls": {"summaries.urls"},
        "roi.plan": {"reports.items"},
    }
    assert upward_imports(graph) == ["roi.plan -> reports.items", "workshop.services -> summaries.services"]


def test_the_import_graph_sees_lazy_imports(tmp_path):
    """An import inside a function counts as much as one at the top of the file."""
    for app, text in {
        "workshop": "def later():\n    from summaries import services\n",
        "summaries": "",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "services.py").write_text(text)

    graph = _project_imports(tmp_path, ("workshop", "summaries"))

    assert upward_imports(graph) == ["workshop.services -> summaries", "workshop.services -> summaries.services"]


# What services raise for a page to show (core.pages turns them into words).
REFUSALS = {"ValidationError", "Refused", "PermissionDenied", "RateLimited", "ResultsHidden"}


def error_ladders(source: str, name: str = "views.py") -> list[str]:
    """Every ``except`` in page-view code that catches a service refusal itself, as "file:line"."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            names = {ast.unparse(c).rsplit(".", 1)[-1] for c in caught}
            if names & REFUSALS:
                found.append(f"{name}:{node.lineno}")
    return found


def page_view_files(root: Path = ROOT, apps: tuple[str, ...] = APPS) -> list[Path]:
    """The modules each app's urls.py routes pages to (``from app import views, presenter``), the API aside."""
    import ast

    files = set()
    for app in apps:
        urls = root / app / "urls.py"
        if not urls.exists():
            continue
        for node in ast.walk(ast.parse(urls.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in apps:
                for alias in node.names:
                    path = root / node.module / f"{alias.name}.py"
                    if path.exists() and "api" not in alias.name:
                        files.add(path)
    return sorted(files)


def test_page_views_leave_refusals_to_workshop_pages():
    """No page view writes its own except ladder: core.pages.attempt/submit or its middleware answer."""
    files = page_view_files()
    assert {"usecases/presenter.py", "workshop/room_views.py", "pocs/views.py"} <= {
        str(f.relative_to(ROOT)) for f in files
    }
    found = []
    for path in files:
        found += error_ladders(path.read_text(), str(path.relative_to(ROOT)))
    assert found == []


def test_the_ladder_check_catches_an_except_in_a_view():
    source = (
        "def edit(request):\n"
        "    try:\n"
        "        save()\n"
        "    except (forms.ValidationError, KeyError):\n"
        "        pass\n"
        "    except exceptions.Refused as exc:\n"
        "        pass\n"
        "    except OSError:\n"
        "        pass\n"
    )
    assert error_ladders(source) == ["views.py:4", "views.py:6"]


def test_the_rules_of_the_pre_assessment_import_no_django_at_all():
    for path in ("compliance/rules.py", "compliance/questions.py"):
        assert "django" not in (ROOT / path).read_text(), path


def test_no_lower_app_imports_the_compliance_app():
    graph = _project_imports()
    for module, targets in graph.items():
        if module.split(".")[0] in {"workshop", "usecases", "roi"}:
            assert not [t for t in targets if t.startswith("compliance")], module


def test_a_web_worker_loads_the_pdf_and_spreadsheet_writers_only_when_asked():
    """The PDF library alone is about 27 MB of every worker's memory (the bench's RSS target is < 150 MB)."""
    import subprocess
    import sys

    script = (
        "import sys, django; django.setup(); import config.urls; "
        "from django.urls import resolve; resolve('/'); "
        "before = {'fpdf', 'openpyxl'} & set(sys.modules); "
        "from reports.exports import RENDERERS; RENDERERS['pdf']; "
        "print(sorted(before), 'fpdf' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["[]", "True"]
