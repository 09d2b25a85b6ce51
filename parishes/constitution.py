"""The constitution template a new proposal starts from; proposers edit their copy freely."""

from django.utils.translation import gettext as _

CONSTITUTION_TEMPLATE = _("""Constitution of {name}

1. Name. The pop-up parish is called {name}.
2. Purpose. {purpose}
3. Area. The area shown on the map of this proposal.
4. Membership. Any resident of the area aged 16 or over may join, and may leave at any time.
5. Officers. Members elect a chair and a clerk each year at the annual meeting.
6. Meetings. Meetings are open to the public. Agendas are published 7 days before; minutes within 14 days.
7. Decisions. Decisions are taken by a majority of the members present, and every vote is recorded.
8. Money. The clerk keeps a record of all money received and spent, published at least every quarter.
9. Powers. The parish uses only the powers the council grants, and only until the sunset date.
10. Ending. The parish ends on its sunset date unless the council renews it after a new review.
""")


def constitution_for(*, name: str, purpose: str = "") -> str:
    return CONSTITUTION_TEMPLATE.format(name=name, purpose=purpose or _("To be written by the founding group."))
