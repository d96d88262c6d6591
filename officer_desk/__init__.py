"""Officer Desk: the domain core (people, events, rules, policy) and the composition root."""

__version__ = "0.1.0"
