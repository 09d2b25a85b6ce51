"""API of the volunteers app, one module per part of the domain, each with its urlpatterns."""
