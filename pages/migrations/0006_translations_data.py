# The text written before translations becomes the English version. A separate
# migration from the schema change: PostgreSQL refuses to alter a table with row
# updates pending in the same transaction.

from django.db import migrations

from kernel.frozen import translations_2026_11 as migration_helpers


def forwards(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    migration_helpers.copy_into_english(
        Page, ["title", "slug", "intro", "body", "hero_image_alt", "seo_title", "seo_description"]
    )
    migration_helpers.fill_paths(Page)
    migration_helpers.rebuild_search_vectors(
        Page, [("A", "title"), ("B", "intro"), ("C", "body")], schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_translations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
