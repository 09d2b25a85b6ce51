"""Where domain apps plug into a person's data export and erasure, so the core never imports them.

An app registers in its AppConfig.ready()::

    from covenant.accounts.privacy import register
    register("volunteering", export=passport_export, erase=passport_erase)

`export(user)` returns plain JSON-ready data (or None when the app holds nothing about the person); it lands
under its name in the export. `erase(actor=..., user=...)` removes or anonymises the app's data; it runs inside
the erasure's transaction before the account itself is cleared, so a failure leaves everything as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Contributor:
    name: str
    export: Callable[[Any], Any] | None
    erase: Callable[..., None] | None


_contributors: dict[str, Contributor] = {}


def register(name: str, *, export: Callable[[Any], Any] | None = None,
             erase: Callable[..., None] | None = None) -> None:
    """Add (or replace, so a reloaded app does not register twice) an app's part of export and erasure."""
    if not name or not name.isidentifier():
        raise ValueError(f"Name the contribution with a plain identifier, like 'volunteering', not {name!r}")
    if export is None and erase is None:
        raise ValueError("Give an export function, an erase function or both")
    _contributors[name] = Contributor(name=name, export=export, erase=erase)


def contributors() -> list[Contributor]:
    return [_contributors[name] for name in sorted(_contributors)]


def export_contributions(user) -> dict[str, Any]:
    """Each app's part of the person's export, by name; apps that hold nothing are left out."""
    parts = {}
    for contributor in contributors():
        if contributor.export is None:
            continue
        data = contributor.export(user)
        if data is not None:
            parts[contributor.name] = data
    return parts


def erase_contributions(*, actor, user) -> None:
    for contributor in contributors():
        if contributor.erase is not None:
            contributor.erase(actor=actor, user=user)
