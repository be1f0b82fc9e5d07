from django.urls import path

from kipina.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.frameworks, name="frameworks"),
    path("import/", views.framework_import, name="framework_import"),
    path("<str:idnumber>/", views.framework_detail, name="framework"),
    path("<str:idnumber>/export.csv", views.framework_export, name="framework_export"),
    path(
        "<str:idnumber>/competences/<str:competence>/",
        views.competence_detail,
        name="competence",
    ),
]
