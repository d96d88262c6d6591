"""Qt models over lists of domain dataclasses (never database rows)."""
