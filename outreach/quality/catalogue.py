"""The targeting rules as users see them: channels, directions, severities, the catalogue (pure)."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Channel(StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    EVENT = "event"
    OTHER = "other"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Severity(StrEnum):
    WARNING = "warning"
    BLOCK = "block"


# Channels whose text is addressed to someone and can be a mass letter.
WRITTEN_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL})

UNPREPARED_FIRST_CONTACT = "unprepared_first_contact"
COLD_ALTHOUGH_WARM = "cold_although_warm"
GENERIC_TEXT = "generic_text"
VOLUME_BURST = "volume_burst"
POOR_FIT = "poor_fit"
CHANNEL_NOT_ALLOWED = "channel_not_allowed"
DO_NOT_CONTACT = "do_not_contact"
NO_NAMED_PERSON = "no_named_person"
REPEAT_CONTACT = "repeat_contact"


@dataclass(frozen=True, slots=True)
class Rule:
    """A targeting rule as users see it: what it checks and why, in German and English."""

    id: str
    number: int
    severity: Severity  # of a finding about one outreach item
    # Of a finding about a whole campaign; None where the rule has none.
    campaign_severity: Severity | None
    title_de: str
    title_en: str
    explanation_de: str
    explanation_en: str

    def title(self, language: str) -> str:
        return self.title_de if language.startswith("de") else self.title_en

    def explanation(self, language: str) -> str:
        return self.explanation_de if language.startswith("de") else self.explanation_en


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        rule.id: rule
        for rule in (
            Rule(
                id=UNPREPARED_FIRST_CONTACT,
                number=1,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Unvorbereiteter Erstkontakt",
                title_en="Unprepared first contact",
                explanation_de=(
                    "Der erste Kontakt zu diesem Unternehmen geht hinaus, ohne dass ein "
                    "aktuelles Bedarfsprofil erfasst ist. Wer die Lage des Betriebs nicht "
                    "kennt, kann keinen Nutzen zeigen, der zu ihm passt."
                ),
                explanation_en=(
                    "The first contact with this company goes out without a current needs "
                    "profile. Without knowing the company's situation, the approach cannot "
                    "show a benefit that fits it."
                ),
            ),
            Rule(
                id=COLD_ALTHOUGH_WARM,
                number=2,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Kalt, obwohl ein warmer Weg offensteht",
                title_en="Cold although a warm path exists",
                explanation_de=(
                    "Ein Netzwerkpartner hat eine starke, aktuelle Verbindung zu diesem "
                    "Unternehmen. Eine Vorstellung durch ihn öffnet die Tür eher als ein "
                    "kalter Erstkontakt."
                ),
                explanation_en=(
                    "A network partner has a strong, recent tie to this company. An "
                    "introduction through them opens the door more readily than a cold "
                    "first contact."
                ),
            ),
            Rule(
                id=GENERIC_TEXT,
                number=3,
                severity=Severity.WARNING,
                campaign_severity=Severity.BLOCK,
                title_de="Serienbrief statt Einzelansprache",
                title_en="Generic text",
                explanation_de=(
                    "Der Text unterscheidet sich von anderen Schreiben des Teams aus der "
                    "letzten Zeit nur durch Namen und Adressen. Ein Serienbrief wird als "
                    "solcher erkannt und selten beantwortet. Besteht eine Aktion zu einem "
                    "großen Teil aus solchen Schreiben, kann sie nicht versandt werden."
                ),
                explanation_en=(
                    "The text differs from the team's other recent outreach only by names "
                    "and addresses. A mass letter is recognised as one and rarely answered. "
                    "A campaign made up largely of such letters cannot be sent."
                ),
            ),
            Rule(
                id=VOLUME_BURST,
                number=4,
                severity=Severity.WARNING,
                campaign_severity=Severity.WARNING,
                title_de="Auffällige Menge",
                title_en="Volume burst",
                explanation_de=(
                    "Eine Person oder eine Aktion spricht in kurzer Zeit ungewöhnlich viele "
                    "Unternehmen kalt an, oder eine Vorlage geht an ungewöhnlich viele "
                    "Unternehmen: Das ist das Gießkannenprinzip."
                ),
                explanation_en=(
                    "One person or one campaign makes unusually many cold first contacts in "
                    "a short time, or one template goes to unusually many companies: the "
                    "watering-can approach."
                ),
            ),
            Rule(
                id=POOR_FIT,
                number=5,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Passt nicht zur Zielgruppe",
                title_en="Poor fit",
                explanation_de=(
                    "Das Unternehmen liegt außerhalb der Zielkriterien der Pipeline "
                    "(Größenklasse, Landkreis oder Branche)."
                ),
                explanation_en=(
                    "The company lies outside the pipeline's target criteria (size class, "
                    "district or sector)."
                ),
            ),
            Rule(
                id=CHANNEL_NOT_ALLOWED,
                number=6,
                severity=Severity.BLOCK,
                campaign_severity=None,
                title_de="Kanal nicht erlaubt",
                title_en="Channel not allowed",
                explanation_de=(
                    "Werbende E-Mails brauchen eine vorherige ausdrückliche Einwilligung, "
                    "Anrufe bei Unternehmen einen konkreten Grund für eine mutmaßliche "
                    "Einwilligung (§ 7 Abs. 2 UWG). Für diesen Kontakt ist die nötige "
                    "Grundlage nicht erfasst."
                ),
                explanation_en=(
                    "Advertising email needs prior express consent, and a phone call to a "
                    "business needs a concrete reason for presumed consent (§ 7(2) UWG). "
                    "The required basis is not recorded for this contact."
                ),
            ),
            Rule(
                id=DO_NOT_CONTACT,
                number=7,
                severity=Severity.BLOCK,
                campaign_severity=None,
                title_de="Kontaktsperre",
                title_en="Do not contact",
                explanation_de=(
                    "Die Person hat der Ansprache widersprochen (Art. 21 DSGVO) oder ist "
                    "gesperrt, oder das Unternehmen hat abgesagt und eine erneute Ansprache "
                    "ist noch nicht vorgesehen."
                ),
                explanation_en=(
                    "The person objected to direct marketing (Art. 21 GDPR) or is marked "
                    "do-not-contact, or the company declined and approaching it again is "
                    "not yet due."
                ),
            ),
            Rule(
                id=NO_NAMED_PERSON,
                number=8,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Keine Ansprechperson",
                title_en="No named person",
                explanation_de=(
                    "Das Schreiben richtet sich an niemanden persönlich („Sehr geehrte Damen "
                    "und Herren“). Ein Brief an eine benannte Person wird eher gelesen."
                ),
                explanation_en=(
                    "The outreach is addressed to nobody in particular (“Dear Sir or "
                    "Madam”). A letter to a named person is far more likely to be read."
                ),
            ),
            Rule(
                id=REPEAT_CONTACT,
                number=9,
                severity=Severity.WARNING,
                campaign_severity=None,
                title_de="Zweites Schreiben kurz nach dem ersten",
                title_en="Second letter soon after the last",
                explanation_de=(
                    "Das Unternehmen hat vor wenigen Tagen schon ein Schreiben des Teams "
                    "erhalten. Zwei Briefe oder E-Mails kurz nacheinander, etwa ein "
                    "Einzelbrief und dann der Kampagnenbrief, wirken unabgestimmt."
                ),
                explanation_en=(
                    "The company received a letter or email from the team only days ago. Two "
                    "written contacts in quick succession, such as an individual letter and "
                    "then the campaign letter, look uncoordinated."
                ),
            ),
        )
    }
)
