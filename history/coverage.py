"""Public functions of the services modules that write nothing, so carry no action name."""

# Each is checked by tests/history/test_coverage.py: every other public function
# defined in a `services` module must be wrapped in `@recorded`.
READ_ONLY_SERVICES = {
    "benefits.services.catalogue_data": "reads the bundled catalogue file",
    "outreach.services.flags.flag_key": "computes a flag's identity",
    "outreach.services.reevaluation.team_findings": "yields the rules' findings, stores nothing",
    "outreach.letters.services.batch_stalled": "tells whether a batch stopped moving",
    "outreach.letters.services.letter_prepare": "composes a letter in memory (no writes)",
    "history.services.processing_record_for": "reads the team's record (unsaved when new)",
    "crm.accounts.services.totp_secret": "formats a device key for typing",
    "privacy.services.contact_digests": "computes keyed hashes of an email and a phone",
    "privacy.services.do_not_contact_blocked": "tells whether people are on the list",
    "privacy.services.access_package": "collects what is held about a contact (the export logs)",
    "privacy.services.partner_access_package": "collects what is held about a partner's person",
}
