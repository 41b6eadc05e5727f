from django.db import migrations

from iomsite.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0001_initial"),
        ("news", "0002_publish_permission_renditions"),
        ("pages", "0002_publish_permission_renditions"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
