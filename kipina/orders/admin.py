from django.contrib import admin

from kipina.agents.admin import TranslatedNameAdmin
from kipina.orders.models import MatchingSettings, Order, OrderEvent, Service


@admin.register(Service)
class ServiceAdmin(TranslatedNameAdmin):
    list_display = [*TranslatedNameAdmin.list_display, "typical_hours", "assignment_mode"]
    filter_horizontal = ["required_skills", "eligible_roles", "required_trainings"]


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "at", "from_state", "to_state", "support_person", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only: orders change only through the state machine (the order page)."""

    list_display = ["pk", "service", "team", "state", "support_person", "submitted_at"]
    list_filter = ["state", "service"]
    search_fields = ["team__code", "team__name", "requester__last_name"]
    list_select_related = ["service", "team", "support_person__person"]
    inlines = [OrderEventInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "proximity", "load", "starvation", "continuity", "language"]

    def has_add_permission(self, request) -> bool:
        return not MatchingSettings.objects.exists()
