"""Community power over public services: the service catalogue, co-design and participatory budgets, the
Community Right to Challenge, Assets of Community Value and public value commissioning.

Each part is a Django app of its own under this package (services.catalogue, services.codesign, …) so that its
models and migrations move independently; this package's own app mounts their pages and API and holds what they
share: following things and being told when they move.
"""
