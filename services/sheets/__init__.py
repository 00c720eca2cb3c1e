"""Spreadsheets into the store: teams, staff, vehicles, devices, units, contacts, parts, roster; templates."""

from services.sheets.sheets import SHEET_KINDS, import_sheet, write_templates

__all__ = ["SHEET_KINDS", "import_sheet", "write_templates"]
