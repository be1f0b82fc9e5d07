from django.urls import path

from kipina.org import import_views, views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_index, name="unit_index"),
    path("units/<str:code>/", views.unit_detail, name="unit"),
    path("teams/<str:code>/", views.team_detail, name="team"),
    path("people/", views.people_directory, name="directory"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("import/", import_views.import_people, name="import"),
]
