"""The Editor and Publisher groups, with their permissions as they were then.

Frozen: this migration grants what it granted when it was written, whatever
iomsite/roles.py says later (a change of roles is a new migration)."""

from django.db import migrations

EDIT = ("add", "change", "view", "delete")
GRANTS = {
    "Editor": {
        ("news", "newsitem"): EDIT,
        ("news", "newsitemcontact"): EDIT,
        ("news", "country"): ("view",),
        ("news", "topic"): ("view",),
        ("news", "boilerplate"): ("view",),
        ("pages", "page"): EDIT,
        ("contacts", "contact"): ("add", "change", "view"),
        ("contacts", "contactemail"): EDIT,
    },
    "Publisher": {
        ("news", "newsitem"): (*EDIT, "publish"),
        ("news", "newsitemcontact"): EDIT,
        ("news", "country"): EDIT,
        ("news", "topic"): EDIT,
        ("news", "boilerplate"): EDIT,
        ("pages", "page"): (*EDIT, "publish"),
        ("contacts", "contact"): EDIT,
        ("contacts", "contactemail"): EDIT,
    },
}


def grant(apps, grants):
    """Give each group (created if missing) exactly the permissions in ``grants``
    ``{group: {(app_label, model): actions}}``, creating missing permissions first."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in grants.items():
        group, _created = Group.objects.get_or_create(name=role)
        codenames = {
            (app_label, f"{action}_{model}")
            for (app_label, model), actions in models.items()
            for action in actions
        }
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in codenames
        ]
        missing = codenames - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.set(permissions)


def forwards(apps, schema_editor):
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0001_initial"),
        ("news", "0002_publish_permission_renditions"),
        ("pages", "0002_publish_permission_renditions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
