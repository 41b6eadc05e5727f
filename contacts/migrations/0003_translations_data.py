# The text written before translations becomes the English version (a migration of
# its own: PostgreSQL refuses to alter a table with row updates pending).

from django.db import migrations

from kernel.frozen import translations_2026_11 as migration_helpers


def forwards(apps, schema_editor):
    contact = apps.get_model("contacts", "Contact")
    migration_helpers.copy_into_english(contact, ["name", "job_title", "office"])


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_translations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
