from django.db import migrations

from kipina.core.search.index import own_table_sql

# The catalogue's resources move from the shared search entries to an index on
# learning_resource itself (kipina.core.search.index.OwnTable): a catalogue search then reads
# each hit's columns straight from its row, without a lookup through the shared entries.
TABLE = "learning_resource"
KIND = "learning.resource"  # kipina.learning.enums.RESOURCE_SEARCH_KIND, as it was then

MOVE = {
    "sqlite": [
        f"INSERT INTO {TABLE}_fts (rowid, title_terms, body_terms) "
        f"SELECT object_id, title_terms, body_terms FROM core_searchentry WHERE kind = '{KIND}'",
    ],
    "postgresql": [
        f"UPDATE {TABLE} r SET search_vector = e.search_vector FROM core_searchentry e "
        f"WHERE e.kind = '{KIND}' AND e.object_id = r.id",
    ],
}
def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    create, _drop = own_table_sql(TABLE, vendor)
    for sql in [*create, *MOVE.get(vendor, [])]:
        schema_editor.execute(sql)
    schema_editor.execute(f"DELETE FROM core_searchentry WHERE kind = '{KIND}'")


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _create, drop = own_table_sql(TABLE, vendor)
    reindex_into_entries(apps)
    for sql in drop:
        schema_editor.execute(sql)


def reindex_into_entries(apps):
    """Going back: the published resources' shared entries, analysed again from the rows."""
    from kipina.core.search.analyser import index_terms

    resource_model = apps.get_model("learning", "Resource")
    entry_model = apps.get_model("core", "SearchEntry")
    entries = []
    for resource in resource_model.objects.filter(status="published").select_related("provider"):
        provider = resource.provider.name_fi if resource.provider_id else ""
        body = "\n".join(p for p in (resource.description, provider, resource.place) if p)
        entries.append(
            entry_model(
                kind=KIND,
                object_id=resource.pk,
                language=resource.language_id,
                title_terms=index_terms(resource.title, resource.language_id),
                body_terms=index_terms(body, resource.language_id),
            )
        )
    entry_model.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_resource_competence_ids"),
        ("core", "0004_search_entry_lookup_index"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
