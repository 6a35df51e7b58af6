"""{% shared_links person as links %}: the person's read-only links, for their own /me/."""

from django import template

from delegations.models import SharedLink

register = template.Library()


@register.simple_tag
def shared_links(person):
    return list(SharedLink.objects.filter(person=person).only("pk", "label", "created_at"))
