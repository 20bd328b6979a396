"""The one safe HTTP client of the auditor (see client.py for the request path)."""

from auditor.net.client import FetchResult, SafeFetcher
from auditor.net.loop import LoopThread
from auditor.net.options import NetOptions, default_user_agent

__all__ = ["FetchResult", "LoopThread", "NetOptions", "SafeFetcher", "default_user_agent"]
