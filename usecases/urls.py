from django.urls import path

from usecases import import_views, presenter, views

app_name = "usecases"

urlpatterns = [
    path("workshops/<int:pk>/board/", views.board, name="board"),
    path("workshops/<int:pk>/board/poll/", views.board_poll, name="board-poll"),
    path("workshops/<int:pk>/use-cases/new/", views.use_case_create, name="create"),
    path("workshops/<int:pk>/use-cases/close/", views.close_ideas, name="close-ideas"),
    path("workshops/<int:pk>/duplicates/", views.possible_duplicates, name="duplicates"),
    path("workshops/<int:pk>/spotlight/", views.spotlight, name="spotlight"),
    path("workshops/<int:pk>/criteria/", views.criteria, name="criteria"),
    path("workshops/<int:pk>/criteria/template/", views.criteria_template, name="criteria-template"),
    path("workshops/<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion-edit"),
    path("workshops/<int:pk>/import/", import_views.import_use_cases, name="import"),
    path("workshops/<int:pk>/present/", presenter.present, name="present"),
    path("workshops/<int:pk>/present/live/", presenter.present_live, name="present-live"),
    path("use-cases/<int:use_case_pk>/edit/", views.use_case_edit, name="edit"),
    path("use-cases/<int:use_case_pk>/delete/", views.use_case_delete, name="delete"),
    path("use-cases/<int:use_case_pk>/status/", views.use_case_status, name="status"),
    path("use-cases/<int:use_case_pk>/merge/", views.use_case_merge, name="merge"),
    path("use-cases/<int:use_case_pk>/scores/", views.score, name="score"),
    path("use-cases/<int:use_case_pk>/vote/", views.vote, name="vote"),
]
