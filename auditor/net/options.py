"""Options of the one safe HTTP client.

Every limit a hostile or broken server could push against has a number here, so a run's behaviour on the
network is fixed by its configuration (and recorded in summary.json), never by the environment.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from auditor import __version__

PROJECT_URL = "https://github.com/auditor-project/auditor"


def default_user_agent(contact: str | None = None) -> str:
    """An honest User-Agent: who we are, where to read about us, why we fetch (and who runs us)."""
    extra = f"; contact: {contact}" if contact else ""
    return f"auditor/{__version__} (+{PROJECT_URL}; dataset license and consent audit{extra})"


class NetOptions(BaseModel):
    """Limits and politeness of the safe fetcher.

    `allow_private_network` exists for tests and local mirrors: it permits LOOPBACK only (127.0.0.0/8 and
    ::1). Link-local (cloud metadata 169.254.169.254), RFC 1918, shared 100.64/10, unspecified, multicast
    and reserved addresses stay blocked whatever the option says, so a redirect from a loopback test server
    to 10.0.0.1 or 169.254.169.254 is still refused.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_agent: str = Field(default_factory=default_user_agent, min_length=1, max_length=512)
    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(10.0, gt=0)
    #: wall-clock limit for one attempt (all redirect hops, headers and body): drip-feed servers stop here
    deadline: float = Field(30.0, gt=0)
    max_bytes: int = Field(10 * 1024 * 1024, ge=0)
    max_redirects: int = Field(5, ge=0, le=30)
    max_url_length: int = Field(8192, ge=16)
    per_host_concurrency: int = Field(2, ge=1, le=64)
    #: minimum seconds between two request starts on the same host
    per_host_delay: float = Field(0.25, ge=0)
    #: extra attempts on transient failures (connect errors, 429/502/503/504); timeouts are not retried
    retries: int = Field(2, ge=0, le=10)
    backoff: float = Field(0.5, ge=0)
    #: longest Retry-After we honour; longer values are capped, not obeyed
    retry_after_cap: float = Field(30.0, ge=0)
    #: consecutive failures on one host before its circuit opens
    circuit_threshold: int = Field(5, ge=1)
    #: seconds an open circuit stays open before one trial request is let through
    circuit_reset: float = Field(60.0, ge=0)
    allow_private_network: bool = False
