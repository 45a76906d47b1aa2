from django.urls import path

from usecases import views

app_name = "usecases"

urlpatterns = [
    path("workshops/<int:pk>/board/", views.board, name="board"),
]
