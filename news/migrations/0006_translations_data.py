# The text written before translations becomes the English version. A separate
# migration from the schema change: PostgreSQL refuses to alter a table with row
# updates pending in the same transaction.

from django.db import migrations

from kernel.frozen import translations_2026_11 as migration_helpers


def forwards(apps, schema_editor):
    def model(name):
        return apps.get_model("news", name)

    migration_helpers.copy_into_english(model("Country"), ["name"])
    migration_helpers.copy_into_english(model("Topic"), ["name", "description"])
    migration_helpers.copy_into_english(model("Boilerplate"), ["title", "body"])
    item = model("NewsItem")
    migration_helpers.copy_into_english(
        item,
        ["title", "slug", "dateline", "lead", "body", "image_alt", "image_caption",
         "seo_title", "seo_description"],
    )
    migration_helpers.rebuild_search_vectors(
        item, [("A", "title"), ("B", "lead"), ("C", "body")], schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0005_translations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
