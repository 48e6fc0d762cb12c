"""The exact definition of every figure of a pattern review, printed with the figure (and in
docs/KNOWLEDGE-BASE.md). One table: figure id -> definition."""

from __future__ import annotations

DEFINITIONS: dict[str, str] = {
    "period": "A postmortem belongs to the period in which its `times.started` falls (UTC date).",
    "excluded": "Left out of every figure: postmortems marked `exclude_from_metrics: true` (drills, tests, "
    "false alarms) and drafts (`status: draft`, not reviewed yet). They stay searchable.",
    "count": "Number of postmortems in the period after exclusions. A postmortem that names two services "
    "counts once for each service.",
    "previous": "The same counts for the periods of equal length just before this one.",
    "time_to_detect": "Minutes from `started` to `detected`.",
    "time_to_acknowledge": "Minutes from `started` to `acknowledged` (the engineering version of one "
    "postmortem measures it from `detected`; reviews measure every figure from `started`).",
    "time_to_identify": "Minutes from `started` to `identified`.",
    "time_to_mitigate": "Minutes from `started` to `mitigated`.",
    "time_to_resolve": "Minutes from `started` to `resolved`.",
    "figure": "Median: the middle value (the mean of the two middle values when n is even). p90: nearest "
    "rank, the value at rank ceil(0.9 x n) of the sorted values. n: postmortems that have both "
    "times; one without the key time is left out of that figure's n. n below 10 is marked "
    "too few to compare. Means are never shown: durations are skewed.",
    "impact_minutes": "Customer-impact minutes: from `started` to `resolved` (or `mitigated` when there is "
    "no `resolved`), summed over the period, and as median, p90 and n.",
    "slo_breached": "`impact.slo_breached`: yes, no, or unknown when the field is absent.",
    "detection": "`detection_source` counts; customer-first share = postmortems with `detection_source: "
    "customer` / postmortems that set `detection_source`.",
    "themes": "Incidents are in one theme when one lists the other under `related` as `similar` or "
    "`duplicate-of`, or they share a "
    "`trigger_kind` (other than `other`) and a service, or they share two tags (`area:` tags not "
    "counted); themes are the connected groups, looking back over this period and the previous "
    "periods shown. A theme is listed when it has two or more incidents and one is in the period "
    "(its latest 12 incidents are named). "
    "Earlier prevent actions: the `prevent` actions of every incident of the theme but the latest.",
    "actions": "Action items of the period's postmortems. Done on time: status `done` and a completion date "
    "on or before `due`; the format has no completion field, so the date is read from the action's "
    "`note` (\"Done 2026-08-14\"); done actions without one are counted as date unknown. Overdue: "
    "`open` or `in-progress` with `due` before the as-of date. Open age: days from the postmortem's "
    "`closed` (else `resolved`, else `started`) date to the as-of date, for open and in-progress "
    "actions; the median is shown.",
    "completed_within_48h": "Postmortems with `closed` at most 48 hours after `resolved` / postmortems "
    "with `resolved` (one without `closed` counts as not completed).",
}
