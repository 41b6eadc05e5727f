from django.db import migrations

from iomsite.roles import sync_roles


class Migration(migrations.Migration):
    """Publishers may make media contacts public (``publish_contact``)."""

    dependencies = [
        ("iomsite", "0001_roles"),
        ("contacts", "0004_publish_permission"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
