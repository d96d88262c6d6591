"""The hub's two group roles: the owner of its schema and the application group officers join.

Neither logs in and neither can bypass row-level security.
"""

OWNER = "officer_desk_owner"
APP = "officer_desk_app"
