from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrdersConfig(AppConfig):
    name = "kipina.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from kipina.core.navigation import NavItem, register
        from kipina.orders import notification_kinds  # noqa: F401  (registers the kinds)

        for label, url_name, permission, order in [
            (pgettext_lazy("navigation", "Order support"), "orders:services", "orders.order", 30),
            (pgettext_lazy("navigation", "Orders"), "orders:mine", "orders.order", 31),
            (pgettext_lazy("navigation", "My desk"), "orders:desk", "orders.use_desk", 32),
            (pgettext_lazy("navigation", "Queue"), "orders:queue", "orders.view_queue", 33),
            (pgettext_lazy("navigation", "Load"), "orders:load", "orders.view_load", 34),
        ]:
            register(NavItem(label, url_name, permission, order))
