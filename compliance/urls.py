from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("use-cases/<int:use_case_pk>/assessment/", views.assessment, name="assessment"),
]
