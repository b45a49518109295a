"""Where a logged-in session stands with the second factor (kept in the session)."""

from enum import StrEnum

# Set at login (crm.accounts.receivers); read on every request by the middleware.
SECOND_FACTOR_SESSION_KEY = "accounts_second_factor"
# Between the password and the code step: who passed the password, and when.
PENDING_USER_SESSION_KEY = "accounts_pending_user"
PENDING_BACKEND_SESSION_KEY = "accounts_pending_backend"
PENDING_SINCE_SESSION_KEY = "accounts_pending_since"
# Recovery codes are shown once, on the page after they were made.
NEW_CODES_SESSION_KEY = "accounts_new_recovery_codes"

# A password alone opens the code step for this long.
PENDING_SECONDS = 300
RECOVERY_CODE_COUNT = 10


class SecondFactor(StrEnum):
    PASSED = "passed"  # nothing more to do: verified, or not needed
    SETUP = "setup"  # required by the team, but no device yet
    CODE = "code"  # a device exists but this session never gave a code
