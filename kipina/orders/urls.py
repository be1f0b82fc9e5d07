from django.urls import path

from kipina.orders.views import delivery, ordering, queues

app_name = "orders"

urlpatterns = [
    # Ordering and the order page (views/ordering.py)
    path("services/", ordering.service_list, name="services"),
    path("services/new/", ordering.service_edit, name="service_new"),
    path("services/<slug:code>/", ordering.service_detail, name="service"),
    path("services/<slug:code>/edit/", ordering.service_edit, name="service_edit"),
    path("new/", ordering.order_new, name="new"),
    path("<int:pk>/", ordering.order_detail, name="order"),
    path("<int:pk>/assign/", ordering.order_assign, name="assign"),
    path("<int:pk>/pick/", ordering.order_pick, name="pick"),
    path("<int:pk>/claim/", ordering.order_claim, name="claim"),
    path("<int:pk>/accept/", ordering.order_accept, name="accept"),
    path("<int:pk>/return/", ordering.order_return, name="return"),
    path("<int:pk>/unassign/", ordering.order_unassign, name="unassign"),
    path("<int:pk>/deliver/", ordering.order_deliver, name="deliver"),
    path("<int:pk>/reflect/", ordering.order_reflect, name="reflect"),
    path("<int:pk>/feedback/", ordering.order_feedback, name="feedback"),
    path("<int:pk>/close/", ordering.order_close, name="close"),
    path("<int:pk>/decline/", ordering.order_decline, name="decline"),
    path("<int:pk>/cancel/", ordering.order_cancel, name="cancel"),
    path("<int:pk>/follow-up/", ordering.order_follow_up, name="follow_up"),
    # Lists (views/queues.py)
    path("", queues.my_orders, name="mine"),
    path("team/<str:code>/", queues.team_orders, name="team"),
    path("queue/", queues.queue, name="queue"),
    path("desk/", queues.desk, name="desk"),
    path("load/", queues.load, name="load"),
    path("budget/<int:pk>/", queues.budget, name="budget"),
    # Sessions, calendars and hours (views/delivery.py)
    path("<int:pk>/sessions/new/", delivery.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", delivery.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", delivery.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/calendar.ics", delivery.session_ics, name="session_ics"),
    path("calendar/<str:token>.ics", delivery.calendar_feed, name="calendar_feed"),
    path("<int:pk>/hours/", delivery.log_hours, name="log_hours"),
]
