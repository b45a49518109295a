"""The demo network office that ``manage.py seed_demo`` creates (and ``make run`` loads).

``manage.py seed_demo`` builds one team, the Kompetenzzentrum Frau & Beruf for the
planning region Leipzig-Westsachsen (Stadt Leipzig, Landkreis Leipzig, Landkreis
Nordsachsen), with about 200 small and medium companies in real towns with their real
postal codes, their contact persons, and 20 network partners (chambers, business
development agencies, local alliances for families, associations, partner companies),
and about 120 acquisition cases of anna, ben and lea spread over the pipeline, each
with a back-dated history made through the pipeline services
(``crm/demo/pipeline.py``).

The data is generated with Faker (locale de_DE) and a random generator seeded with a
fixed value, so two runs on empty databases produce the same rows. E-mail addresses and
websites of the invented companies use the reserved top-level domain ``.example`` (and
the demo users ``example.org``), so nothing can ever be sent to a real mailbox.

The plain data sits in ``team``, ``region``, ``people``, ``sectors`` and ``texts``;
``generator`` draws the companies, contacts and partners from it, ``pipeline`` opens
the cases, and ``seed`` puts them together for the command. The package is the top
layer of the project: it writes through the services of every app, and no app
imports it.
"""
