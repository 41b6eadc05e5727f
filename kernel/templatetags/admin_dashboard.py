from django import template
from django.contrib import admin

from kernel.admin.dashboard import Dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    """The panels of the admin's home for the user looking at it."""
    return Dashboard(context["request"], admin.site).panels()
