from django.urls import path

from workshop import room_views, views

app_name = "workshop"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join-code"),
    path("clients/new/", views.client_create, name="client-create"),
    path("clients/<int:pk>/", views.client_detail, name="client"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client-edit"),
    path("clients/<int:pk>/poc-recording/", views.client_poc_recording, name="client-poc-recording"),
    path("clients/<int:pk>/viewers/", views.client_viewer_add, name="client-viewer-add"),
    path("clients/<int:pk>/viewers/<int:user_id>/remove/", views.client_viewer_remove, name="client-viewer-remove"),
    path("workshops/new/", views.workshop_create, name="workshop-create"),
    path("workshops/<int:pk>/", views.board, name="board"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path("workshops/<int:pk>/live/", views.live, name="live"),
    path("workshops/<int:pk>/join-screen/", views.join_screen, name="join-screen"),
    path("workshops/<int:pk>/phase/", views.phase, name="phase"),
    path("workshops/<int:pk>/timebox/", views.timebox, name="timebox"),
    path("workshops/<int:pk>/code/", views.regenerate_code, name="regenerate-code"),
    path("workshops/<int:pk>/reveal/", views.reveal, name="reveal"),
    path(
        "workshops/<int:pk>/participants/<int:participant_pk>/erase/",
        views.participant_erase,
        name="participant-erase",
    ),
    path("workshops/<int:pk>/people/", room_views.people, name="people"),
    path(
        "workshops/<int:pk>/participants/<int:participant_pk>/remove/",
        room_views.participant_remove,
        name="participant-remove",
    ),
    path(
        "workshops/<int:pk>/participants/<int:participant_pk>/rejoin-link/",
        room_views.participant_rejoin_link,
        name="participant-rejoin-link",
    ),
    path("rejoin/<str:token>/", room_views.rejoin, name="rejoin"),
]
