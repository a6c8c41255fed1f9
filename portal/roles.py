"""Vendor staff roles as Django groups. `roles_ensure()` is idempotent: seed_program calls it,
and it is the one place that says which role may do what."""

from django.contrib.auth.models import Group, Permission

PROGRAM_ADMINISTRATORS = "Program administrators"
ACCOUNT_MANAGERS = "Account managers"

_ROLE_PERMISSIONS = {
    PROGRAM_ADMINISTRATORS: [
        "portal.view_all_regions",
        "portal.view_partnerapplication",
        "portal.change_partnerapplication",
        "portal.view_partner",
        "portal.change_partner",
        "portal.view_accountmanager",
        "portal.add_accountmanager",
        "portal.change_accountmanager",
        "portal.delete_accountmanager",
        "portal.view_coverage",
        "portal.add_coverage",
        "portal.change_coverage",
        "portal.delete_coverage",
        "portal.view_region",
        "portal.view_specialization",
        "portal.add_specialization",
        "portal.change_specialization",
        "portal.view_user",
        "portal.change_user",
    ],
    ACCOUNT_MANAGERS: [
        "portal.view_partnerapplication",
        "portal.change_partnerapplication",
        "portal.view_partner",
        "portal.change_partner",
        "portal.view_accountmanager",
        "portal.view_coverage",
        "portal.view_region",
        "portal.view_specialization",
    ],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def roles_ensure() -> dict[str, Group]:
    """Create or update the staff groups with exactly their permissions."""
    groups = {}
    for name, permissions in _ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in permissions])
        groups[name] = group
    return groups
