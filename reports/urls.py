from django.urls import path, re_path

from reports import views
from reports.api import CLIENT_PLAN_ROUTE, WORKSHOP_PLAN_ROUTE

app_name = "reports"

urlpatterns = [
    path("workshops/<int:pk>/results/", views.results, name="results"),
    path("workshops/<int:pk>/portfolio/", views.portfolio_page, name="portfolio"),
    re_path(WORKSHOP_PLAN_ROUTE, views.workshop_plan_download, name="workshop-plan"),
    re_path(CLIENT_PLAN_ROUTE, views.client_plan_download, name="client-plan"),
]
