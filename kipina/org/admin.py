from django.contrib import admin

from kipina.org.models import Language, Person, Team, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "lead"]
    search_fields = ["name", "code"]
    raw_id_fields = ["unit", "lead"]
    list_select_related = ["unit", "lead"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "employee_number", "unit", "job_title", "active"]
    list_filter = ["active"]
    search_fields = ["last_name", "first_name", "employee_number", "email"]
    raw_id_fields = ["user", "unit", "team", "supervisor"]
    list_select_related = ["unit"]


admin.site.register(Language)
