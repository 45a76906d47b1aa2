"""Every endpoint of /api/v1/, gathered from the apps."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from pocs import api as pocs_api
from reports import api as reports_api
from roi import api as roi_api
from summaries import api as summaries_api
from usecases import api as usecases_api
from workshop import api as workshop_api

router = DefaultRouter()
# JSON is the only format: `/api/v1/workshops.json` is a 404, not a view called with an unexpected `format`.
router.include_format_suffixes = False
router.register("clients", workshop_api.ClientViewSet, basename="client")
router.register("workshops", workshop_api.WorkshopViewSet, basename="workshop")

app_name = "api"

urlpatterns = [
    path("join/", workshop_api.JoinView.as_view(), name="join"),
    path("auth/token/", workshop_api.ObtainTokenView.as_view(), name="token"),
    *workshop_api.urlpatterns,
    *usecases_api.urlpatterns,
    *roi_api.urlpatterns,
    *pocs_api.urlpatterns,
    *reports_api.urlpatterns,
    *summaries_api.urlpatterns,
    path("", include("compliance.api")),
    path("", include(router.urls)),
]
