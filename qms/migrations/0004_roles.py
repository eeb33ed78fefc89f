from django.db import migrations


# The matrix as it stood when this migration was written; later changes to
# qms/roles.py are applied by the post_migrate handler in qms/apps.py.
ROLES = {
    "ISO secretary": {
        "wagtailadmin.access_admin",
        "qms.view_department",
        "qms.add_department",
        "qms.change_department",
        "qms.change_agencysettings",
        "qms.view_isoclause",
    },
    "Department head": {"wagtailadmin.access_admin", "qms.view_department", "qms.view_isoclause"},
    "Approver": {"wagtailadmin.access_admin", "qms.view_department", "qms.view_isoclause"},
    "Internal auditor": {"wagtailadmin.access_admin", "qms.view_department", "qms.view_isoclause"},
    "Staff": set(),
}


def create_roles(apps, schema_editor):
    from qms.roles import sync_roles

    sync_roles(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0003_clause_catalogue"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
