"""Council officers' pages on pop-up parishes: the queue, the review, the consultation and the decision."""


def proposal_page_extras(request, proposal) -> dict:
    """What the proposal's public page needs from this part, added to its context."""
    return {}
