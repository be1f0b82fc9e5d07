from django.contrib import admin

from kipina.agents.models import SupportPerson


@admin.register(SupportPerson)
class SupportPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_number"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]
