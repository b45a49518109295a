"""Letters: DIN 5008 business letters as DOCX, one by one and a campaign's in a batch.

- `din5008`: the layout and the DOCX rendering from plain dataclasses (pure, no Django);
- `compose`: the records (letterhead, company, contact, statement) mapped onto that
  layout, and the teams' own DOCX templates (docxtpl) with their placeholder check;
- `services`, `selectors`: the write actions and read queries;
- `forms`, `views`, `urls`: the pages.

Nothing is imported here, so that `from outreach.letters import din5008` loads the
pure layout alone.
"""
