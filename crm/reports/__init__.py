"""Funnel and team-lead reports, computed from the per-case stage summary.

The services keep on every case its furthest stage (open stages and won only),
its current stage and when it entered it, and per stage a `CaseStageSummary`
(first reached, how often, completed time spent). The reports read those, never
the whole stage history or touchpoint table:

- a case *reached* an open stage when its furthest stage lies at or after it
  (reaching a later stage counts as having passed the earlier ones, a skipped
  stage included; going back a step or being lost and reopened takes nothing
  away); it reached "won" when it is won;
- the cases of a report are the *cohort* opened in the period; what became of
  them is counted up to now.

Each report is one plain function with keyword arguments that returns a
dataclass and costs a fixed number of queries, whatever the number of cases.
The same Q objects (`crm.cohorts`) drive the case list's drill-down filters
(`crm.filters`), so a figure and the list behind it cannot disagree.

The package is the top layer of the project: it reads every app and no app
imports it. Its rooms:

- `scope`: the cohort, the pipeline's stages in funnel order, the funnel counts;
- `funnel`, `timing`, `losses`, `targeting`, `partners`: one report each
  (the funnel module also holds its breakdowns and the source split);
- `fields`: the warm path and preparation stored on each case, and
  `receivers`, which keeps them current from signals;
- `sheets`: the reports as titled tables and charts for the page, CSV and XLSX;
- `forms`, `views`, `urls`, and the command `refresh_report_fields`.

This module imports nothing: Django loads it as an app before the models.
"""
