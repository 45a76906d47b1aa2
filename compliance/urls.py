from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("use-cases/<int:use_case_pk>/assessment/", views.assessment, name="assessment"),
    path("use-cases/<int:use_case_pk>/assessment/reconfirm/", views.reconfirm, name="reconfirm"),
    path("clients/<int:pk>/law-changes/", views.client_law_changes, name="client-law-changes"),
]
