"""The demo rows: companies, contacts and network partners drawn from seeded generators."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from faker import Faker

from companies.matching import normalize_name
from companies.models import Company, Contact, LegalForm, NetworkPartner
from crm.demo.people import (
    FAMILY_NAMES,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    MOBILE_PREFIXES,
    Person,
)
from crm.demo.region import STADT_LEIPZIG, STREETS, TOWNS, TOWNS_BY_NAME, Town
from crm.demo.sectors import (
    OWNER_NAMED_FORMS,
    PARTNERSHIP_FORMS,
    SECTOR_PROFILES,
    SectorProfile,
    Weighted,
)
from crm.demo.texts import COMPANY_NOTES, CONTACT_NOTES, PARTNER_COMPANY_NOTES

_F = LegalForm


def _pick(rng: random.Random, weighted: Weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def slug(text: str) -> str:
    """ASCII label for domains and mail addresses: "Bäckerei Höß" -> "baeckerei-hoess"."""
    return normalize_name(text).replace(" ", "-").replace("_", "-")[:60].strip("-")


@dataclass(slots=True)
class CompanyDraft:
    fields: dict[str, Any]
    profile: SectorProfile
    owner: Person | None  # the owner when the company name carries their name
    domain: str


class DemoData:
    """Draws the demo rows from one seeded random generator and one seeded Faker."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("de_DE")
        self.fake.seed_instance(seed)
        self._names: set[str] = set()
        self._profile_weights = [p.weight for p in SECTOR_PROFILES]
        self._town_weights = [t.weight for t in TOWNS]

    # -- people ------------------------------------------------------------

    def family_name(self) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(FAMILY_NAMES)
        return self.fake.last_name()

    def person(
        self, *, female_share: float = 0.5, last_name: str | None = None, title_share: float = 0.04
    ) -> Person:
        draw = self.rng.random()
        if draw < 0.04:
            salutation = Contact.Salutation.NEUTRAL
            female = self.rng.random() < 0.5
        else:
            female = draw < 0.04 + 0.96 * female_share
            salutation = Contact.Salutation.FRAU if female else Contact.Salutation.HERR
        if self.rng.random() < 0.7:
            first = self.rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        else:
            first = self.fake.first_name_female() if female else self.fake.first_name_male()
        title = "Dr." if self.rng.random() < title_share else ""
        return Person(salutation, first, last_name or self.family_name(), title)

    # -- companies -----------------------------------------------------------

    def town(self, *, rural: bool) -> Town:
        while True:
            town = self.rng.choices(TOWNS, weights=self._town_weights)[0]
            if not (rural and town.district == STADT_LEIPZIG):
                return town

    def phone(self, town: Town) -> str:
        """A number in the town's area code, 11 digits in all: "0341 1234567"."""
        digits = 11 - len(town.area_code)
        first = str(self.rng.randint(2, 9))
        rest = "".join(str(self.rng.randint(0, 9)) for _ in range(digits - 1))
        return f"{town.area_code} {first}{rest}"

    def mobile(self) -> str:
        number = "".join(str(self.rng.randint(0, 9)) for _ in range(7))
        return f"{self.rng.choice(MOBILE_PREFIXES)} {self.rng.randint(1, 9)}{number}"

    def employees(self, profile: SectorProfile) -> int:
        value = 3 + math.exp(self.rng.gauss(2.0, 1.0)) * profile.size
        return min(240, round(value))

    def _name(self, profile: SectorProfile, form: str, town: Town) -> tuple[str, Person | None]:
        """A company name and, if the name carries it, the owner's family name."""
        rng = self.rng
        patterns: list[tuple[str, int]] = []
        if profile.prefixes:
            patterns.append(("prefix", 45))
        if profile.suffixes:
            patterns += [("suffix", 20), ("adjective", 10)]
        if profile.fantasy:
            patterns.append(("fantasy", 15 if (profile.prefixes or profile.suffixes) else 100))
        if form in PARTNERSHIP_FORMS and (profile.prefixes or profile.suffixes):
            patterns.append(("partners", 50))
        if form in OWNER_NAMED_FORMS and profile.prefixes:
            patterns.append(("first_name", 20))
        pattern = _pick(rng, tuple(patterns))

        places = {"town": town.name, "adjective": town.adjective, "landscape": town.landscape}
        family = self.family_name()
        title_share = 0.5 if profile.doctors else 0.04
        owner = self.person(female_share=0.35, last_name=family, title_share=title_share)
        if pattern == "fantasy":
            return rng.choice(profile.fantasy).format(**places), None
        if pattern == "adjective":
            return f"{town.adjective} {rng.choice(profile.suffixes)}", None
        if pattern == "partners":
            tail = f" {rng.choice(profile.suffixes)}" if profile.suffixes else ""
            if form == _F.PARTG_MBB:
                return f"{family} & Partner{tail}", owner
            return f"{family} & {self.family_name()}{tail}", owner
        if pattern == "first_name":
            return _join(rng.choice(profile.prefixes), owner.full_name), owner
        if pattern == "prefix":
            title = owner.title if profile.doctors else ""
            name = _join(rng.choice(profile.prefixes), title, family)
        else:
            name = f"{family} {rng.choice(profile.suffixes)}"
        if form in {_F.GMBH, _F.GMBH_CO_KG, _F.KG, _F.OHG} and rng.random() < 0.06:
            name = f"{name} & Sohn"
        return name, owner

    def company(self) -> CompanyDraft:
        rng = self.rng
        for _attempt in range(50):
            profile = rng.choices(SECTOR_PROFILES, weights=self._profile_weights)[0]
            form = _pick(rng, profile.forms)
            town = self.town(rural=profile.rural)
            name, owner = self._name(profile, form, town)
            if normalize_name(name) not in self._names:
                break
        else:  # pragma: no cover - 50 collisions in a row do not happen with these tables
            name = f"{name} {len(self._names)}"
        self._names.add(normalize_name(name))

        domain = f"{slug(name)}.example"
        fields: dict[str, Any] = {
            "legal_name": name,
            "legal_form": form,
            "street": f"{rng.choice(STREETS)} {self._house_number()}",
            "postal_code": rng.choice(town.postal_codes),
            "city": town.name,
            "district": town.district,
            "sector_division": profile.division,
            "employees": self.employees(profile),
            "website": f"https://www.{domain}" if rng.random() < 0.8 else "",
            "phone": self.phone(town) if rng.random() < 0.92 else "",
            "email": f"{rng.choice(('info', 'kontakt', 'post', 'mail'))}@{domain}"
            if rng.random() < 0.85
            else "",
            "notes": rng.choice(COMPANY_NOTES) if rng.random() < 0.25 else "",
        }
        return CompanyDraft(fields=fields, profile=profile, owner=owner, domain=domain)

    def _house_number(self) -> str:
        number = str(self.rng.randint(1, 120))
        return number + self.rng.choice("ab") if self.rng.random() < 0.1 else number

    # -- contacts ------------------------------------------------------------

    def contacts(self, company: Company, draft: CompanyDraft) -> list[dict[str, Any]]:
        rng = self.rng
        employees = company.employees or 0
        if employees < 10:
            counts = (25, 50, 20, 5)
        elif employees < 50:
            counts = (10, 40, 35, 15)
        else:
            counts = (5, 25, 40, 30)
        how_many = rng.choices(range(4), weights=counts)[0]
        roles: list[str] = []
        if how_many:
            roles.append(Contact.Role.OWNER if rng.random() < 0.8 else Contact.Role.HR)
        others: list[tuple[str, int]] = [
            (Contact.Role.HR, 35),
            (Contact.Role.ASSISTANT, 20),
            (Contact.Role.OTHER, 20),
        ]
        if employees >= 20:
            others.append((Contact.Role.WORKS_COUNCIL, 15))
        if employees >= 50:
            others.append((Contact.Role.EQUALITY, 10))
        while len(roles) < how_many:
            roles.append(_pick(rng, tuple(others)))

        rows = []
        for role in roles:
            person = self._contact_person(role, draft)
            rows.append(self._contact_fields(role, person, company, draft))
        return rows

    def _contact_person(self, role: str, draft: CompanyDraft) -> Person:
        if role == Contact.Role.OWNER:
            if draft.owner is not None:
                return draft.owner
            return self.person(female_share=0.35, title_share=0.06)
        shares: dict[str, float] = {Contact.Role.HR: 0.75, Contact.Role.ASSISTANT: 0.85}
        female_share = shares.get(role, 0.55)
        return self.person(female_share=female_share, title_share=0.02)

    def _contact_fields(
        self, role: str, person: Person, company: Company, draft: CompanyDraft
    ) -> dict[str, Any]:
        rng = self.rng
        if role == Contact.Role.OWNER:
            if company.legal_form in OWNER_NAMED_FORMS:
                position = person.word("Inhaberin", "Inhaber", "Inhaber/in")
            elif company.legal_form == _F.EG:
                position = person.word("Vorstandsvorsitzende", "Vorstandsvorsitzender", "Vorstand")
            elif company.legal_form == _F.PARTG_MBB:
                position = person.word("Partnerin", "Partner", "Partner/in")
            elif company.legal_form in {_F.GBR, _F.OHG}:
                position = person.word("Gesellschafterin", "Gesellschafter", "Gesellschafter/in")
            else:
                position = person.word("Geschäftsführerin", "Geschäftsführer", "Geschäftsführer/in")
        elif role == Contact.Role.HR:
            position = rng.choice(
                (
                    person.word("Personalleiterin", "Personalleiter", "Personalleiter/in"),
                    person.word("Personalreferentin", "Personalreferent", "Personalreferent/in"),
                )
            )
        elif role == Contact.Role.WORKS_COUNCIL:
            position = person.word(
                "Betriebsratsvorsitzende", "Betriebsratsvorsitzender", "Betriebsratsvorsitzende/r"
            )
        elif role == Contact.Role.EQUALITY:
            position = person.word(
                "Beauftragte für Chancengleichheit",
                "Beauftragter für Chancengleichheit",
                "Beauftragte/r für Chancengleichheit",
            )
        elif role == Contact.Role.ASSISTANT:
            position = rng.choice(
                (
                    person.word(
                        "Assistentin der Geschäftsführung",
                        "Assistent der Geschäftsführung",
                        "Assistenz der Geschäftsführung",
                    ),
                    person.word("Büroleiterin", "Büroleiter", "Büroleiter/in"),
                )
            )
        else:
            position = rng.choice(
                (
                    person.word("Prokuristin", "Prokurist", "Prokurist/in"),
                    person.word("Betriebsleiterin", "Betriebsleiter", "Betriebsleiter/in"),
                    person.word("Ausbildungsleiterin", "Ausbildungsleiter", "Ausbildungsleiter/in"),
                )
            )

        email = ""
        if company.email and rng.random() < 0.8:
            email = f"{slug(person.first_name)}.{slug(person.last_name)}@{draft.domain}"
        phone = ""
        draw = rng.random()
        if company.phone and draw < 0.55:
            phone = f"{company.phone}-{rng.randint(10, 99)}"
        elif draw < 0.7:
            phone = self.mobile()

        legal_basis = _pick(
            rng,
            (
                (Contact.LegalBasis.LEGITIMATE_INTEREST, 72),
                (Contact.LegalBasis.UNKNOWN, 10),
                (Contact.LegalBasis.CONSENT, 10),
                (Contact.LegalBasis.CONTRACT, 8),
            ),
        )
        fields: dict[str, Any] = {
            "salutation": person.salutation,
            "title": person.title,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "role": role,
            "position": position,
            "email": email,
            "phone": phone,
            "legal_basis": legal_basis,
            "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.15 else "",
        }
        draw = rng.random()
        if draw < 0.02:
            fields["do_not_contact"] = True
            fields["objected_at"] = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
            fields["notes"] = "Widerspruch gegen Werbung per E-Mail und Post (Art. 21 DSGVO)."
        elif draw < 0.04:
            fields["do_not_contact"] = True
            fields["notes"] = "Möchte nicht mehr kontaktiert werden."
        return fields

    # -- network partners ----------------------------------------------------

    def organisation_partners(self) -> list[dict[str, Any]]:
        """The chambers, agencies, alliances and associations of the region."""
        kind = NetworkPartner.Kind
        fachkraefte = (
            "Referentin Fachkräftesicherung",
            "Referent Fachkräftesicherung",
            "Referent/in Fachkräftesicherung",
        )
        wifoe = ("Wirtschaftsförderin", "Wirtschaftsförderer", "Wirtschaftsförderer/in")
        speaker = ("Sprecherin", "Sprecher", "Sprecher/in")
        org = self._organisation
        return [
            org(kind.IHK, "IHK zu Leipzig", "Leipzig", "ihk-leipzig", fachkraefte,
                street="Goerdelerring 5", postal_code="04109",
                website="https://www.leipzig.ihk.de"),
            org(kind.HWK, "Handwerkskammer zu Leipzig", "Leipzig", "hwk-leipzig",
                ("Betriebsberaterin", "Betriebsberater", "Betriebsberater/in"),
                street="Dresdner Straße 11/13", postal_code="04103",
                website="https://www.hwk-leipzig.de"),
            org(kind.ECONOMIC_DEVELOPMENT, "Amt für Wirtschaftsförderung der Stadt Leipzig",
                "Leipzig", "wirtschaftsfoerderung-leipzig",
                ("Unternehmensbetreuerin", "Unternehmensbetreuer", "Unternehmensbetreuer/in"),
                postal_code="", website="https://www.leipzig.de"),
            org(kind.ECONOMIC_DEVELOPMENT, "Wirtschaftsförderung Landkreis Leipzig", "Borna",
                "landkreis-leipzig", wifoe, website="https://www.landkreisleipzig.de"),
            org(kind.ECONOMIC_DEVELOPMENT, "Wirtschaftsförderung Landkreis Nordsachsen",
                "Torgau", "landkreis-nordsachsen", wifoe,
                website="https://www.landkreis-nordsachsen.de"),
            org(kind.LOCAL_ALLIANCE, "Lokales Bündnis für Familie Grimma", "Grimma",
                "buendnis-grimma", ("Koordinatorin", "Koordinator", "Koordinator/in")),
            org(kind.LOCAL_ALLIANCE, "Lokales Bündnis für Familie Delitzsch", "Delitzsch",
                "buendnis-delitzsch", speaker),
            org(kind.EMPLOYMENT_AGENCY, "Agentur für Arbeit Leipzig", "Leipzig", "", None,
                postal_code="", website="https://www.arbeitsagentur.de",
                notes="Arbeitgeber-Service; kennt Betriebe mit offenen Stellen."),
            org(kind.ASSOCIATION, "Unternehmerverband Sachsen e.V.", "Leipzig", "", None,
                postal_code="", notes="Regionalgruppe Leipzig trifft sich monatlich."),
            org(kind.ASSOCIATION, "Handwerkerinnen-Netzwerk Leipzig", "Leipzig",
                "handwerkerinnen-leipzig", speaker, postal_code=""),
            org(kind.ASSOCIATION, "Wirtschaftsjunioren Leipzig e.V.", "Leipzig", "wj-leipzig",
                ("Vorstandsmitglied", "Vorstandsmitglied", "Vorstandsmitglied"),
                postal_code=""),
            org(kind.MUNICIPALITY, "Stadtverwaltung Markkleeberg", "Markkleeberg",
                "markkleeberg", ("Gleichstellungsbeauftragte", "Gleichstellungsbeauftragter",
                                 "Gleichstellungsbeauftragte/r")),
        ]  # fmt: skip

    def _organisation(
        self,
        kind: str,
        name: str,
        town_name: str,
        domain: str,
        position: tuple[str, str, str] | None,
        *,
        street: str = "",
        postal_code: str | None = None,
        website: str = "",
        notes: str = "",
    ) -> dict[str, Any]:
        """One partner organisation; with a position, an (invented) person works there."""
        town = TOWNS_BY_NAME[town_name]
        fields: dict[str, Any] = {
            "kind": kind,
            "name": name,
            "street": street,
            "postal_code": town.postal_codes[0] if postal_code is None else postal_code,
            "city": town.name,
            "district": town.district,
            "website": website,
            "notes": notes,
        }
        if position is not None:
            person = self.person(female_share=0.7, title_share=0.05)
            fields["person_name"] = person.full_name
            fields["position"] = person.word(*position)
            fields["email"] = f"{slug(person.first_name)}.{slug(person.last_name)}@{domain}.example"
        return fields

    def company_partners(
        self, companies: list[tuple[Company, Contact | None]], count: int
    ) -> list[dict[str, Any]]:
        """Partner records for some of the companies, with their owner as the person."""
        with_owner = [pair for pair in companies if pair[1] is not None]
        without = [pair for pair in companies if pair[1] is None]
        chosen = self.rng.sample(with_owner, min(count, len(with_owner)))
        chosen += self.rng.sample(without, min(count - len(chosen), len(without)))
        notes = self.rng.sample(PARTNER_COMPANY_NOTES, len(PARTNER_COMPANY_NOTES))
        partners = []
        for index, (company, owner) in enumerate(chosen):
            partners.append(
                {
                    "kind": NetworkPartner.Kind.PARTNER_COMPANY,
                    "name": company.full_name,
                    "company": company,
                    "person_name": owner.full_name if owner else "",
                    "position": owner.position if owner else "",
                    "email": owner.email if owner else company.email,
                    "phone": owner.phone if owner else company.phone,
                    "website": company.website,
                    "street": company.street,
                    "postal_code": company.postal_code,
                    "city": company.city,
                    "district": company.district,
                    "notes": notes[index % len(notes)],
                }
            )
        return partners
