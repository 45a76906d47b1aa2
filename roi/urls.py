from django.urls import path, re_path

from roi import export_views, views

app_name = "roi"

urlpatterns = [
    path("use-cases/<int:pk>/roi/", views.edit, name="edit"),
    path("use-cases/<int:pk>/roi/preview/", views.preview, name="preview"),
    path("workshops/<int:pk>/portfolio/", views.portfolio, name="portfolio"),
    re_path(export_views.WORKSHOP_PLAN_ROUTE, export_views.workshop_plan_download, name="workshop-plan"),
    re_path(export_views.CLIENT_PLAN_ROUTE, export_views.client_plan_download, name="client-plan"),
]
