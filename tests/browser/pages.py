"""What browser tests do on a page: sign in, fill GOV.UK date inputs, read headings, catch CSP violations."""

import datetime


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def sign_in_as(page, client, user) -> None:
    """Swap the browser's session for one of `user`'s, made by the test client."""
    from django.conf import settings

    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": page.base_url,
    }])


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def heading(page) -> str:
    return " ".join(page.locator("main h1").inner_text().split())


def main_text(page) -> str:
    return " ".join(page.locator("main").inner_text().split())
