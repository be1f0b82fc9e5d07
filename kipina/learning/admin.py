from django.contrib import admin

from kipina.learning.models import Competence, CompetenceFramework, ProficiencyScale, ScaleLevel


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(ProficiencyScale)
class ProficiencyScaleAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "name_en"]
    inlines = [ScaleLevelInline]


@admin.register(CompetenceFramework)
class CompetenceFrameworkAdmin(admin.ModelAdmin):
    list_display = ["idnumber", "shortname_fi", "valid_from", "valid_until", "created_at"]
    search_fields = ["idnumber", "shortname_fi", "shortname_sv", "shortname_en"]
    list_select_related = ["scale"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["idnumber", "shortname_fi", "framework", "depth", "position"]
    list_filter = ["framework", "depth"]
    search_fields = ["idnumber", "shortname_fi", "shortname_sv", "shortname_en"]
    list_select_related = ["framework"]
    raw_id_fields = ["parent", "related"]
