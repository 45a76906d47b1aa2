from django.urls import path

from pocs import views

app_name = "pocs"

urlpatterns = [
    path("workshops/<int:pk>/pocs/", views.workshop_list, name="workshop"),
    path("workshops/<int:pk>/backlog.csv", views.backlog_csv, name="backlog-csv"),
    path("workshops/<int:pk>/backlog.md", views.backlog_md, name="backlog-md"),
    path("use-cases/<int:pk>/poc/start/", views.start, name="start"),
    path("pocs/<int:pk>/", views.detail, name="detail"),
    path("pocs/<int:pk>/check-ins/", views.check_in, name="check-in"),
    path("pocs/<int:pk>/verdict/", views.verdict, name="verdict"),
    path("pocs/<int:pk>/definition-of-done/<int:item_id>/", views.dod_item, name="dod-item"),
    path("pocs/<int:pk>/metrics/", views.metric_add, name="metric-add"),
    path("pocs/<int:pk>/metrics/<int:metric_id>/target/", views.metric_target, name="metric-target"),
    path("clients/<int:pk>/pocs/", views.client_portfolio, name="client-portfolio"),
]
