from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.cache_backends import unreachable_since


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON under /api/ (a path no route matches, e.g. a malformed id), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


handler404 = not_found


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the container: the app answers and reaches its database; and what is degraded.

    200 whenever pages can be served: an unreachable cache (Redis) degrades the app, it does not
    stop it, so the body says so ("degraded: cache ... unreachable") for the operator to see.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    caches["default"].get("healthz-probe")  # a fail-safe cache records the failure, never raises
    down = unreachable_since()
    if not down:
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponse(f"degraded: cache {', '.join(down)} unreachable", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles from its script; scripts stay same-origin only.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("", include("usecases.urls")),
    path("", include("roi.urls")),
    path("", include("compliance.urls")),
    path("", include("pocs.urls")),
    path("", include("reports.urls")),
    path("", include("summaries.urls")),
    path("", include("workshop.urls")),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
