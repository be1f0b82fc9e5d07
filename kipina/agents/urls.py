from django.urls import path

from kipina.agents import views

app_name = "agents"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("approvals/", views.approvals, name="approvals"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("<int:pk>/absences/", views.absence_add, name="absence_add"),
    path("absences/<int:pk>/delete/", views.absence_remove, name="absence_remove"),
    path("<int:pk>/calendar-token/", views.rotate_token, name="rotate_token"),
    path("<int:pk>/allocations/", views.allocations, name="allocations"),
    path("allocations/<int:pk>/decide/", views.allocation_decide, name="allocation_decide"),
    path("allocations/<int:pk>/withdraw/", views.allocation_withdraw, name="allocation_withdraw"),
]
