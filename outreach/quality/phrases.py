"""Salutations and closings of letters and emails, in German and English (pure).

A campaign's common text is the body of a letter: the layout adds the salutation
to the named person and the closing. These recognisers find a greeting at the
start of a text or a closing at its end, so a body that brings its own is
refused, and they find the salutation a sent text actually opens with, which is
what the "no named person" rule judges.
"""

import re

# A greeting opens its line: "Sehr geehrte Frau Kühn,", "Liebe Kolleginnen,", "Hallo",
# "Guten Tag Alex Kühn", "Dear Ms Kühn", "Hello", "Hi", "To whom it may concern".
_SALUTATION = re.compile(
    r"^[ \t]*(?:"
    r"sehr[ \t]+geehrte[rs]?\b"
    r"|liebe[rs]?\b"
    r"|hallo\b"
    r"|guten[ \t]+(?:tag|morgen|abend)\b"
    r"|moin\b"
    r"|servus\b"
    r"|grüß[ \t]+gott\b"
    r"|dear\b"
    r"|hello\b"
    r"|hi\b"
    r"|good[ \t]+(?:morning|afternoon|day)\b"
    r"|to[ \t]+whom[ \t]+it[ \t]+may[ \t]+concern\b"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
# A closing is a line of its own, perhaps followed by a comma and a name.
_CLOSING = re.compile(
    r"^[ \t]*(?:"
    r"mit[ \t]+(?:den[ \t]+)?(?:freundliche[nm]|beste[nm]|herzliche[nm]|kollegiale[nm]|viele[nm])"
    r"[ \t]+gr(?:ü|ue|u)(?:ß|ss)(?:en)?"
    r"|(?:freundliche|viele|beste|herzliche|liebe|schöne|sonnige|kollegiale)[ \t]+"
    r"gr(?:ü|ue)(?:ß|ss)e"
    r"|(?:freundlicher|herzlicher|bester|lieber)[ \t]+gru(?:ß|ss)"
    r"|mfg|lg|vg"
    r"|hochachtungsvoll"
    r"|(?:kind|best|warm|warmest|kindest)[ \t]+(?:regards|wishes)"
    r"|regards"
    r"|yours[ \t]+(?:sincerely|faithfully|truly)"
    r"|sincerely(?:[ \t]+yours)?"
    r"|best"
    r"|cheers"
    r")\b"
    # Then only punctuation, a place ("aus Zwickau") or, after a comma, a name.
    r"(?:[ \t]+(?:aus|from)[ \t]+[^\n]{1,40})?"
    r"[ \t]*(?:[.!]|,[ \t]*[^\n]{0,60})?[ \t]*$",
    re.IGNORECASE,
)
# How many lines at the end may follow a closing: the sender's name and role.
_SIGNATURE_LINES = 3
# A greeting line is short; a long line starting "Liebe …" is a sentence, not a greeting.
_MAX_GREETING_WORDS = 8


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _greeting(line: str) -> str | None:
    """The greeting a line opens with, up to its comma or end; None if it opens with none."""
    if not _SALUTATION.match(line):
        return None
    greeting = re.split(r"[,!:\n]", line, maxsplit=1)[0].strip()
    if len(greeting.split()) > _MAX_GREETING_WORDS:
        return None
    return greeting


def starting_salutation(text: str) -> str | None:
    """The salutation a text opens with ("Sehr geehrte Damen und Herren"), if any."""
    lines = _lines(text)
    return _greeting(lines[0]) if lines else None


def ending_closing(text: str) -> str | None:
    """The closing among the last lines of a text ("Mit freundlichen Grüßen"), if any."""
    for line in reversed(_lines(text)[-_SIGNATURE_LINES:]):
        if _CLOSING.match(line):
            return line
    return None


def opening_salutation(text: str) -> str | None:
    """The first greeting line of a text as sent, wherever it stands (a letter starts
    with its subject line)."""
    for line in _lines(text):
        greeting = _greeting(line)
        if greeting is not None:
            return greeting
    return None
