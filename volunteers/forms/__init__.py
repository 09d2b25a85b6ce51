"""Forms of the volunteers app, one module per part of the domain; every check on input happens here."""
