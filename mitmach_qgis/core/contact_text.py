"""The ready-to-send text that introduces the consenting members of a match group to each other.

The letter is written in the *participant's* language, not in the officer's: a German-speaking officer
with an English QGIS still writes to a German household in German, and an officer may write to one
household in English while the others get German. The language is therefore an argument, and the words
come from the phrase tables below (as a mail-merge template would), not from Qt's translator, which
follows the language of the user interface.

Plain Python, no Qt: the text is produced for the officer and shown to them only. It is never stored in
the database or written to a log (DESIGN.md §5).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

LANGUAGES = ("de", "en")
DEFAULT_SCHEME = "NachbarschaftsWerk"


@dataclass(frozen=True)
class ContactDetails:
    """What one consenting participant shares with the others: name, e-mail and phone, nothing else.

    The street address stays with the council: neighbours within a few hundred metres need a way to get
    in touch, not each other's postal address (data minimisation, GDPR Art. 5(1)(c)).
    """

    name: str
    email: str | None = None
    phone: str | None = None


PHRASES: dict[str, dict[str, str]] = {
    "de": {
        "subject": "Betreff: Gemeinsam sanieren – Kontakt zu Ihren Nachbarinnen und Nachbarn",
        "greeting": "Guten Tag {name},",
        "greeting_anonymous": "Guten Tag,",
        "intro": (
            "Sie haben sich beim {scheme} mit einer Idee zur energetischen Sanierung gemeldet. "
            "Vielen Dank dafür!"
        ),
        "neighbours_one": (
            "In Ihrer Nachbarschaft plant ein weiterer Haushalt ein Vorhaben, das gut zu Ihrem passt. "
            "Gemeinsam bietet sich an: {synergy}."
        ),
        "neighbours_many": (
            "In Ihrer Nachbarschaft planen {count} weitere Haushalte Vorhaben, die gut zu Ihrem passen. "
            "Gemeinsam bietet sich an: {synergy}."
        ),
        "consent": (
            "Alle Genannten haben wie Sie zugestimmt, dass wir ihre Kontaktdaten für diesen Zweck "
            "weitergeben. So erreichen Sie sie:"
        ),
        "email": "E-Mail: {value}",
        "phone": "Telefon: {value}",
        "no_contact": "(keine E-Mail-Adresse oder Telefonnummer angegeben – wir stellen gern den Kontakt her)",
        "mutual": (
            "Ihren Namen und Ihre Kontaktdaten haben wir ebenso an die genannten Personen weitergegeben. "
            "Nehmen Sie gern Kontakt miteinander auf."
        ),
        "help": (
            "Bei Fragen oder wenn Sie Unterstützung wünschen, melden Sie sich gern bei uns. Ihre Zustimmung "
            "zur Weitergabe Ihrer Kontaktdaten können Sie jederzeit für die Zukunft widerrufen."
        ),
        "closing": "Mit freundlichen Grüßen",
        "council": "[Stadtverwaltung, Ansprechperson, Telefon]",
    },
    "en": {
        "subject": "Subject: Renovating together – getting in touch with your neighbours",
        "greeting": "Dear {name},",
        "greeting_anonymous": "Hello,",
        "intro": "You contacted the {scheme} with an idea for an energy renovation. Thank you very much!",
        "neighbours_one": (
            "Another household in your neighbourhood is planning work that goes well with yours. "
            "Together you could consider: {synergy}."
        ),
        "neighbours_many": (
            "{count} other households in your neighbourhood are planning work that goes well with yours. "
            "Together you could consider: {synergy}."
        ),
        "consent": (
            "Like you, everyone named here has agreed that we pass on their contact details for this "
            "purpose. This is how to reach them:"
        ),
        "email": "E-mail: {value}",
        "phone": "Phone: {value}",
        "no_contact": "(no e-mail address or phone number given – we are happy to put you in touch)",
        "mutual": (
            "We have passed your name and contact details on to the people named above in the same way. "
            "Please feel free to get in touch with each other."
        ),
        "help": (
            "If you have any questions or would like support, please contact us. You can withdraw your "
            "consent to passing on your contact details at any time for the future."
        ),
        "closing": "Kind regards",
        "council": "[Council, contact person, phone]",
    },
}


def _one_line(value: str | None) -> str:
    """NFC, inner whitespace (line breaks included) collapsed: a name cannot break the layout."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def phrases(language: str) -> dict[str, str]:
    """The phrase table of ``language`` ("de", "en"; "de-DE" and "en_GB" work too), or ValueError."""
    code = (language or "").replace("_", "-").split("-")[0].lower()
    if code not in PHRASES:
        raise ValueError(f"no contact text in language {language!r}; available: {', '.join(LANGUAGES)}")
    return PHRASES[code]


def contact_block(person: ContactDetails, language: str = "de") -> list[str]:
    """The lines that introduce one person: name, then e-mail and phone when given."""
    words = phrases(language)
    lines = [f"  • {_one_line(person.name)}"]
    email, phone = _one_line(person.email), _one_line(person.phone)
    if email:
        lines.append("    " + words["email"].format(value=email))
    if phone:
        lines.append("    " + words["phone"].format(value=phone))
    if not email and not phone:
        lines.append("    " + words["no_contact"])
    return lines


def contact_text(
    recipient_name: str | None,
    others: Sequence[ContactDetails],
    synergy_label: str,
    language: str = "de",
    council: str | None = None,
    scheme: str = DEFAULT_SCHEME,
) -> str:
    """A letter or e-mail to one participant with the contact details of ``others``.

    ``council`` (sender, contact person, phone) replaces the bracketed placeholder of the closing, which
    the officer otherwise fills in before sending. Raises ValueError without anyone to introduce: a
    letter that names nobody must not go out.
    """
    words = phrases(language)
    people = [p for p in others if _one_line(p.name)]
    if not people:
        raise ValueError("a contact text needs at least one other participant")
    name = _one_line(recipient_name)
    greeting = words["greeting"].format(name=name) if name else words["greeting_anonymous"]
    synergy = _one_line(synergy_label)
    neighbours = words["neighbours_one" if len(people) == 1 else "neighbours_many"].format(
        count=len(people), synergy=synergy
    )
    blocks: list[str] = []
    for person in people:
        blocks.extend(contact_block(person, language))
    sender = (council or "").strip() or words["council"]
    parts = [
        words["subject"],
        "",
        greeting,
        "",
        words["intro"].format(scheme=_one_line(scheme) or DEFAULT_SCHEME),
        "",
        neighbours,
        "",
        words["consent"],
        "",
        *blocks,
        "",
        words["mutual"],
        "",
        words["help"],
        "",
        words["closing"],
        sender,
    ]
    return unicodedata.normalize("NFC", "\n".join(parts)) + "\n"
