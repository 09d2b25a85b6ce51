"""The 400, 403, 404 and 500 pages, in GOV.UK style; the 500 page renders without the database."""

import pytest
from django.test import Client

from covenant.core import views

pytestmark = pytest.mark.urls("tests.core.error_urls")


@pytest.fixture
def quiet_client():
    # Let the handler answer instead of the test client re-raising the view's exception.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_an_unknown_url_is_a_govuk_404(client):
    response = client.get("/there-is-no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "If you typed the web address, check it is correct." in html
    assert "<title>Page not found – Covenant</title>" in html
    assert 'class="govuk-generic-header' in html and "govuk-footer" in html


@pytest.mark.django_db
def test_permission_denied_is_a_govuk_403(quiet_client):
    response = quiet_client.get("/test-errors/403/")
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()


@pytest.mark.django_db
def test_a_suspicious_request_is_a_govuk_400(quiet_client):
    response = quiet_client.get("/test-errors/400/")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


@pytest.mark.django_db
def test_an_unhandled_exception_is_a_govuk_500_with_a_nonce(quiet_client):
    response = quiet_client.get("/test-errors/500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "something broke" not in html
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html


def test_the_500_page_renders_without_touching_the_database(rf):
    # No django_db mark: any query, such as looking up the person or their roles, would fail.
    request = rf.get("/anything/")
    response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert 'class="govuk-generic-header__homepage-link">Covenant</a>' in html
    # No forms there: without a request context they could not carry a CSRF token.
    assert "<form" not in html
    assert "mailto:help@covenant.localhost" in html


def test_the_500_handler_is_the_one_django_uses():
    from covenant import urls

    assert urls.handler500 == "covenant.core.views.server_error"
    assert urls.handler404 == "covenant.core.views.page_not_found"
