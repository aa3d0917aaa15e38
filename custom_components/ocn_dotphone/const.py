"""Constants of the OCN ドットフォン integration."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

DOMAIN: Final = "ocn_dotphone"
# The title of an entry, and the name of its account device (the sign-in sensor's, whose
# entity id is made from it): the site's name, never the customer number.
ENTRY_TITLE: Final = "OCN My Page"
LOGGER = logging.getLogger(__package__)

CONF_PHONE: Final = "phone"
# The contact number as the user wrote it (03-1234-5678): where a site takes the number
# in boxes, its hyphens tell how a landline splits, which its digits alone do not.
CONF_PHONE_WRITTEN: Final = "phone_written"
CONF_BASE_URL: Final = "base_url"
CONF_METHOD: Final = "method"
CONF_CODE: Final = "code"
CONF_RESEND: Final = "resend"
CONF_UPDATE_INTERVAL: Final = "update_interval"
# Whether the Call event shows the other party's whole number rather than a masked one.
CONF_SHOW_NUMBERS: Final = "show_call_numbers"
# The site's cookies after a config flow's sign-in. The flow hands them to setup in the
# entry's data, because a flow creates or updates an entry with its data alone; setup
# moves them into the entry's Store (storage.py), where the coordinator keeps them
# current, so they stay in the entry only until then.
CONF_SESSION: Final = "session"
# Set once the site asked this account for an emailed one-time password: every login
# then mails one, so only a user's submit in a flow may log in.
CONF_EMAIL_OTP: Final = "email_otp"
# The entry's own key for the fingerprints of calls seen (calls.py): kept in the entry, not
# in the Store beside them, so the Store alone does not let anyone test guessed numbers.
CONF_CALL_KEY: Final = "call_key"

DEFAULT_UPDATE_INTERVAL_HOURS: Final = 6
MIN_UPDATE_INTERVAL_HOURS: Final = 1
MAX_UPDATE_INTERVAL_HOURS: Final = 168

# The site states codes are valid for this long.
CODE_VALIDITY: Final = timedelta(minutes=30)

STORAGE_VERSION: Final = 1

MANUFACTURER: Final = "NTT Docomo Business"
