from django.db import migrations

from kipina.agents.default_catalogue import install_defaults


def add_defaults(apps, schema_editor):
    install_defaults(apps.get_model("agents", "SupportRole"), apps.get_model("agents", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("agents", "0002_profiles_allocations_absences")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
