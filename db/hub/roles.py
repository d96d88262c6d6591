"""The hub's group roles: the owner of its schema, the application group officers join, and the
writer that owns the hub's write functions (the only role with DML on the tables).

None logs in and none can bypass row-level security.
"""

OWNER = "officer_desk_owner"
APP = "officer_desk_app"
WRITER = "officer_desk_writer"

# What every login role keeps (a laptop's sync fits well inside): the write functions refuse a
# session that turned them off, so no one holds the team.
SESSION_LIMITS = {"statement_timeout": "2min", "lock_timeout": "30s",
                  "idle_in_transaction_session_timeout": "60s", "idle_session_timeout": "10min"}
# Sessions a login role may hold at once (a laptop uses one or two).
CONNECTIONS = 10
