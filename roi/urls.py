from django.urls import path

from roi import views

app_name = "roi"

urlpatterns = [
    path("use-cases/<int:pk>/roi/", views.edit, name="edit"),
    path("use-cases/<int:pk>/roi/preview/", views.preview, name="preview"),
]
