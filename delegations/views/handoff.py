"""Regional staff: a trip's hand-off packs for the embassy or the host, versioned; each
version shows what changed since the one the receiver had before. Everyone else gets 404."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.decorators import requires
from config.caching import no_store
from delegations import handoff
from delegations.models import HandOffPack, Organisation
from delegations.rules import delegation_from_slug
from delegations.views.me import pdf_response


class PackForm(forms.Form):
    receiver = forms.ModelChoiceField(
        label=gettext_lazy("Receiver"), queryset=Organisation.objects.order_by("name")
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the pack"), choices=settings.LANGUAGES
    )
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Sections"),
        choices=list(handoff.SECTIONS.items()),
        initial=handoff.DEFAULT_SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Visa-letter data holds passport numbers: only when needed."),
    )
    sent_to = forms.CharField(label=gettext_lazy("Sent to"), max_length=200, required=False)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def packs(request, delegation):
    """The trip's packs by receiver, and a new version made from the form."""
    if request.method == "POST":
        form = PackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            ordered = [key for key in handoff.SECTIONS if key in data["sections"]]
            pack = handoff.make(
                delegation,
                data["receiver"],
                data["language"],
                ordered,
                made_by=request.user,
                sent_to=data["sent_to"],
                note=data["note"],
            )
            messages.success(
                request,
                _("Version %(version)d of the pack for %(receiver)s is kept.")
                % {"version": pack.version, "receiver": pack.receiver},
            )
            return redirect("staff:handoff_pack", delegation.slug, pack.pk)
    else:
        embassy = Organisation.objects.filter(kind=Organisation.Kind.EMBASSY).order_by("pk").first()
        form = PackForm(initial={"receiver": embassy, "language": request.LANGUAGE_CODE})
    kept = (
        HandOffPack.objects.filter(delegation=delegation)
        .select_related("receiver", "made_by")
        .order_by("receiver__name", "-version")
    )
    context = {"trip": delegation, "packs": kept, "form": form}
    return no_store(render(request, "delegations/staff/handoff_list.html", context))


def _pack(delegation, pk):
    pack = (
        HandOffPack.objects.filter(delegation=delegation, pk=pk)
        .select_related("receiver", "made_by", "delegation")
        .first()
    )
    if pack is None:
        raise Http404("No such pack.")
    return pack


def _context(pack):
    data = handoff.content(pack)
    before = handoff.previous(pack)
    return {
        "trip": pack.delegation,
        "pack": pack,
        "data": data,
        "previous": before,
        "changes": handoff.changes(handoff.content(before), data) if before else None,
    }


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def pack(request, delegation, pk):
    """One version of a pack, with what changed since the receiver's previous version."""
    context = _context(_pack(delegation, pk))
    return no_store(render(request, "delegations/staff/handoff_pack.html", context))


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def pack_xlsx(request, delegation, pk):
    found = _pack(delegation, pk)
    response = HttpResponse(
        handoff.xlsx(found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="pack-{delegation.slug}-v{found.version}.xlsx"'
    )
    return no_store(response)


@never_cache
@requires("delegations.plan_trip", object=delegation_from_slug)
def pack_pdf(request, delegation, pk):
    found = _pack(delegation, pk)
    from django.utils import translation

    with translation.override(found.language):
        return pdf_response(
            request,
            {**_context(found), "printing": True},
            f"pack-{delegation.slug}-v{found.version}.pdf",
            "delegations/staff/handoff_print.html",
        )
