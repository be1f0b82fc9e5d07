from django.contrib import admin

from kipina.agents.models import Absence, Allocation, Skill, SupportPerson, SupportRole


class TranslatedNameAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "active", "position"]
    list_editable = ["active", "position"]
    list_filter = ["active"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]
    ordering = ["position", "code"]


admin.site.register(SupportRole, TranslatedNameAdmin)
admin.site.register(Skill, TranslatedNameAdmin)


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(SupportPerson)
class SupportPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "active", "scope", "mode", "paused_until", "created_at"]
    list_filter = ["active", "scope", "mode", "roles"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_number"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]
    filter_horizontal = ["roles", "skills"]
    exclude = ["calendar_token"]
    inlines = [AbsenceInline]


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["support_person", "percent", "start", "end", "state", "decided_at"]
    list_filter = ["state"]
    search_fields = ["support_person__person__last_name", "support_person__person__first_name"]
    raw_id_fields = ["support_person", "requested_by", "decided_by"]
    list_select_related = ["support_person__person"]
    # Decisions go through the supervisor's page so they are checked and notified.
    readonly_fields = ["state", "decided_by", "decided_at", "decision_reason", "weekly_hours"]
