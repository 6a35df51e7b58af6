"""Django's admin app with Delegation Desk's admin site (config/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    default_site = "config.admin_site.DeskAdminSite"
