"""The PySide6 desktop: unlock, today, caseload, case workspace, wizards."""
