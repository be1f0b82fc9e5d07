from django.urls import path

from kipina.learning import views, views_guidance, views_resources, views_tailoring

app_name = "learning"

# Frameworks live under frameworks/, so no idnumber can shadow another page.
urlpatterns = [
    path("", views.frameworks, name="frameworks"),
    path("import/", views.framework_import, name="framework_import"),
    *views_resources.urlpatterns,
    *views_tailoring.urlpatterns,
    *views_guidance.urlpatterns,
    path("frameworks/<str:idnumber>/", views.framework_detail, name="framework"),
    path("frameworks/<str:idnumber>/export.csv", views.framework_export, name="framework_export"),
    path(
        "frameworks/<str:idnumber>/competences/<str:competence>/",
        views.competence_detail,
        name="competence",
    ),
]
