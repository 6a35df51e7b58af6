"""The hosted event: forums, their tracks and sessions, and who registered for them."""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delegations.models import (
    Delegation,
    ExplainedConstraints,
    Meeting,
    Organisation,
    Person,
    TimeStamped,
    country_code,
    validate_time_zone,
)


class Forum(TimeStamped):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("hosts"), related_name="forums_hosted"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, validators=[country_code])
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    venue_address_native = models.TextField(_("venue address in native script"), blank=True)
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True
    )
    delegations = models.ManyToManyField(
        Delegation,
        verbose_name=_("participating delegations"),
        related_name="forums",
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=False)

    constraint_messages = {
        "forum_ends_after_start": ("ends_on", _("The forum cannot end before it starts."))
    }

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="forum_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:programme", kwargs={"slug": self.slug})


class Track(ExplainedConstraints, models.Model):
    """A theme of the forum, e.g. health promotion and health innovation."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="tracks"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    leads = models.ManyToManyField(
        Organisation, verbose_name=_("led by"), related_name="tracks_led", blank=True
    )

    constraint_messages = {
        "track_slug_unique_per_forum": ("slug", _("Another track of this forum has this slug."))
    }

    class Meta:
        ordering = ["forum", "order", "slug"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["forum", "slug"], name="track_slug_unique_per_forum"),
        ]

    def __str__(self):
        return self.name


class Session(TimeStamped):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        CLOSING = "closing", _("Closing")
        PLENARY = "plenary", _("Plenary")
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel")
        WORKSHOP = "workshop", _("Workshop")
        RECEPTION = "reception", _("Reception")
        BREAK = "break", _("Break")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        DANISH = "da", _("Danish")
        ENGLISH = "en", _("English")
        CHINESE = "zh", _("Chinese")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="sessions"
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Chinese ↔ English, simultaneous"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    people = models.ManyToManyField(
        Person, through="SessionRole", related_name="forum_sessions", blank=True
    )

    constraint_messages = {
        "session_ends_after_start": ("ends_at", _("The session must end after it starts."))
    }

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:session", kwargs={"slug": self.forum.slug, "pk": self.pk})


class SessionRole(TimeStamped):
    """A person on stage in a session: speaker, moderator or panellist."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        PANELLIST = "panellist", _("Panellist")
        CHAIR = "chair", _("Chair")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="roles"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="session_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    constraint_messages = {
        "session_role_unique": ("person", _("This person already has this role in the session."))
    }

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "role"], name="session_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


BADGE_CODE_BYTES = 15  # 120 random bits


def new_badge_code():
    """24 characters of A-Z and 2-7 (base32 of 120 random bits): safe in a URL, and a QR code
    holds them in its compact alphanumeric mode. Unguessable, unlike the database id."""
    return base64.b32encode(secrets.token_bytes(BADGE_CODE_BYTES)).decode("ascii")


class Registration(TimeStamped):
    """A person at a forum, and the sessions they attend."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        REGISTERED = "registered", _("Registered")
        ATTENDED = "attended", _("Attended")
        CANCELLED = "cancelled", _("Cancelled")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation at the time"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    badge_name = models.CharField(_("name on badge"), max_length=200, blank=True)
    # What the QR code on the badge holds; the door looks the registration up by it. A field
    # default, so every way of making a Registration gets one, bulk_create included.
    badge_code = models.CharField(
        _("badge code"), max_length=32, unique=True, default=new_badge_code, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # What undoing a check-in goes back to (forum/checkin.py); empty while not checked in.
    status_before_check_in = models.CharField(
        _("status before check-in"),
        max_length=10,
        choices=Status.choices,
        blank=True,
        editable=False,
    )
    sessions = models.ManyToManyField(
        Session, verbose_name=_("sessions"), related_name="registrations", blank=True
    )
    # Folded names, badge name and e-mail that searches match (forum/search.py).
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    # Erasure blanks these on the person's own registrations (delegations/personal_data.py).
    personal_data_fields = ("badge_name", "search_text")
    constraint_messages = {
        "registration_unique": ("person", _("This person is registered for the forum already.")),
        "registration_checked_in_means_attended": (
            "checked_in_at",
            _("Only a registration with the status “Attended” has a check-in time."),
        ),
    }

    class Meta:
        ordering = ["forum", "person__family_name", "person__given_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # The admin lists a forum's registrations newest first (forum/admin.py).
        indexes = [
            models.Index(fields=["forum", "-id"], name="registration_forum_newest"),
            # The attendee list's organisation and country choices (forum/filters.py) read
            # this without the table: 240 ms to 0.5 ms at 100,000 registrations.
            models.Index(fields=["forum", "organisation"], name="registration_forum_org"),
            # The door's count of arrivals and its last arrivals (forum/views/door.py).
            models.Index(fields=["forum", "status"], name="registration_forum_status"),
            models.Index(
                fields=["forum", "-checked_in_at"],
                name="registration_arrivals",
                condition=Q(checked_in_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["forum", "person"], name="registration_unique"),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="attended"),
                name="registration_checked_in_means_attended",
            ),
        ]
        permissions = [
            ("export_registration", _("Can export attendee lists")),
            ("check_in_registration", _("Can check attendees in")),
        ]

    def __str__(self):
        return f"{self.person} @ {self.forum}"

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None or {"person", "badge_name"} & set(update_fields):
            from .search import text_of

            self.search_text = text_of(self)
            if update_fields is not None:
                update_fields = {*update_fields, "search_text"}
        super().save(*args, update_fields=update_fields, **kwargs)


class CheckInEvent(models.Model):
    """One check-in or undo asked for at the door, under the nonce its device chose: the same
    request sent twice (a retry, a queue sent again after the connection came back) finds its
    nonce here and changes nothing (forum/checkin.py, check_in_once)."""

    class Action(models.TextChoices):
        CHECK_IN = "check_in", _("Check in")
        UNDO = "undo", _("Undo")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="check_in_events",
    )
    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changed = models.BooleanField(_("changed the registration"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("check-in event")
        verbose_name_plural = _("check-in events")

    def __str__(self):
        return f"{self.get_action_display()} {self.registration_id} ({self.nonce})"


class ExportProfile(ExplainedConstraints, models.Model):
    """A saved attendee list: columns, filters, language and name order, one click away."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="export_profiles",
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="export_profiles"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(
        _("filters and columns"), max_length=2000, help_text=_("As in the list's address.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Filters typed by staff may hold a person's name or e-mail (erasure removes them).
    may_mention_people = ("query",)
    constraint_messages = {
        "export_profile_name_unique": ("name", _("A saved list with this name already exists."))
    }

    class Meta:
        ordering = ["name"]
        verbose_name = _("export profile")
        verbose_name_plural = _("export profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "forum", "name"], name="export_profile_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class ExportLog(models.Model):
    """Who exported which attendee list, when, in what format, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="export_logs",
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="export_logs"
    )
    kind = models.CharField(_("format"), max_length=10)
    query = models.CharField(_("filters and columns"), max_length=2000, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)

    may_mention_people = ("query",)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self):
        return f"{self.forum} {self.kind} ({self.row_count})"


class SessionMeeting(TimeStamped):
    """A meeting (notes, outcomes, follow-ups: delegations.Meeting) held at a forum session.

    The link lives here because the forum builds on the region's side and not the other way
    round (delegations never imports forum): a meeting at a session is an ordinary Meeting with
    its partner, and this row says where it was held."""

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="forum_session",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("forum session"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("meeting at a forum session")
        verbose_name_plural = _("meetings at forum sessions")

    def __str__(self):
        return f"{self.meeting} – {self.session}"
