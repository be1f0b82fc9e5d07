from django.db import migrations

# SQLite: each full-text hit is looked up in core_searchentry for its kind and object id. The
# table's rows carry the long term lists, so the lookup reads a page per hit; this narrow
# covering index answers it from compact pages (kipina.core.search.index names it with
# INDEXED BY). PostgreSQL reads the rows anyway, for ts_rank.
INDEX = "core_searchentry_lookup"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON core_searchentry (id, kind, object_id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_entry")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
