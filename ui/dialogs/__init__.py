"""Dialogs of the command desk."""
