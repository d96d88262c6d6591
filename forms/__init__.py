"""Printed documents (PDF): packs, letters, plans and records, built from domain data only."""
