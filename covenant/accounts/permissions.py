"""Who may do what to a person's account: people manage their own account and nobody else's."""

import rules


@rules.predicate
def is_active_self(user, person) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and person is not None
        and getattr(person, "pk", None) == user.pk
    )


rules.add_perm("accounts.view_profile", is_active_self)
rules.add_perm("accounts.change_profile", is_active_self)
rules.add_perm("accounts.export_data", is_active_self)
rules.add_perm("accounts.delete_account", is_active_self)
rules.add_perm("accounts.manage_api_token", is_active_self)
