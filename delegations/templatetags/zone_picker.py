"""The list of every time zone, once per admin page that has a zone picker."""

from django import template

from delegations.admin_forms import uses_zone_select, zone_options_template

register = template.Library()


@register.simple_tag(takes_context=True)
def zone_options(context):
    """<template id="zone-options"> when the page's forms choose a zone, else nothing."""
    forms_ = []
    adminform = context.get("adminform")
    if adminform is not None:
        forms_.append(adminform.form)
    for inline in context.get("inline_admin_formsets") or []:
        forms_.append(inline.formset.empty_form)
    return zone_options_template() if uses_zone_select(forms_) else ""
