"""Who may do what with passports: each module registers its rules; importing this loads them all."""

from . import (  # noqa: F401
    bookings,
    credentials,
    history,
    issuing,
    matching,
    needs,
    opendata,
    passport,
    references,
    search,
    sharing,
)
