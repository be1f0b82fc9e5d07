from django.db import migrations

from kipina.agents.default_catalogue import SKILLS, SUPPORT_ROLES


def add_defaults(apps, schema_editor):
    """Create the default roles and skills that are missing; never overwrite an edited one."""
    for model_name, entries in (("SupportRole", SUPPORT_ROLES), ("Skill", SKILLS)):
        model = apps.get_model("agents", model_name)
        existing = set(model.objects.values_list("code", flat=True))
        model.objects.bulk_create(
            [
                model(
                    code=entry.code,
                    name_fi=entry.fi,
                    name_sv=entry.sv,
                    name_en=entry.en,
                    description_fi=entry.description_fi,
                    description_sv=entry.description_sv,
                    description_en=entry.description_en,
                    position=(index + 1) * 10,
                )
                for index, entry in enumerate(entries)
                if entry.code not in existing
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("agents", "0002_profiles_allocations_absences")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
