"""CommonsCheck against a local MediaWiki API stand-in answering with the real response structure."""

import json
import time
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa
import pytest

from auditor.checks.commons import CommonsCheck, CommonsOptions, apply_commons_license
from tests._localhttp import LocalServer, fast_options, send
from tests._netguard import loopback_only  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("loopback_only")


def _meta(**values):
    return {k: {"value": v, "source": "commons-desc-page", "hidden": ""} for k, v in values.items()}


FILES = {
    "File:Tour Eiffel.jpg": _meta(
        LicenseShortName="CC BY-SA 4.0", LicenseUrl="https://creativecommons.org/licenses/by-sa/4.0",
        UsageTerms="Creative Commons Attribution-Share Alike 4.0", AttributionRequired="true",
        Artist='<a href="//commons.wikimedia.org/wiki/User:Example" title="User:Example">Jane &amp; '
               '<b>Doe</b></a>',
        Credit='<span class="int-own-work" lang="en">Own work</span>', Restrictions=""),
    "File:Old map.png": _meta(LicenseShortName="Public domain", UsageTerms="Public domain",
                              AttributionRequired="false", Artist="Unknown author", Credit="Scan"),
    "File:Portrait.jpg": _meta(
        LicenseShortName="CC BY 2.0", LicenseUrl="https://creativecommons.org/licenses/by/2.0",
        AttributionRequired="true", Artist="Photographer", Restrictions="personality|trademarked"),
}


class FakeApi:
    """Answers like commons.wikimedia.org/w/api.php (formatversion=2) for the titles in FILES."""

    def __init__(self, lag_first: bool = False) -> None:
        self.titles_per_request: list[int] = []
        self.lag_first = lag_first

    def __call__(self, h):
        q = parse_qs(urlsplit(h.path).query)
        assert q["action"] == ["query"] and q["maxlag"] == ["5"] and q["prop"] == ["imageinfo"]
        if self.lag_first:
            self.lag_first = False
            body = {"error": {"code": "maxlag", "info": "Waiting for db1: 7 seconds lagged"}}
            return send(h, 200, json.dumps(body).encode(), {"Retry-After": "1",
                                                            "Content-Type": "application/json"})
        titles = q["titles"][0].split("|")
        self.titles_per_request.append(len(titles))
        time.sleep(0.02)
        pages, normalized = [], []
        for t in titles:
            norm = t.replace("_", " ")
            if norm != t:
                normalized.append({"fromencoded": False, "from": t, "to": norm})
            if norm in FILES:
                pages.append({"pageid": 1000 + len(pages), "ns": 6, "title": norm, "imagerepository": "local",
                              "imageinfo": [{"extmetadata": FILES[norm]}]})
            else:
                pages.append({"ns": 6, "title": norm, "missing": True, "imagerepository": ""})
        doc = {"batchcomplete": True, "query": {"normalized": normalized, "pages": pages}}
        send(h, 200, json.dumps(doc).encode(), {"Content-Type": "application/json; charset=utf-8"})


UP = "https://upload.wikimedia.org/wikipedia/commons"
URLS = [
    f"{UP}/a/ab/Tour_Eiffel.jpg",
    f"{UP}/thumb/a/ab/Tour_Eiffel.jpg/320px-Tour_Eiffel.jpg",
    "https://commons.wikimedia.org/wiki/File:Old_map.png",
    f"{UP}/1/1f/Portrait.jpg",
    f"{UP}/9/99/Never_uploaded.jpg",
    "https://example.org/a.jpg",
    None,
]


def _check(server, urls, tmp_path=None):
    options = CommonsOptions(api_url=server.url("/w/api.php"), cache_dir=str(tmp_path) if tmp_path else None,
                             net=fast_options(retry_after_cap=0.2))
    check = CommonsCheck(options)
    try:
        return check.run(pa.RecordBatch.from_pydict({"url": pa.array(urls, pa.string())}))
    finally:
        check.close()


def _run(api, urls, tmp_path=None):
    with LocalServer({"/w/api.php": api}) as server:
        out = _check(server, urls, tmp_path)
    return out, server


def test_signals_from_real_structure():
    api = FakeApi()
    out, server = _run(api, URLS)
    rows = out.to_pylist()
    eiffel, thumb, old, portrait, missing, other, null = rows
    assert eiffel["commons_license"] == "CC BY-SA 4.0" and eiffel["commons_artist"] == "Jane & Doe"
    assert eiffel["commons_credit"] == "Own work" and eiffel["commons_attribution_required"] is True
    assert eiffel["personality_rights"] is False and eiffel["commons_status"] == "ok"
    assert thumb == eiffel
    assert old["commons_license"] == "Public domain" and old["commons_license_url"] is None
    assert old["commons_attribution_required"] is False
    assert portrait["personality_rights"] is True
    assert portrait["commons_restrictions"] == "personality|trademarked"
    assert missing["commons_status"] == "skipped:commons_missing" and missing["commons_license"] is None
    assert other["commons_status"] is None and other["commons_title"] is None
    assert null["commons_status"] is None
    assert api.titles_per_request == [4] and out.schema == CommonsCheck.schema()


def test_fifty_titles_per_request_sequential_and_cached(tmp_path):
    urls = [f"{UP}/a/ab/Many_{i}.jpg" for i in range(120)] + [f"{UP}/a/ab/Tour_Eiffel.jpg"] * 5
    api = FakeApi()
    with LocalServer({"/w/api.php": api}) as server:
        out = _check(server, urls, tmp_path)
        assert sorted(api.titles_per_request) == [21, 50, 50] and server.max_in_flight == 1
        assert out.column("commons_status").to_pylist()[-1] == "ok"
        out2 = _check(server, urls, tmp_path)  # a rerun: a new check, the same cache directory
        assert server.count("/w/api.php") == 3  # everything came from the cache
    assert out2.to_pylist() == out.to_pylist()


def test_maxlag_is_waited_for():
    api = FakeApi(lag_first=True)
    t0 = time.monotonic()
    out, server = _run(api, URLS[:1])
    assert out.column("commons_status").to_pylist() == ["ok"]
    assert server.count("/w/api.php") == 2 and time.monotonic() - t0 >= 0.2


def test_api_down_is_an_error_per_row():
    out, _ = _run(lambda h: send(h, 500, b"oops"), URLS[:2] + URLS[5:6])
    assert out.column("commons_status").to_pylist() == ["error:http_500", "error:http_500", None]


def test_apply_commons_license_prefers_commons():
    dict_str = pa.dictionary(pa.int32(), pa.string())
    license_signals = pa.RecordBatch.from_pydict({
        "license_id": pa.array(["CC-BY-NC-4.0", None], dict_str),
        "license_commercial": pa.array([False, None]),
        "license_evidence": pa.array(["license=CC BY-NC", None], dict_str),
    })
    commons = pa.RecordBatch.from_pydict({"commons_license": pa.array([None, "CC BY-SA 4.0"], dict_str)})
    as_license = pa.RecordBatch.from_pydict({
        "license_id": pa.array([None, "CC-BY-SA-4.0"], dict_str),
        "license_commercial": pa.array([None, True]),
        "license_evidence": pa.array([None, "license=CC BY-SA 4.0"], dict_str),
    })
    merged = apply_commons_license(license_signals, commons, as_license)
    assert merged.schema == license_signals.schema
    assert merged.to_pydict() == {"license_id": ["CC-BY-NC-4.0", "CC-BY-SA-4.0"],
                                  "license_commercial": [False, True],
                                  "license_evidence": ["license=CC BY-NC", "commons=CC BY-SA 4.0"]}
