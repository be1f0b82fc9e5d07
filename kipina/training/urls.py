from kipina.training import views_onboarding, views_programmes

app_name = "training"

urlpatterns = [
    *views_onboarding.urlpatterns,
    *views_programmes.urlpatterns,
]
