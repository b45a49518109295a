"""Targeting rules: is a piece of outreach prepared, warm, tailored and lawful? (pure)

Nine rules look at one outreach item (a letter, email, call …) and at plain
facts the Django layer fetched in a few set-based queries: the company (needs
profile, size, district, sector, ties, a refusal), the contact person (objection,
consent), the pipeline's target criteria, the team's recent texts and recent
counts. Each rule returns at most one `Finding` per item, carrying its severity
and the figures that made it fire (`evidence`, JSON-serialisable); the `RULES`
registry words each rule in German and English.

Generic text is the one rule that compares texts. A text is masked first
(`mask_text`: merge values, salutations, addresses, dates), then folded into
words and cut into chunks at content-defined boundaries, the way mass-mail
detectors build fuzzy checksums: an edit changes only the chunks around it.
That `text_fingerprint` is deterministic, so it is stored with each touchpoint
and the recent window is read without masking it again. Two texts are alike when
the rapidfuzz ratio of their chunk sequences reaches the set level. Chunk
sequences are short enough for rapidfuzz's fast 8-bit path, so a campaign of
1,000 letters is compared with itself and the window in one `process.cdist`
over 8-bit chunk codes; codes may collide, which can only raise a score, so that
pass finds every candidate, and the exact chunk ids confirm the candidates with
`process.cpdist`. Identical fingerprints (the mass letters) are compared once.

One module per concept, their public names re-exported here: `catalogue` (the
rules as users see them), `thresholds`, `inputs`, `findings`, `masking` (with the
fingerprints), `phrases` (salutations and closings), `similarity`, `windows` (a
whole history at once), `rules` (the checks of an item and a campaign) and
`score`. None of them imports Django.
"""

from outreach.quality.catalogue import (
    CHANNEL_NOT_ALLOWED,
    COLD_ALTHOUGH_WARM,
    DO_NOT_CONTACT,
    GENERIC_TEXT,
    NO_NAMED_PERSON,
    POOR_FIT,
    REPEAT_CONTACT,
    RULES,
    UNPREPARED_FIRST_CONTACT,
    VOLUME_BURST,
    WRITTEN_CHANNELS,
    Channel,
    Direction,
    Rule,
    Severity,
)
from outreach.quality.findings import Evidence, Finding, JSONValue
from outreach.quality.inputs import (
    CompanyFacts,
    ContactFacts,
    Outreach,
    RecentCounts,
    RecentText,
    TargetCriteria,
    WrittenContact,
)
from outreach.quality.masking import (
    CHUNK_SEPARATOR,
    FINGERPRINT_VERSION,
    MASK_DATE,
    MASK_EMAIL,
    MASK_PERSON,
    MASK_PLACE,
    MASK_SALUTATION,
    MASK_STREET,
    MASK_VALUE,
    generic_salutation,
    mask_text,
    text_fingerprint,
)
from outreach.quality.phrases import ending_closing, opening_salutation, starting_salutation
from outreach.quality.rules import (
    CampaignResult,
    check_campaign,
    check_channel_not_allowed,
    check_cold_although_warm,
    check_do_not_contact,
    check_generic_text,
    check_no_named_person,
    check_outreach,
    check_poor_fit,
    check_repeat_contact,
    check_unprepared_first_contact,
    check_volume_burst,
)
from outreach.quality.score import TargetingScore, targeting_score
from outreach.quality.similarity import TextMatch, similar_texts
from outreach.quality.thresholds import (
    MSG_AT_LEAST_ONE,
    MSG_AT_LEAST_ONE_DAY,
    MSG_NUMBER,
    MSG_PERCENT,
    MSG_SIMILARITY,
    MSG_TIE_STRENGTH,
    MSG_WHOLE_NUMBER,
    ThresholdError,
    Thresholds,
)
from outreach.quality.windows import HistoryText, history_matches

__all__ = [
    "CHANNEL_NOT_ALLOWED",
    "CHUNK_SEPARATOR",
    "COLD_ALTHOUGH_WARM",
    "DO_NOT_CONTACT",
    "FINGERPRINT_VERSION",
    "GENERIC_TEXT",
    "MASK_DATE",
    "MASK_EMAIL",
    "MASK_PERSON",
    "MASK_PLACE",
    "MASK_SALUTATION",
    "MASK_STREET",
    "MASK_VALUE",
    "MSG_AT_LEAST_ONE",
    "MSG_AT_LEAST_ONE_DAY",
    "MSG_NUMBER",
    "MSG_PERCENT",
    "MSG_SIMILARITY",
    "MSG_TIE_STRENGTH",
    "MSG_WHOLE_NUMBER",
    "NO_NAMED_PERSON",
    "POOR_FIT",
    "REPEAT_CONTACT",
    "RULES",
    "UNPREPARED_FIRST_CONTACT",
    "VOLUME_BURST",
    "WRITTEN_CHANNELS",
    "CampaignResult",
    "Channel",
    "CompanyFacts",
    "ContactFacts",
    "Direction",
    "Evidence",
    "Finding",
    "HistoryText",
    "JSONValue",
    "Outreach",
    "RecentCounts",
    "RecentText",
    "Rule",
    "Severity",
    "TargetCriteria",
    "TargetingScore",
    "TextMatch",
    "ThresholdError",
    "Thresholds",
    "WrittenContact",
    "check_campaign",
    "check_channel_not_allowed",
    "check_cold_although_warm",
    "check_do_not_contact",
    "check_generic_text",
    "check_no_named_person",
    "check_outreach",
    "check_poor_fit",
    "check_repeat_contact",
    "check_unprepared_first_contact",
    "check_volume_burst",
    "ending_closing",
    "generic_salutation",
    "history_matches",
    "mask_text",
    "opening_salutation",
    "similar_texts",
    "starting_salutation",
    "targeting_score",
    "text_fingerprint",
]
