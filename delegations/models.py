"""The region's side of the work: people, organisations, trips, travel, visits, partnerships.

Nothing here imports `forum`: the forum app builds on these models, never the reverse.
Times are stored as aware UTC datetimes; each timed thing names the zone of its place
so that pages can show local time.
"""

import datetime as dt
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, router
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import vault

from .documents import private_storage, validate_document
from .languages import in_brackets
from .photos import PhotoField, gift_photo_name, validate_photo


def validate_time_zone(value):
    """Accept only IANA zone names such as Europe/Copenhagen or Asia/Shanghai."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Copenhagen or Asia/Shanghai."),
            params={"value": value},
        ) from error


# The language people of a country are written to when they chose none (Person.language).
COUNTRY_LANGUAGES = {"CN": "zh-hans", "TW": "zh-hans", "SG": "zh-hans", "DK": "da"}

country_code = RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter ISO country code, e.g. DK or CN."))


def format_latin_name(given, family, order):
    """ "Given Family", or "Family Given" for order "family_first" (Lü Ming'ou)."""
    return f"{family} {given}" if order == "family_first" else f"{given} {family}"


class ExplainedConstraints:
    """Database constraints explained to people, beside the field they concern.

    Django reports a violated check constraint as "Constraint “name” is violated." at the
    top of the form. A model lists `constraint_messages = {constraint name: (field, message)}`
    (the message may be a callable taking the instance, for messages that name other rows);
    those errors go to that field in the reader's language. Constraints not listed keep
    Django's message."""

    constraint_messages = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    explained = self.constraint_messages.get(constraint.name)
                    if explained is not None:
                        field, message = explained
                        if callable(message):
                            message = message(self)
                        errors.setdefault(field, []).append(
                            ValidationError(message, code=constraint.name)
                        )
                    elif getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class TimeStamped(ExplainedConstraints, models.Model):
    """Creation and last-change times; `updated_at` also guards against lost updates."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")
        EMBASSY = "embassy", _("Embassy")
        MINISTRY = "ministry", _("Ministry")
        UNIVERSITY = "university", _("University or college")
        HOSPITAL = "hospital", _("Hospital")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association or consortium")
        FOREIGN_AUTHORITY = "foreign_authority", _("Foreign authority")
        HOTEL = "hotel", _("Hotel")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_native = models.CharField(
        _("name in native script"), max_length=200, blank=True, help_text=_("e.g. 北京协和医院")
    )
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(_("country"), max_length=2, validators=[country_code])
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    address_native = models.TextField(
        _("address in native script"),
        blank=True,
        help_text=_("As a local taxi driver reads it, e.g. 北京市东城区帅府园1号"),
    )
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    constraint_messages = {
        "organisation_country_iso": (
            "country",
            _("Use a two-letter ISO country code, e.g. DK or CN."),
        )
    }

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="organisation_country_iso"
            ),
        ]

    def __str__(self):
        return self.name


class Person(TimeStamped):
    class Kind(models.TextChoices):
        POLITICIAN = "politician", _("Politician")
        OFFICIAL = "official", _("Official")
        STAFF = "staff", _("Staff")
        EXPERT = "expert", _("Expert")
        PRESS = "press", _("Press")
        PARTICIPANT = "participant", _("Participant")

    class NameOrder(models.TextChoices):
        GIVEN_FIRST = "given_first", _("Given name first (Anders Kühnau)")
        FAMILY_FIRST = "family_first", _("Family name first (Lü Ming'ou)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICIAL)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    name_order = models.CharField(
        _("name order"), max_length=20, choices=NameOrder.choices, default=NameOrder.GIVEN_FIRST
    )
    native_name = models.CharField(
        _("name in native script"),
        max_length=100,
        blank=True,
        help_text=_("Written as it is read in that script, e.g. 吕明欧"),
    )
    position = models.CharField(
        _("title or position"), max_length=200, blank=True, help_text=_("e.g. 1st vice-chair")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("e.g. da, en, zh")
    )
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    access_needs = models.TextField(_("access needs"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    calendar_token = models.CharField(
        _("calendar token"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For e-mails. Empty: from the organisation's country."),
    )
    # Telling people (delegations/sign_in.py, notices.py, reminders.py).
    invited_at = models.DateTimeField(
        _("invited to sign in"), null=True, blank=True, editable=False
    )
    itinerary_notices = models.BooleanField(
        _("e-mail changes to the itinerary"),
        default=True,
        help_text=_("One message when staff change something on this person's itinerary."),
    )
    tomorrow_summary = models.BooleanField(
        _("e-mail tomorrow's programme"),
        default=True,
        help_text=_("The evening before each day of a trip, in the trip's time zone."),
    )

    constraint_messages = {
        "person_email_unique_ci": ("email", lambda person: person.duplicate_email_message())
    }

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="person_email_unique_ci"
            ),
        ]
        permissions = [("view_own_itinerary", _("Can see their own itinerary"))]

    def __str__(self):
        return self.latin_name

    @property
    def latin_name(self):
        return format_latin_name(self.given_name, self.family_name, self.name_order)

    def display_name(self, language=None):
        """The name as a reader of `language` expects it: native script for Chinese readers
        when there is one, otherwise the Latin name in the person's own order."""
        language = language or translation.get_language() or "en"
        if language.startswith("zh") and self.native_name:
            return self.native_name
        return self.latin_name

    def duplicate_email_message(self):
        """The duplicate e-mail error, linking the person who has the address already."""
        existing = (
            Person.objects.filter(email__iexact=self.email).exclude(pk=self.pk).first()
            if self.email
            else None
        )
        if existing is None:
            return _("Another person has this e-mail address already.")
        url = reverse("admin:delegations_person_change", args=[existing.pk])
        return format_html(
            _('{name} has this e-mail address already: <a href="{url}">open their record</a>.'),
            name=existing.latin_name,
            url=url,
        )

    def language(self):
        """The language to write to this person in: their choice, else their organisation's
        country's (Chinese for China, Taiwan and Singapore, Danish for Denmark), else English."""
        if self.preferred_language:
            return self.preferred_language
        country = self.organisation.country if self.organisation_id else ""
        return COUNTRY_LANGUAGES.get(country, "en")

    @property
    def both_names(self):
        """Latin and native name together, e.g. "Lü Ming'ou (吕明欧)"."""
        if self.native_name:
            return f"{self.latin_name} ({self.native_name})"
        return self.latin_name


class Invitation(TimeStamped):
    class Answer(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    invitee_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("invited organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_received",
    )
    invitee_person = models.ForeignKey(
        Person,
        verbose_name=_("invited person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    occasion = models.CharField(_("occasion"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[country_code])
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    received_on = models.DateField(_("received on"))
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    letter = models.FileField(
        _("letter"),
        upload_to="invitations/%Y/",
        blank=True,
        storage=private_storage,
        validators=[validate_document],
    )
    notes = models.TextField(_("notes"), blank=True)

    constraint_messages = {
        "invitation_has_invitee": (
            "invitee_organisation",
            _("Name the invited organisation or the invited person."),
        ),
        "invitation_ends_after_start": (
            "ends_on",
            _("The end date cannot be before the start date."),
        ),
    }

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(invitee_organisation__isnull=False) | Q(invitee_person__isnull=False),
                name="invitation_has_invitee",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="invitation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.occasion} ({self.host})"


class Delegation(TimeStamped):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        TRAVELLING = "travelling", _("Travelling")
        RETURNED = "returned", _("Returned")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

        # The groups of statuses the rules speak of, each defined here only. Tuples in the
        # order above, so that `status__in=` writes the same SQL every time.
        @classmethod
        def not_yet_back(cls):
            """Planned or under way: members still answer for their place, travel home is
            still to come."""
            return (cls.PLANNING, cls.INVITED, cls.CONFIRMED, cls.TRAVELLING)

        @classmethod
        def called_off(cls):
            """Trips that will not happen (declined or cancelled)."""
            return (cls.DECLINED, cls.CANCELLED)

        @classmethod
        def in_play(cls):
            """Trips still in play: anything not closed and not called off."""
            ended = {cls.CLOSED, *cls.called_off()}
            return tuple(status for status in cls if status not in ended)

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sending_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="delegations_sent",
    )
    destination_city = models.CharField(_("destination city"), max_length=100)
    destination_country = models.CharField(
        _("destination country"), max_length=2, validators=[country_code]
    )
    destination_time_zone = models.CharField(
        _("destination time zone"), max_length=64, validators=[validate_time_zone]
    )
    home_time_zone = models.CharField(
        _("home time zone"),
        max_length=64,
        validators=[validate_time_zone],
        default="Europe/Copenhagen",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    purpose = models.TextField(_("purpose"), blank=True)
    # Derived, never entered: the member with the role "Leader" (delegations/membership.py
    # keeps it in step with the members), so the leader is set in one place only.
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="delegations_led",
        help_text=_("The member with the role “Leader”: choose it among the members."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNING
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation",
    )
    is_public = models.BooleanField(
        _("public page"), default=False, help_text=_("Show this delegation on the public site.")
    )
    members = models.ManyToManyField(
        Person, through="DelegationMember", related_name="delegations", blank=True
    )

    constraint_messages = {
        "delegation_ends_after_start": ("ends_on", _("The trip cannot end before it starts."))
    }

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("delegations:detail", kwargs={"slug": self.slug})


class DelegationMember(TimeStamped):
    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")
        ADVISER = "adviser", _("Adviser")
        STAFF = "staff", _("Staff")
        INTERPRETER = "interpreter", _("Interpreter")

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not yet confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    precedence = models.PositiveSmallIntegerField(
        _("protocol precedence"), default=100, help_text=_("1 goes first.")
    )
    # Why the order is what it is: "" when it came from the proposal (delegations/precedence.py),
    # else the reason staff gave for moving this member by hand.
    precedence_note = models.CharField(
        _("precedence note"),
        max_length=200,
        blank=True,
        help_text=_("Why this member was moved by hand; empty when the order was proposed."),
    )
    arrives_at = models.DateTimeField(_("own arrival"), null=True, blank=True)
    departs_at = models.DateTimeField(_("own departure"), null=True, blank=True)
    answer = models.CharField(
        _("confirmation"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        help_text=_("What the member wrote when they declined their place (optional)."),
    )

    constraint_messages = {
        "delegation_member_unique": (
            "person",
            _("This person is already a member of the delegation."),
        ),
        "delegation_member_departs_after_arrival": (
            "departs_at",
            _("The own departure must be after the own arrival."),
        ),
    }

    class Meta:
        ordering = ["delegation", "precedence", "person__family_name"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "person"], name="delegation_member_unique"
            ),
            models.CheckConstraint(
                condition=Q(arrives_at__isnull=True)
                | Q(departs_at__isnull=True)
                | Q(departs_at__gt=F("arrives_at")),
                name="delegation_member_departs_after_arrival",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.delegation}"


class TripContact(TimeStamped):
    """Someone to call on a trip: the office's coordinator, the embassy's duty officer, the
    interpreter, the hotel. A person, an organisation or just a name, with a phone number
    (the person's or organisation's own when left empty). Local emergency numbers come from
    the destination country (delegations/contacts.py), not from here."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator at the office")
        EMBASSY_DUTY = "embassy_duty", _("Embassy duty officer")
        EMBASSY = "embassy", _("Embassy")
        INTERPRETER = "interpreter", _("Interpreter")
        HOTEL = "hotel", _("Hotel")
        DRIVER = "driver", _("Driver")
        OTHER = "other", _("Other")

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trip_contacts",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trip_contacts",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("If neither person nor organisation.")
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty to use the person's or the organisation's phone."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("e.g. 24 hours"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    constraint_messages = {
        "trip_contact_named": (
            "name",
            _("Choose a person or an organisation, or write a name."),
        )
    }

    class Meta:
        ordering = ["delegation", "order", "pk"]
        verbose_name = _("trip contact")
        verbose_name_plural = _("trip contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False) | ~Q(name=""),
                name="trip_contact_named",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.shown_name}"

    @property
    def shown_name(self):
        if self.person_id:
            return self.person.latin_name
        if self.organisation_id:
            return self.organisation.name
        return self.name

    @property
    def shown_phone(self):
        if self.phone:
            return self.phone
        if self.person_id:
            return self.person.phone
        if self.organisation_id:
            return self.organisation.phone
        return ""


class TravelLeg(TimeStamped):
    class Kind(models.TextChoices):
        FLIGHT = "flight", _("Flight")
        TRAIN = "train", _("Train")
        TRANSFER = "transfer", _("Transfer")
        OTHER = "other", _("Other")

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Outbound")
        LOCAL = "local", _("At the destination")
        HOME = "home", _("Travel home")

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="travel_legs",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FLIGHT)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    reference = models.CharField(
        _("flight, train or booking"), max_length=60, blank=True, help_text=_("e.g. SK 995")
    )
    origin = models.CharField(_("from"), max_length=200)
    destination = models.CharField(_("to"), max_length=200)
    departs_at = models.DateTimeField(_("departs"))
    departure_time_zone = models.CharField(
        _("departure time zone"), max_length=64, validators=[validate_time_zone]
    )
    arrives_at = models.DateTimeField(_("arrives"))
    arrival_time_zone = models.CharField(
        _("arrival time zone"), max_length=64, validators=[validate_time_zone]
    )
    travellers = models.ManyToManyField(
        Person, verbose_name=_("travellers"), related_name="travel_legs", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    constraint_messages = {
        "travel_leg_arrives_after_departure": (
            "arrives_at",
            _("The arrival must be after the departure (both in their own time zones)."),
        )
    }

    class Meta:
        ordering = ["departs_at"]
        verbose_name = _("travel leg")
        verbose_name_plural = _("travel legs")
        constraints = [
            models.CheckConstraint(
                condition=Q(arrives_at__gt=F("departs_at")),
                name="travel_leg_arrives_after_departure",
            ),
        ]

    def __str__(self):
        return f"{self.reference or self.get_kind_display()}: {self.origin} → {self.destination}"


class Stay(TimeStamped):
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="stays"
    )
    hotel = models.ForeignKey(
        Organisation,
        verbose_name=_("hotel"),
        on_delete=models.PROTECT,
        related_name="stays",
        # The picker (and its autocomplete) offers hotels only.
        limit_choices_to={"kind": "hotel"},
        help_text=_("The hotel as an organisation, with its address in native script."),
    )
    check_in = models.DateTimeField(_("check-in"))
    check_out = models.DateTimeField(_("check-out"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    guests = models.ManyToManyField(
        Person, verbose_name=_("guests"), related_name="stays", blank=True
    )
    booking_reference = models.CharField(_("booking reference"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    constraint_messages = {
        "stay_check_out_after_check_in": ("check_out", _("Check-out must be after check-in."))
    }

    class Meta:
        ordering = ["check_in"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            models.CheckConstraint(
                condition=Q(check_out__gt=F("check_in")), name="stay_check_out_after_check_in"
            ),
        ]

    def __str__(self):
        return f"{self.hotel} ({self.check_in:%Y-%m-%d})"


class Visit(TimeStamped):
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visits",
    )
    host = models.ForeignKey(
        Organisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="visits_hosted"
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.TextField(_("topic"), blank=True)
    address = models.TextField(
        _("address"), blank=True, help_text=_("Leave empty to use the host's address.")
    )
    address_native = models.TextField(_("address in native script"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), related_name="visits", blank=True
    )
    host_contact = models.ForeignKey(
        Person,
        verbose_name=_("host contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits_as_contact",
    )
    interpreter = models.ForeignKey(
        Person,
        verbose_name=_("interpreter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits_as_interpreter",
    )
    escorts = models.ManyToManyField(
        Person,
        verbose_name=_("staff escorts"),
        related_name="visits_escorted",
        blank=True,
        help_text=_("Staff who accompany the visit without taking part in it."),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)

    constraint_messages = {
        "visit_ends_after_start": ("ends_at", _("The visit must end after it starts."))
    }

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="visit_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


# --- Cars for transfers: who rides in which car, in precedence order (delegations/cars.py). --


class Transfer(TimeStamped):
    """A trip's movement by road: from the airport to the hotel, from the hotel to a venue.
    It starts at a wall-clock time in its place's zone; it may meet a flight or train (the
    leg's travellers ride) or take people to a visit (its participants and helpers ride),
    else every member who has not declined rides; an interpreter and staff escorts of its
    own ride as well."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="transfers",
    )
    origin = models.CharField(_("from"), max_length=200)
    destination = models.CharField(_("to"), max_length=200)
    starts_at = models.DateTimeField(_("leaves"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    travel_leg = models.ForeignKey(
        TravelLeg,
        verbose_name=_("meets the flight or train"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfers",
        help_text=_("An airport or station pickup: its travellers ride."),
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("to the visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfers",
        help_text=_("Its participants, interpreter and staff escorts ride."),
    )
    interpreter = models.ForeignKey(
        Person,
        verbose_name=_("interpreter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfers_as_interpreter",
        help_text=_("Rides beside the driver of the leader's car."),
    )
    escorts = models.ManyToManyField(
        Person,
        verbose_name=_("staff escorts"),
        related_name="transfers_escorted",
        blank=True,
        help_text=_("Staff who ride along without being on the flight or the visit."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["delegation", "starts_at", "pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self):
        return f"{self.origin} → {self.destination}"


class Car(TimeStamped):
    """One car (or van, minibus) of a transfer, with its driver and its passenger seats."""

    class Kind(models.TextChoices):
        CAR = "car", _("Car")
        VAN = "van", _("Van")
        MINIBUS = "minibus", _("Minibus")
        BUS = "bus", _("Bus")

    transfer = models.ForeignKey(
        Transfer, verbose_name=_("transfer"), on_delete=models.CASCADE, related_name="cars"
    )
    number = models.PositiveSmallIntegerField(_("car number"), default=1, help_text=_("1 leads."))
    label = models.CharField(
        _("label"), max_length=60, blank=True, help_text=_("e.g. the sign in the windscreen")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CAR)
    seats = models.PositiveSmallIntegerField(
        _("passenger seats"), default=3, help_text=_("Without the driver.")
    )
    driver_name = models.CharField(_("driver"), max_length=200, blank=True)
    driver_phone = models.CharField(_("driver's phone"), max_length=40, blank=True)
    plate = models.CharField(_("number plate"), max_length=20, blank=True)

    constraint_messages = {
        "car_number_unique": ("number", _("The transfer has a car with this number already.")),
        "car_has_seats": ("seats", _("A car needs at least one passenger seat.")),
    }

    class Meta:
        ordering = ["transfer", "number", "pk"]
        verbose_name = _("car")
        verbose_name_plural = _("cars")
        constraints = [
            models.UniqueConstraint(fields=["transfer", "number"], name="car_number_unique"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="car_has_seats"),
        ]

    def __str__(self):
        name = _("Car %(number)d") % {"number": self.number}
        return in_brackets(self.label, name) if self.label else name


class CarSeat(TimeStamped):
    """Someone in a car: a person on record (a member, the interpreter, an escort) or just a
    name. Seat 1 is the seat of honour (rear right), 2 rear left, 3 beside the driver."""

    car = models.ForeignKey(
        Car, verbose_name=_("car"), on_delete=models.CASCADE, related_name="places"
    )
    position = models.PositiveSmallIntegerField(_("seat"), default=1)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="car_seats",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Someone not on record.")
    )

    constraint_messages = {
        "car_seat_unique": ("position", _("Someone has this seat already.")),
        "car_seat_person_once": ("person", _("This person is in this car already.")),
        "car_seat_someone": ("name", _("Choose a person or write a name.")),
        "car_seat_from_one": ("position", _("Seats are counted from 1.")),
    }

    class Meta:
        ordering = ["car", "position", "pk"]
        verbose_name = _("seat in a car")
        verbose_name_plural = _("seats in cars")
        constraints = [
            models.UniqueConstraint(fields=["car", "position"], name="car_seat_unique"),
            models.UniqueConstraint(
                fields=["car", "person"],
                condition=Q(person__isnull=False),
                name="car_seat_person_once",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="car_seat_someone"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="car_seat_from_one"),
        ]

    def __str__(self):
        return f"{self.car}: {self.shown_name}"

    @property
    def shown_name(self):
        return self.person.latin_name if self.person_id else self.name


# "Expires within six months", on lists, filters and the overview alike.
EXPIRY_WINDOW = dt.timedelta(days=183)


class PartnershipQuerySet(models.QuerySet):
    def expiring(self, today):
        """Partnerships that expire between `today` and six months later (both included)."""
        return self.filter(expires_on__gte=today, expires_on__lte=today + EXPIRY_WINDOW)

    def expired(self, today):
        return self.filter(expires_on__lt=today)


class Partnership(TimeStamped):
    class Kind(models.TextChoices):
        COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
        PUBLIC_PRIVATE = "public_private", _("Public–private partnership")
        RESEARCH = "research", _("Research and education")
        TWINNING = "twinning", _("Twinning")
        MEMORANDUM = "memorandum", _("Memorandum of understanding")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        EXPLORING = "exploring", _("Exploring")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.EXPLORING
    )
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="partnerships"
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    renewed_on = models.DateField(_("renewed on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    delegations = models.ManyToManyField(
        Delegation, verbose_name=_("delegations"), related_name="partnerships", blank=True
    )
    visits = models.ManyToManyField(
        Visit, verbose_name=_("visits"), related_name="partnerships", blank=True
    )
    is_public = models.BooleanField(_("public"), default=False)
    signatories = models.ManyToManyField(
        Person,
        verbose_name=_("signatories"),
        related_name="partnerships_signed",
        blank=True,
        help_text=_("The people who signed the agreement, on both sides."),
    )

    constraint_messages = {
        "partnership_expires_after_signing": (
            "expires_on",
            _("The agreement cannot expire before it was signed."),
        )
    }

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(expires_on__gte=F("signed_on")),
                name="partnership_expires_after_signing",
            ),
        ]

    def __str__(self):
        return self.name

    def expires_soon(self, today):
        """True when the partnership is one that `Partnership.objects.expiring(today)` finds."""
        return self.expires_on is not None and today <= self.expires_on <= today + EXPIRY_WINDOW


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        """Follow-ups still to be done: open or in progress."""
        return self.filter(status__in=FollowUp.Status.still_to_do())

    def overdue(self, today):
        """Open follow-ups whose due date has passed."""
        return self.open().filter(due_on__lt=today)


class FollowUp(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

        @classmethod
        def still_to_do(cls):
            return (cls.OPEN, cls.IN_PROGRESS)

    action = models.CharField(_("action"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="follow_ups_owned"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups_about",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )

    constraint_messages = {
        "follow_up_done_has_completion_date": (
            "completed_on",
            _("Give the date it was completed when the follow-up is done."),
        )
    }

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="follow_up_done_has_completion_date",
            ),
        ]

    def __str__(self):
        return self.action


class PartnershipDocument(models.Model):
    """An agreement, a memorandum or minutes kept with a partnership."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="partnerships/%Y/",
        storage=private_storage,
        validators=[validate_document],
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("partnership document")
        verbose_name_plural = _("partnership documents")

    def __str__(self):
        return self.title


class TravelDocument(TimeStamped):
    """A person's passport (or other travel document). The number is encrypted at rest
    (`vault`), shown to regional staff only and masked in lists."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        DIPLOMATIC = "diplomatic", _("Diplomatic passport")
        SERVICE = "service", _("Service passport")
        IDENTITY_CARD = "identity_card", _("Identity card")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="travel_documents",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PASSPORT)
    number = vault.EncryptedCharField(_("number"), max_length=30)
    issuing_country = models.CharField(
        _("issuing country"), max_length=2, validators=[country_code]
    )
    name_in_document = models.CharField(
        _("name as in the document"),
        max_length=200,
        blank=True,
        help_text=_("As printed in the machine-readable zone, for visa letters."),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))

    constraint_messages = {
        "travel_document_expires_after_issue": (
            "expires_on",
            _("The document cannot expire before it was issued."),
        ),
    }

    class Meta:
        ordering = ["person", "-expires_on"]
        verbose_name = _("travel document")
        verbose_name_plural = _("travel documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="travel_document_expires_after_issue",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.masked_number} ({self.issuing_country})"

    @property
    def masked_number(self):
        return vault.mask(self.number)


class Visa(TimeStamped):
    """A member's visa for one trip."""

    class Status(models.TextChoices):
        NEEDED = "needed", _("Needed")
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        NOT_NEEDED = "not_needed", _("Not needed")

        @classmethod
        def pending(cls):
            """Still to be granted."""
            return (cls.NEEDED, cls.APPLIED)

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="visas"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="visas"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEEDED
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decided_on = models.DateField(_("granted or refused on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)

    constraint_messages = {
        "visa_unique": ("person", _("This person already has a visa entry for this trip.")),
        "visa_valid_until_after_from": (
            "valid_until",
            _("A visa cannot end before it begins."),
        ),
    }

    class Meta:
        ordering = ["delegation", "person__family_name"]
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "person"], name="visa_unique"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="visa_valid_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"

    def clean(self):
        super().clean()
        if (
            self.delegation_id
            and self.person_id
            and not DelegationMember.objects.filter(
                delegation_id=self.delegation_id, person_id=self.person_id
            ).exists()
        ):
            raise ValidationError({"person": _("Only members of the delegation need a visa.")})


class HandOffPack(TimeStamped):
    """One version of what staff send a receiving organisation (the embassy, the host) about
    a trip: the delegation list, rooming list, dietary and access needs, visa-letter data. The
    content is the pack as it was sent (delegations/handoff.py), kept encrypted: it may hold
    passport numbers and needs."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="handoff_packs",
    )
    receiver = models.ForeignKey(
        Organisation,
        verbose_name=_("receiver"),
        on_delete=models.PROTECT,
        related_name="handoff_packs",
    )
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    sections = models.CharField(_("sections"), max_length=200)
    sent_to = models.CharField(
        _("sent to"), max_length=200, blank=True, help_text=_("Who received it, e.g. an e-mail.")
    )
    note = models.TextField(_("note"), blank=True)
    content = vault.EncryptedCharField(_("content"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    constraint_messages = {
        "handoff_pack_version_unique": (
            "version",
            _("This version of the pack exists already; make a new one."),
        ),
    }

    class Meta:
        ordering = ["delegation", "receiver", "-version"]
        verbose_name = _("hand-off pack")
        verbose_name_plural = _("hand-off packs")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "receiver", "version"], name="handoff_pack_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.delegation} → {self.receiver} (v{self.version})"


# --- Protocol: the host side at an event, banquet table plans (delegations/seating.py). --------


class TablePlan(TimeStamped):
    """A banquet or dinner of a trip, seated by precedence: its tables, the host side's people
    (HostAttendee) and who sits where (Seat). Seat 1 of table 1 is the principal host's."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="table_plans",
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. Welcome banquet"))
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_native = models.CharField(
        _("venue in native script"), max_length=200, blank=True, help_text=_("e.g. 钓鱼台国宾馆")
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="table_plans_hosted",
    )
    seats_per_table = models.PositiveSmallIntegerField(
        _("seats per table"),
        default=10,
        help_text=_("For the tables the seating makes when the plan has none yet."),
    )

    constraint_messages = {
        "table_plan_seats_per_table": (
            "seats_per_table",
            _("A table needs between 2 and 30 seats."),
        ),
    }

    class Meta:
        ordering = ["delegation", "held_on", "name"]
        verbose_name = _("table plan")
        verbose_name_plural = _("table plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_per_table__gte=2, seats_per_table__lte=30),
                name="table_plan_seats_per_table",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.delegation})"


class HostAttendee(TimeStamped):
    """One person of the host side at an event, in the host's protocol order: a Person on
    record, or just a name in both scripts (officials the region has no record of)."""

    plan = models.ForeignKey(
        TablePlan, verbose_name=_("table plan"), on_delete=models.CASCADE, related_name="hosts"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_at",
        help_text=_("Leave empty and write the name below for someone not on record."),
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    name_order = models.CharField(
        _("name order"),
        max_length=20,
        choices=Person.NameOrder.choices,
        default=Person.NameOrder.FAMILY_FIRST,
    )
    native_name = models.CharField(
        _("name in native script"), max_length=100, blank=True, help_text=_("e.g. 王建国")
    )
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    precedence = models.PositiveSmallIntegerField(
        _("protocol precedence"), default=100, help_text=_("1 goes first: the principal host.")
    )

    constraint_messages = {
        "host_attendee_named": (
            "family_name",
            _("Choose a person or write the family name."),
        ),
        "host_attendee_person_once": ("person", _("This person is on the host side already.")),
    }

    class Meta:
        ordering = ["plan", "precedence", "pk"]
        verbose_name = _("host attendee")
        verbose_name_plural = _("host attendees")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(family_name=""), name="host_attendee_named"
            ),
            models.UniqueConstraint(
                fields=["plan", "person"],
                condition=Q(person__isnull=False),
                name="host_attendee_person_once",
            ),
        ]

    def __str__(self):
        return self.latin_name

    # The same names a Person has, from the person when there is one.
    @property
    def latin_name(self):
        if self.person_id:
            return self.person.latin_name
        return format_latin_name(self.given_name, self.family_name, self.name_order).strip()

    @property
    def shown_native_name(self):
        return self.person.native_name if self.person_id else self.native_name

    @property
    def shown_title(self):
        return self.title or (self.person.position if self.person_id else "")


class Table(ExplainedConstraints, models.Model):
    """A table of a plan: its number (1 is the principal host's), an optional name, seats."""

    plan = models.ForeignKey(
        TablePlan, verbose_name=_("table plan"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. Peony"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=10)

    constraint_messages = {
        "table_number_unique": ("number", _("This plan has a table with this number already.")),
        "table_seats_range": ("seats", _("A table needs between 2 and 30 seats.")),
    }

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="table_number_unique"),
            models.CheckConstraint(
                condition=Q(seats__gte=2, seats__lte=30), name="table_seats_range"
            ),
        ]

    def __str__(self):
        if self.name:
            return f"{self.number} – {self.name}"
        return str(self.number)


class Seat(ExplainedConstraints, models.Model):
    """Who sits where: a seat of a table taken by a guest (a member of the trip) or a host.
    Seats are numbered round the table to the right: seat 2 is at seat 1's right hand."""

    plan = models.ForeignKey(
        TablePlan, verbose_name=_("table plan"), on_delete=models.CASCADE, related_name="seats"
    )
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="taken"
    )
    number = models.PositiveSmallIntegerField(_("seat"))
    member = models.ForeignKey(
        DelegationMember,
        verbose_name=_("guest"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seats",
    )
    host = models.ForeignKey(
        HostAttendee,
        verbose_name=_("host"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seats",
    )

    constraint_messages = {
        "seat_taken_once": ("number", _("Someone sits on this seat already.")),
        "seat_guest_once": ("member", _("This guest has a seat already.")),
        "seat_host_once": ("host", _("This host has a seat already.")),
        "seat_guest_or_host": ("member", _("A seat is for a guest or for a host, not both.")),
        "seat_number_positive": ("number", _("Seats are numbered from 1.")),
    }

    class Meta:
        ordering = ["plan", "table__number", "number"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["table", "number"], name="seat_taken_once"),
            models.UniqueConstraint(
                fields=["plan", "member"], condition=Q(member__isnull=False), name="seat_guest_once"
            ),
            models.UniqueConstraint(
                fields=["plan", "host"], condition=Q(host__isnull=False), name="seat_host_once"
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=True, host__isnull=False)
                | Q(member__isnull=False, host__isnull=True),
                name="seat_guest_or_host",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="seat_number_positive"),
        ]

    def __str__(self):
        return f"{self.table} / {self.number}"

    def clean(self):
        super().clean()
        if self.table_id and self.plan_id and self.table.plan_id != self.plan_id:
            raise ValidationError({"table": _("This table belongs to another plan.")})
        if self.table_id and self.number and self.number > self.table.seats:
            message = _("Table %(table)s has %(seats)d seats.")
            raise ValidationError(
                {"number": message % {"table": self.table, "seats": self.table.seats}}
            )
        if self.member_id and self.plan_id and self.member.delegation_id != self.plan.delegation_id:
            raise ValidationError({"member": _("This guest is not a member of the trip.")})
        if self.host_id and self.plan_id and self.host.plan_id != self.plan_id:
            raise ValidationError({"host": _("This host belongs to another plan.")})


# --- Relationships and accountability: meetings and their outcomes, approval, budget. ---------


class Meeting(TimeStamped):
    """A meeting with a partner: at a visit of a trip, at a forum session (the forum links its
    sessions here from its side), or on its own. Carries notes and outcomes."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The organisation met. Empty: the visit's host."),
        null=True,
        blank=True,
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), blank=True)
    people_met = models.ManyToManyField(
        Person, verbose_name=_("people met"), related_name="meetings_attended", blank=True
    )

    constraint_messages = {
        "meeting_has_partner": (
            "organisation",
            _("Name the partner met, or the visit the meeting belongs to."),
        )
    }

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(visit__isnull=False),
                name="meeting_has_partner",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The partner defaults to the visit's host, so that the partner's page finds it.
        if self.organisation_id is None and self.visit_id is not None:
            self.organisation_id = self.visit.host_id
        super().save(*args, **kwargs)


class Outcome(TimeStamped):
    """What came of a meeting; it may serve a partnership and become a follow-up."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField(_("outcome"))
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        help_text=_("The partnership this outcome serves."),
    )
    follow_up = models.OneToOneField(
        FollowUp,
        verbose_name=_("follow-up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome",
    )
    promised = models.BooleanField(
        _("we promised it"), default=False, help_text=_("Something our side owes the partner.")
    )
    in_report = models.BooleanField(
        _("in the public trip report"),
        default=False,
        help_text=_("Shown in the trip's public report once it is published."),
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return self.text[:80]


class Approval(TimeStamped):
    """The political or administrative decision that allows a trip."""

    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="approval",
    )
    deciding_body = models.CharField(
        _("deciding body"), max_length=200, help_text=_("e.g. the Regional Council")
    )
    decided_on = models.DateField(_("decided on"))
    case_number = models.CharField(_("case number"), max_length=60)
    approved_purpose = models.TextField(_("purpose as approved"))

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self):
        return f"{self.deciding_body} {self.decided_on:%Y-%m-%d} ({self.case_number})"


CENT = Decimal("0.01")
currency_code = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter code, e.g. DKK or CNY."))


def dkk_equivalent(amount, rate):
    """`amount` of a currency in DKK at `rate` (DKK for one unit), rounded half up to the øre;
    None while either is missing. Costs and gifts count their DKK the same way."""
    if amount is None or rate is None:
        return None
    return (Decimal(amount) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


class Cost(TimeStamped):
    """A planned or actual cost of a trip, for one traveller or shared, in DKK with the
    original currency, amount and rate (Decimal throughout: money is never a float)."""

    class Category(models.TextChoices):
        FLIGHTS = "flights", _("Flights")
        HOTEL = "hotel", _("Hotel")
        PER_DIEM = "per_diem", _("Per diem")
        GIFTS = "gifts", _("Gifts")
        INTERPRETATION = "interpretation", _("Interpretation")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTUAL = "actual", _("Actual")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="costs"
    )
    traveller = models.ForeignKey(
        Person,
        verbose_name=_("traveller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trip_costs",
        help_text=_("Empty: shared by the delegation."),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    stage = models.CharField(
        _("planned or actual"), max_length=8, choices=Stage.choices, default=Stage.PLANNED
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="DKK",
        validators=[currency_code],
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    rate = models.DecimalField(
        _("rate to DKK"),
        max_digits=12,
        decimal_places=6,
        default=Decimal("1"),
        help_text=_("DKK for one unit of the currency, e.g. 0.95 for CNY."),
    )
    amount_dkk = models.DecimalField(
        _("amount in DKK"), max_digits=14, decimal_places=2, editable=False
    )

    constraint_messages = {
        "cost_amount_not_negative": ("amount", _("The amount cannot be negative.")),
        "cost_rate_positive": ("rate", _("The rate must be more than zero.")),
        "cost_currency_code": ("currency", _("Use a three-letter code, e.g. DKK or CNY.")),
        "cost_dkk_rate_one": ("rate", _("An amount in DKK has the rate 1.")),
    }

    class Meta:
        ordering = ["delegation", "category", "stage", "pk"]
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_amount_not_negative"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="cost_rate_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="cost_currency_code"
            ),
            models.CheckConstraint(
                condition=~Q(currency="DKK") | Q(rate=1), name="cost_dkk_rate_one"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        self.amount_dkk = self.in_dkk()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "amount_dkk"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        self.amount_dkk = self.in_dkk()

    def in_dkk(self):
        """The amount in DKK, rounded half up to the øre."""
        return dkk_equivalent(self.amount, self.rate)


class Gift(TimeStamped):
    """A gift given to or received from a partner: so that the next trip does not repeat it,
    and for the annual declaration (its estimated value, in DKK too, and whether and where it
    was declared). The photo is private (delegations/photos.py)."""

    class Direction(models.TextChoices):
        GIVEN = "given", _("Given by us")
        RECEIVED = "received", _("Received from them")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="gifts"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.GIVEN
    )
    description = models.CharField(_("gift"), max_length=200)
    exchanged_on = models.DateField(_("exchanged on"))
    occasion = models.CharField(
        _("occasion"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the signing of the renewed agreement, or a banquet."),
    )
    our_person = models.ForeignKey(
        Person,
        verbose_name=_("on our side"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts_on_our_side",
        help_text=_("Who gave or received it for the region: a member of the trip, or anyone."),
    )
    # The partner's side: a person in the register, or only a name.
    person = models.ForeignKey(
        Person,
        verbose_name=_("on their side"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
        help_text=_("The partner's person who received or gave it."),
    )
    their_name = models.CharField(
        _("on their side (name)"),
        max_length=200,
        blank=True,
        help_text=_("When they are not in the register, e.g. “the mayor's office”."),
    )
    value = models.DecimalField(
        _("estimated value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="DKK", validators=[currency_code]
    )
    rate = models.DecimalField(
        _("rate to DKK"),
        max_digits=12,
        decimal_places=6,
        default=Decimal("1"),
        help_text=_("DKK for one unit of the currency, e.g. 0.95 for CNY."),
    )
    value_dkk = models.DecimalField(
        _("value in DKK"), max_digits=14, decimal_places=2, null=True, editable=False
    )
    declared = models.BooleanField(_("declared"), default=False)
    declared_on = models.DateField(_("declared on"), null=True, blank=True)
    declared_to = models.CharField(
        _("declared where"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the region's register of gifts, with its case number."),
    )
    photo = PhotoField(
        _("photo"),
        upload_to=gift_photo_name,
        storage=private_storage,
        validators=[validate_photo],
        max_length=200,
        blank=True,
        help_text=_("JPEG, PNG or WebP. Only regional staff can see it."),
    )

    constraint_messages = {
        "gift_value_not_negative": ("value", _("The value cannot be negative.")),
        "gift_rate_positive": ("rate", _("The rate must be more than zero.")),
        "gift_currency_code": ("currency", _("Use a three-letter code, e.g. DKK or CNY.")),
        "gift_dkk_rate_one": ("rate", _("An amount in DKK has the rate 1.")),
        "gift_declared_on_when_declared": (
            "declared",
            _("A gift with a declaration date is declared: tick “declared”."),
        ),
    }

    class Meta:
        ordering = ["-exchanged_on"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="gift_value_not_negative"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="gift_rate_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="gift_currency_code"
            ),
            models.CheckConstraint(
                condition=~Q(currency="DKK") | Q(rate=1), name="gift_dkk_rate_one"
            ),
            models.CheckConstraint(
                condition=Q(declared=True) | Q(declared_on__isnull=True),
                name="gift_declared_on_when_declared",
            ),
        ]
        indexes = [models.Index(fields=["exchanged_on"], name="gift_exchanged_on")]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        self.value_dkk = dkk_equivalent(self.value, self.rate)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "value_dkk"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        self.value_dkk = dkk_equivalent(self.value, self.rate)

    @property
    def their_side(self):
        """The partner's person's name, else the name typed in ("" if neither)."""
        return self.person.latin_name if self.person_id else self.their_name


class TripReport(TimeStamped):
    """The public account of a trip (delegations/trip_report.py): built from the data, with an
    introduction written by staff; public only while published."""

    delegation = models.OneToOneField(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    summary = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few lines on why the trip was made and what came of it, for the public."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    unpublished_at = models.DateTimeField(_("unpublished"), null=True, blank=True, editable=False)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unpublished by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trip report")
        verbose_name_plural = _("trip reports")

    def __str__(self):
        return str(self.delegation)

    @property
    def is_published(self):
        return self.published_at is not None


class ReportConsent(TimeStamped):
    """Whether a member agreed to be named in the trip's public report (one per person per
    trip); who recorded the answer and when. No row, or "no": counted, never named."""

    member = models.OneToOneField(
        DelegationMember,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="report_consent",
    )
    named = models.BooleanField(_("agreed to be named"), default=False)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent to be named in the trip report")
        verbose_name_plural = _("consents to be named in trip reports")

    def __str__(self):
        return str(self.member)


# --- telling people (delegations/notices.py, delegations/reminders.py) -------------------------


class PendingNotice(models.Model):
    """A person whose itinerary changed and who has not been told yet: one row per person,
    however many changes; sent when `due_at` comes (changes until then go in the same
    message)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="pending_notice", verbose_name=_("person")
    )
    due_at = models.DateTimeField(_("due"), db_index=True)
    by_others = models.BooleanField(
        _("changed by someone else"),
        default=True,
        help_text=_("False while every change came from the person's own login."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending itinerary notice")
        verbose_name_plural = _("pending itinerary notices")

    def __str__(self):
        return str(self.person)


class ItinerarySnapshot(models.Model):
    """A person's itinerary as they were last told of it (or first seen): what a notice
    compares the itinerary with."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="itinerary_snapshot"
    )
    language = models.CharField(max_length=10)
    items = models.JSONField(default=list)
    taken_at = models.DateTimeField()

    class Meta:
        verbose_name = _("itinerary snapshot")
        verbose_name_plural = _("itinerary snapshots")

    def __str__(self):
        return str(self.person_id)


class ReminderSent(ExplainedConstraints, models.Model):
    """One reminder of one kind to one address for one day: a second run that day sends
    nothing (the unique constraint decides, even between two schedulers)."""

    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.EmailField(_("recipient"))
    for_date = models.DateField(_("for"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    constraint_messages = {
        "reminder_once_a_day": ("for_date", _("This reminder was sent for that day already."))
    }

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "for_date"], name="reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.recipient} {self.for_date}"


class SharedLink(models.Model):
    """A read-only link to a person's itinerary that they give an assistant or family
    (`/<lang>/shared/<token>/`, delegations/sharing.py). Only a digest of the token is kept:
    the link is shown once, and a copy of the database opens nothing. Revoking deletes it."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="shared_links",
    )
    label = models.CharField(
        _("for whom"), max_length=100, help_text=_("e.g. My assistant, Family")
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("shared itinerary link")
        verbose_name_plural = _("shared itinerary links")

    def __str__(self):
        return self.label
