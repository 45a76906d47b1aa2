from django.urls import path

from summaries import views

app_name = "summaries"

urlpatterns = [
    path("workshops/<int:pk>/summaries/", views.summary_generate, name="generate"),
    path("workshops/<int:pk>/summaries/panel/", views.summary_panel, name="panel"),
    path("summaries/<int:pk>/", views.summary_detail, name="detail"),
]
