"""Drafting one statement, and scoring one against 10,000 earlier statements of the team.

Targets (issue 5): drafting 50 ms, scoring 200 ms. Each figure is printed next to
a floor measured in the same run:

* drafting (pure): one pass over the catalogue that only intersects need sets;
* drafting (service): the reads that feed the engine (`selectors.draft_input`);
* scoring (pure): the bare rapidfuzz `process.extractOne` with the same scorer
  over the same 10,000 masked texts (brute force, what the fingerprints avoid),
  and the Hamming pass over the 10,000 fingerprints alone;
* scoring (service): fetching the 10,000 fingerprints from the database.
"""

import random

from bench.common import Result, median_ms

CORPUS = 10_000
CITIES = (
    ("Torgau", "Landkreis Nordsachsen", "04860"),
    ("Grimma", "Landkreis Leipzig", "04668"),
    ("Leipzig", "Stadt Leipzig", "04109"),
    ("Delitzsch", "Landkreis Nordsachsen", "04509"),
    ("Borna", "Landkreis Leipzig", "04552"),
)
SECTORS = (
    ("C", "25"),
    ("F", "43"),
    ("K", "62"),
    ("R", "87"),
    ("G", "47"),
    ("I", "56"),
    ("N", "71"),
)
SIZES = ((8, "micro"), (30, "small"), (120, "medium"), (400, "large"))


def run() -> list[Result]:
    from django.contrib.auth import get_user_model
    from rapidfuzz import fuzz, process, utils
    from rapidfuzz.distance import Hamming

    from benefits import drafting, scoring, selectors, services, vocabulary
    from benefits.models import BenefitStatement
    from companies import sectors
    from companies.matching import normalize_name
    from companies.models import Company
    from crm.models import Membership, Team

    rng = random.Random(2026)
    user = get_user_model().objects.create_user("bench-benefits", password="bench-password-1")
    team = Team.objects.create(name="Bench Benefits", slug="bench-benefits")  # gets the catalogue
    Membership.objects.create(team=team, user=user, role=Membership.Role.LEAD)

    companies = Company.objects.bulk_create(
        [
            Company(
                team=team,
                legal_name=f"Betrieb {i} {rng.choice(['Krause', 'Schulze', 'Weber', 'Lange'])}",
                name_normalized=normalize_name(f"Betrieb {i}"),
                city=(place := rng.choice(CITIES))[0],
                district=place[1],
                postal_code=place[2],
                sector_section=(sector := rng.choice(SECTORS))[0],
                sector_division=sector[1],
                employees=(size := rng.choice(SIZES))[0],
                size_class=size[1],
            )
            for i in range(200)
        ]
    )
    company = companies[0]
    services.profile_save(
        company=company, by=user, challenges=["shift_work", "skilled_staff", "rural"]
    )
    profile = selectors.profile_for_company(company=company)
    data = selectors.draft_input(company=company, profile=profile, language="de")
    results = []

    # -- drafting ----------------------------------------------------------------
    needs = set(data.profile.needs) if data.profile else set()

    def catalogue_pass() -> None:
        [a for a in data.arguments if needs & set(a.needs)]
        [m for m in data.measures if needs & set(m.needs)]

    results.append(
        Result(
            "draft one statement (pure)",
            len(data.arguments) + len(data.measures),
            median_ms(lambda: drafting.draft(data), repeat=51),
            median_ms(catalogue_pass, repeat=51),
            "one need-filter pass",
        )
    )

    # The whole service (reads, drafting, scoring, writes) before the team has
    # other statements: what drafting costs a user when nothing is compared.
    results.append(
        Result(
            "draft (service, DB, no corpus)",
            0,
            median_ms(lambda: services.statement_draft(company=company, by=user), repeat=15),
            median_ms(
                lambda: selectors.draft_input(company=company, profile=profile, language="de"),
                repeat=15,
            ),
            "reads that feed the engine",
        )
    )

    # -- a corpus of 10,000 earlier statements ------------------------------------
    statements = []
    for i in range(CORPUS):
        other = companies[1 + i % (len(companies) - 1)]
        label = sectors.DIVISIONS_BY_CODE[other.sector_division]
        draft_needs = tuple(rng.sample(vocabulary.CATALOGUE_NEEDS, rng.randint(1, 4)))
        text = drafting.draft(
            drafting.DraftInput(
                company=drafting.Company(
                    name=other.legal_name,
                    city=other.city,
                    district=other.district,
                    sector_section=other.sector_section,
                    sector_label_de=label.title_de,
                    sector_label_en=label.title_en,
                    size_class=other.size_class,
                    employees=other.employees,
                    region="east",
                ),
                profile=drafting.Profile(needs=draft_needs, share_women=rng.randint(5, 70)),
                network=team.name,
                arguments=data.arguments,
                measures=data.measures,
            )
        ).text
        masked = scoring.mask(text, (other.legal_name, other.city, other.district))
        statements.append(
            BenefitStatement(
                team=team,
                company=other,
                text=text,
                masked_text=masked,
                fingerprint=scoring.fingerprint(masked),
                created_by=user,
            )
        )
    BenefitStatement.objects.bulk_create(statements, batch_size=500)
    corpus = list(
        BenefitStatement.objects.filter(team=team)
        .exclude(company=company)  # a company's own statements are never compared
        .values_list("id", "fingerprint", "masked_text")
    )
    fingerprints = [(pk, fp) for pk, fp, _ in corpus]
    texts = {pk: masked for pk, _, masked in corpus}
    masked_texts = list(texts.values())

    text = drafting.draft(data).text
    subject = selectors.score_subject(company=company, profile=profile)

    def score_pure() -> None:
        masked = scoring.mask(text, subject.mask_terms)
        ids = scoring.nearest(scoring.fingerprint(masked), fingerprints)
        scoring.score(subject, text, masked, {pk: texts[pk] for pk in ids})

    query = scoring.mask(text, subject.mask_terms)

    def brute_force() -> None:
        process.extractOne(query, masked_texts, scorer=fuzz.ratio, processor=utils.default_process)

    query_fp = scoring.fingerprint(query)
    stored = [fp for _, fp in fingerprints]

    def hamming_pass() -> None:
        process.extract(query_fp, stored, scorer=Hamming.normalized_similarity, limit=20)

    figure = median_ms(score_pure, repeat=25)
    results.append(
        Result(
            "score vs 10,000 (pure)",
            len(corpus),
            figure,
            median_ms(brute_force, repeat=3, warmup=0),
            "bare extractOne, same scorer",
        )
    )
    results.append(
        Result(
            "score vs 10,000 (pure)",
            len(corpus),
            figure,
            median_ms(hamming_pass, repeat=25),
            "Hamming pass over fingerprints",
        )
    )

    # -- the services, with their database reads and writes -----------------------
    statement = services.statement_draft(company=company, by=user)
    results.append(
        Result(
            "score vs 10,000 (service, DB)",
            len(corpus),
            median_ms(lambda: services.statement_rescore(statement=statement), repeat=15),
            median_ms(
                lambda: selectors.statement_fingerprints(team=team, exclude_company_id=company.pk),
                repeat=15,
            ),
            "fetch 10,000 fingerprints",
        )
    )
    results.append(
        Result(
            "draft + score (service, DB)",
            len(corpus),
            median_ms(lambda: services.statement_draft(company=company, by=user), repeat=15),
            median_ms(
                lambda: selectors.draft_input(company=company, profile=profile, language="de"),
                repeat=15,
            ),
            "reads that feed the engine",
        )
    )
    return results
