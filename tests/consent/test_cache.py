import json

from auditor.consent.cache import ConsentCache


def test_roundtrip_ttl_and_safe_names(tmp_path):
    c = ConsentCache(tmp_path, ttl=3600)
    key = "http://../../etc/passwd\x00:80"
    c.put("robots", key, {"status": "ok", "text": "User-agent: *"})
    assert c.get("robots", key) == {"status": "ok", "text": "User-agent: *"}
    files = list(tmp_path.rglob("*.json"))
    assert len(files) == 1 and files[0].resolve().is_relative_to(tmp_path.resolve())
    assert set(files[0].stem) <= set("0123456789abcdef")
    assert ConsentCache(tmp_path, ttl=0).get("robots", key) is None   # expired
    assert c.get("tdmrep", key) is None


def test_corrupt_entry_is_a_miss(tmp_path):
    c = ConsentCache(tmp_path, ttl=3600)
    c.put("robots", "o", {"a": 1})
    (f,) = tmp_path.rglob("*.json")
    f.write_text("{broken")
    assert c.get("robots", "o") is None
    f.write_text(json.dumps({"kind": "robots", "key": "other", "stored_at": 1e18, "value": {}}))
    assert c.get("robots", "o") is None


def test_no_directory_no_cache():
    c = ConsentCache(None, ttl=3600)
    c.put("robots", "o", {"a": 1})
    assert c.get("robots", "o") is None
