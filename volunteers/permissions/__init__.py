"""Who may do what with passports: each module registers its rules; importing this loads them all."""

from . import credentials, history, issuing, passport, references, sharing  # noqa: F401
