"""Models of the volunteers app, one module per part of the domain."""

from .credentials import (
    BarredLists,
    Credential,
    CredentialKind,
    CredentialStatus,
    DBSLevel,
    IdentityMethod,
    QualificationType,
    Recommendation,
    Reference,
    ReferenceStatus,
    Workforce,
)
from .history import HoursEntry, HoursSource, HoursStatus
from .issued import IssuedCredential, SigningKey
from .matching import OPEN_OFFER_STATES, MatchingKind, MatchingRun, Offer, OfferStatus, RunStatus
from .needs import (
    ACTIVE_BOOKING_STATES,
    PLACE_TAKING_STATES,
    TAKING_SIGN_UPS,
    ActivityType,
    Booking,
    BookingStatus,
    LocationKind,
    Need,
    NeedCheck,
    NeedSkillPlace,
    NeedStatus,
    Shift,
)
from .passport import (
    AvailabilityException,
    AvailabilityWindow,
    Passport,
    PassportSkill,
    SkillLevel,
    Transport,
    Weekday,
)
from .sharing import PassportView, Section, Share
from .taxonomy import Cause, Requirement, Skill, SkillKind, TaxonomySource

__all__ = [
    "ACTIVE_BOOKING_STATES", "PLACE_TAKING_STATES", "TAKING_SIGN_UPS", "ActivityType", "Booking", "BookingStatus", "LocationKind",
    "Need", "NeedCheck", "NeedSkillPlace", "NeedStatus", "Shift",
    "AvailabilityException", "AvailabilityWindow", "BarredLists", "Cause", "Credential", "CredentialKind",
    "CredentialStatus", "DBSLevel", "HoursEntry", "HoursSource", "HoursStatus", "IdentityMethod",
    "IssuedCredential", "Passport", "PassportSkill", "PassportView", "QualificationType", "Recommendation",
    "Reference", "ReferenceStatus", "Requirement", "Section", "Share", "SigningKey", "Skill", "SkillKind",
    "SkillLevel", "TaxonomySource", "Transport", "Weekday", "Workforce",
    "OPEN_OFFER_STATES", "MatchingKind", "MatchingRun", "Offer", "OfferStatus", "RunStatus",
]
