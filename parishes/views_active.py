"""An active pop-up parish's pages: members, officers, meetings, decisions, budget, renewal and evaluation."""


def proposal_page_extras(request, proposal) -> dict:
    """What the proposal's public page needs from this part, added to its context."""
    return {}
