"""Append-only audit log of every consequential change, written by the service layer."""
