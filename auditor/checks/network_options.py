"""Options of the network checks (consent, commons) from command-line values, in one place.

The CLI passes what the user typed; this returns the network check names to add and their options models
(validated once, by each model's `from_values`, whose errors name the flag), so the CLI stays a thin parser:

    names, opts = network_check_options(consent=True, fail_closed=True, cache_dir=out / "cache")
    build_scan_config(..., network_checks=names, check_options={**other, **opts})
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.checks.base import CheckOptions
from auditor.net.options import default_user_agent


def network_check_options(*, consent: bool = False, commons: bool = False, commons_api: str | None = None,
                          fail_closed: bool = False, allow_private_network: bool = False,
                          cache_dir: str | Path | None = None, cache_ttl: float | None = None,
                          user_agent_contact: str | None = None, consent_headers: bool = True,
                          ) -> tuple[list[str], dict[str, CheckOptions]]:
    from auditor.checks.commons import CommonsOptions
    from auditor.checks.consent import ConsentOptions

    net: dict[str, Any] = {"allow_private_network": allow_private_network,
                           "user_agent": default_user_agent(user_agent_contact)}
    names: list[str] = []
    options: dict[str, CheckOptions] = {}
    cache = str(cache_dir) if cache_dir is not None else None
    if consent:
        opts: dict[str, Any] = {"fail_closed": fail_closed, "cache_dir": cache, "net": net,
                                "check_headers": consent_headers}
        if cache_ttl is not None:
            opts["cache_ttl"] = cache_ttl
        names.append("consent")
        options["consent"] = ConsentOptions.from_values(opts)  # fails at the command line, not in a worker
    if commons:
        opts = {"cache_dir": cache, "net": {**net, "per_host_concurrency": 1}}
        if commons_api:
            opts["api_url"] = commons_api
        names.append("commons")
        options["commons"] = CommonsOptions.from_values(opts)
    return names, options
