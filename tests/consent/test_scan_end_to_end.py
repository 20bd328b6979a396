"""A whole scan with the consent and commons checks (run_scan, as the CLI would build it) against local
origins: every row accounted for, consent findings from the part rules, one robots.txt per origin."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from auditor.checks.network_options import network_check_options
from auditor.config import ScanConfig
from auditor.scan import run_scan
from tests._localhttp import LocalServer, text
from tests._netguard import loopback_only  # noqa: F401 - fixture
from tests.checks.test_commons import FakeApi

pytestmark = pytest.mark.usefixtures("loopback_only")
DEFAULT_PACK = "rules/default.yaml"


def _policy(tmp_path):
    rules = [r for r in yaml.safe_load(open(DEFAULT_PACK))["rules"]
             if r["id"].startswith("CONSENT-") and "face_count" not in r["when"]]
    path = tmp_path / "consent-policy.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "name": "consent-test", "rules": rules}))
    return path


def test_scan_with_consent_and_commons(tmp_path):
    img = text(b"\xff\xd8\xff", Content_Type="image/jpeg")
    with LocalServer({"/robots.txt": text("User-agent: CCBot\nDisallow: /\n"), "/a.jpg": img,
                      "/b.jpg": img}) as blocked, \
         LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n"), "/c.jpg": img,
                      "/d.jpg": text("x", X_Robots_Tag="noai")}) as open_site, \
         LocalServer({"/w/api.php": FakeApi()}) as api:
        urls = ([blocked.url("/a.jpg"), blocked.url("/b.jpg")] * 10 + [open_site.url("/c.jpg")] * 5
                + [open_site.url("/d.jpg")] * 3
                + ["https://upload.wikimedia.org/wikipedia/commons/1/1f/Portrait.jpg", None,
                   "javascript:alert(1)"])
        n = len(urls)
        pq.write_table(pa.table({"key": [f"k{i}" for i in range(n)], "url": urls,
                                 "caption": ["a photo"] * n, "status": ["success"] * n}),
                       tmp_path / "shard.parquet")
        names, options = network_check_options(consent=True, commons=True, allow_private_network=True,
                                               commons_api=api.url("/w/api.php"), cache_dir=tmp_path / "c")
        fast = {"per_host_delay": 0.0, "deadline": 3.0, "retries": 0}  # the models are frozen: copies
        options = {name: opts.model_copy(update={"net": opts.net.model_copy(update=fast)})
                   for name, opts in options.items()}
        config = ScanConfig(inputs=[str(tmp_path / "shard.parquet")], out_dir=tmp_path / "run",
                            checks=["license"], network_checks=names, check_options=options,
                            policies=[_policy(tmp_path)], quiet=True)
        result = run_scan(config)
    signals = pq.read_table(tmp_path / "run" / "signals.parquet")
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert signals.num_rows == n and summary["rows"]["accounted"] and not summary["check_failures"]
    by_key = {r["key"]: r for r in signals.to_pylist()}
    assert by_key["k0"]["consent_robots"] == "reserved" and by_key["k20"]["consent"] == "allowed"
    assert by_key["k25"]["consent_xrobots"] == "reserved"
    assert by_key[f"k{n - 3}"]["personality_rights"] is True
    assert by_key[f"k{n - 2}"]["consent_status"] == "skipped:no_url"
    assert by_key[f"k{n - 1}"]["consent_status"] == "skipped:unsupported_scheme"
    assert signals.column("consent_status").null_count == 0
    findings = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    rules = {(f["key"], f["rule_id"]) for f in findings}
    assert ("k0", "CONSENT-ROBOTS-AI-DISALLOWED") in rules and ("k25", "CONSENT-TDM-RESERVED") in rules
    assert not any(k == "k20" for k, _ in rules)
    assert blocked.count("/robots.txt") == 1 and open_site.count("/robots.txt") == 1
    assert blocked.count("/a.jpg", "HEAD") == 1
    assert summary["checks"]["consent"]["requests"] >= 6 and result.exit_code in (0, 1)
    assert summary["signals"]["consent_reserved_by"]["robots.txt"] == 20          # the vocabulary that reserved
    assert summary["signals"]["consent_reserved_by"]["X-Robots-Tag"] == 3
    assert "Opt-out vocabularies behind the reservations" in (tmp_path / "run" / "report.md").read_text()
    assert "Opt-out vocabularies behind the reservations" in (tmp_path / "run" / "report.html").read_text()
