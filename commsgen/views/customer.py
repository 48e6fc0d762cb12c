"""The customer view: only the `customer` and `status_page` sections, public service names,
times, duration, state, and timeline events marked for customers (with their `public_text`)."""

from __future__ import annotations

from commsgen.config import Config
from commsgen.model.schema import Postmortem
from commsgen.views.common import Refused, Sources, View, base, disclosure_withheld, public_services, public_title, when


def customer_view(pm: Postmortem, config: Config) -> View:
    reason = disclosure_withheld(pm, "customer version")
    if reason:
        raise Refused("customer", reason)
    src = Sources()
    t = src.take
    c = pm.customer
    d = base(pm, config)
    d.update(
        {
            "title": t("customer.title", public_title(pm)),
            "has_text": c is not None,
            "summary": t("customer.summary", c.summary if c else None),
            "what_happened": t("customer.what_happened", c.what_happened if c else None),
            "what_we_are_doing": t("customer.what_we_are_doing", c.what_we_are_doing if c else None),
            "apology": t("customer.apology", c.apology if c else None),
            "services": public_services(pm),
            "events": [
                {**when(e.at), "text": t(f"timeline[{i}].public_text", e.public_text)}
                for i, e in sorted(enumerate(pm.timeline), key=lambda p: p[1].at)
                if "customer" in e.audience and e.public_text
            ],
            "updates": [
                {**when(u.at), "status": u.status, "body": t(f"status_page.updates[{i}].body", u.body)}
                for i, u in sorted(enumerate(pm.status_page.updates), key=lambda p: p[1].at)
            ]
            if pm.status_page
            else [],
        }
    )
    return View("customer", d, src)
