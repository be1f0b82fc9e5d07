from kipina.networks import views_meetings, views_networks, views_practices

app_name = "networks"

# Practices live under practices/ and meetings under <network>/meetings/, so no network key
# can shadow another page: the network views refuse the keys "new" and "practices".
urlpatterns = [
    *views_practices.urlpatterns,
    *views_networks.urlpatterns,
    *views_meetings.urlpatterns,
]
