"""Duplicates in the admin: a new person or organisation that may already exist is shown
with its candidates before it is saved (links to each, and a "save anyway" box), and the
people admin merges two or more records of one person (delegations/duplicates.py)."""

from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .admin_widgets import person_label
from .duplicates import MergeRefused, merge_people, organisation_candidates, person_candidates
from .models import Person
from .personal_data import links_to

NOT_A_DUPLICATE = "not_a_duplicate"


class DuplicateCheckForm(forms.ModelForm):
    """Refuses a new record that may already exist until staff tick "save anyway"."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("Save anyway: none of the records shown is this one"),
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk or cleaned.get(NOT_A_DUPLICATE):
            return cleaned
        candidates = self.find_candidates(cleaned)
        if candidates:
            self.add_error(None, ValidationError(self.warning(candidates), code="may_exist"))
        return cleaned

    def find_candidates(self, cleaned):
        raise NotImplementedError

    def warning(self, candidates):
        model = type(self.instance)._meta
        links = format_html_join(
            "",
            '<li><a href="{}" target="_blank" rel="noopener">{}</a></li>',
            (
                (reverse(f"admin:{model.app_label}_{model.model_name}_change", args=[c.pk]), label)
                for c, label in ((c, self.label(c)) for c in candidates)
            ),
        )
        return format_html(
            '<span class="duplicate-warning">{}</span><ul class="duplicate-candidates">{}</ul>'
            "<span>{}</span>",
            ngettext(
                "This may already exist:",
                "These may already exist:",
                len(candidates),
            ),
            links,
            gettext("Open it to check, or tick “%(save_anyway)s” below and save again.")
            % {"save_anyway": self.fields[NOT_A_DUPLICATE].label},
        )

    def label(self, candidate):
        return str(candidate)


class PersonDuplicateForm(DuplicateCheckForm):
    def find_candidates(self, cleaned):
        return person_candidates(
            given_name=cleaned.get("given_name") or "",
            family_name=cleaned.get("family_name") or "",
            native_name=cleaned.get("native_name") or "",
            email=cleaned.get("email") or "",
        )

    def label(self, candidate):
        return person_label(candidate)


class OrganisationDuplicateForm(DuplicateCheckForm):
    def find_candidates(self, cleaned):
        names = [v for k, v in cleaned.items() if k.startswith("name_") and k != "name_native"]
        return organisation_candidates(
            names=[n for n in names if n], name_native=cleaned.get("name_native") or ""
        )

    def label(self, candidate):
        parts = [str(candidate), candidate.name_native, candidate.city, candidate.country]
        return " · ".join(str(p) for p in parts if p)


class DuplicateCheck:
    """ModelAdmin mixin: the add form checks for the record already existing."""

    duplicate_form = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and self.duplicate_form is not None:
            kwargs["form"] = type(
                f"{self.form.__name__}WithDuplicateCheck", (self.duplicate_form, self.form), {}
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None and self.duplicate_form is not None and request.method == "POST":
            # Shown only beside the warning (admin-extra.css hides it otherwise).
            fieldsets.insert(
                0, (None, {"fields": [NOT_A_DUPLICATE], "classes": ["duplicate-check"]})
            )
        return fieldsets


class PersonDuplicates(DuplicateCheck):
    duplicate_form = PersonDuplicateForm


class OrganisationDuplicates(DuplicateCheck):
    duplicate_form = OrganisationDuplicateForm


def what_moves(person):
    """[(label, count)] of everything that points at `person` (history excluded), as
    merge_people() will move it. A many-to-many through a model of its own is counted once,
    as that model's rows."""
    links = [
        (model, field)
        for model, field in links_to(Person)
        if not hasattr(model, "instance_type")  # history tables keep what they recorded
        and not (field.many_to_many and not getattr(model, field.name).through._meta.auto_created)
    ]
    per_model = Counter(model for model, _field in links)
    moving = []
    for model, field in links:
        if field.many_to_many:
            rows = getattr(model, field.name).through.objects.filter(
                **{field.m2m_reverse_field_name(): person.pk}
            )
        else:
            rows = model._default_manager.filter(**{field.name: person.pk})
        count = rows.count()
        if count:
            label = capfirst(model._meta.verbose_name_plural)
            if per_model[model] > 1:  # which of the model's links, e.g. visits (interpreter)
                label = f"{label} ({field.verbose_name})"
            moving.append((label, count))
    return moving


class MergePeople:
    """PersonAdmin mixin: "Merge the selected people into one", with a confirmation page
    that asks which record to keep and lists what moves to it."""

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if (
            action_location == ActionLocation.CHANGE_LIST
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        ):
            actions["merge_people"] = (
                MergePeople.merge_people,
                "merge_people",
                _("Merge the selected people into one"),
            )
        return actions

    def merge_people(self, request, queryset):
        people = list(queryset.select_related("organisation").order_by("pk"))
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        if len(people) < 2:
            self.message_user(
                request, gettext("Choose at least two people to merge."), messages.WARNING
            )
            return None
        keep = next((p for p in people if str(p.pk) == request.POST.get("keep")), None)
        if request.POST.get("confirm") != "yes" or keep is None:
            return TemplateResponse(
                request,
                "admin/delegations/person/merge_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Merge people"),
                    "opts": self.model._meta,
                    "people": [(p, person_label(p), what_moves(p)) for p in people],
                    "keep": keep or _likely_keeper(people),
                    "missing_choice": request.POST.get("confirm") == "yes",
                },
            )
        merged = 0
        for person in people:
            if person.pk == keep.pk:
                continue
            try:
                keep = merge_people(keep, person, by=request.user)
            except MergeRefused as refusal:
                self.message_user(request, f"{person}: {refusal}", messages.ERROR)
            else:
                merged += 1
        if merged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record merged into %(person)s.",
                    "%(count)d records merged into %(person)s.",
                    merged,
                )
                % {"count": merged, "person": person_label(keep)},
                messages.SUCCESS,
            )
        return None


def _likely_keeper(people):
    """The record with a login, else the one with the most filled-in fields."""
    with_login = [p for p in people if p.user_id]
    if with_login:
        return with_login[0]
    return max(
        people, key=lambda p: sum(1 for f in p._meta.concrete_fields if getattr(p, f.attname))
    )
