"""The consent cache: one SQLite file, TTL, hostile keys as plain data, damage is a miss, threads share it."""

import sqlite3
import threading

from auditor.consent.cache import FILE_NAME, ConsentCache


def test_roundtrip_ttl_and_one_file_for_any_key(tmp_path):
    c = ConsentCache(tmp_path, ttl=3600)
    keys = ["http://../../etc/passwd\x00:80", "https://example.com'; DROP TABLE entries; --", "ünï/cødé"]
    for i, key in enumerate(keys):
        c.put("robots", key, {"status": "ok", "text": f"User-agent: * {i}"})
    assert [c.get("robots", k) for k in keys] == [{"status": "ok", "text": f"User-agent: * {i}"} for i in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [FILE_NAME]
    assert ConsentCache(tmp_path, ttl=0).get("robots", keys[0]) is None   # expired
    assert c.get("tdmrep", keys[0]) is None                              # kinds are separate
    c.put("robots", keys[0], {"status": "gone"})                          # replace, not duplicate
    assert c.get("robots", keys[0]) == {"status": "gone"}
    assert (c.hits, c.misses) == (4, 1)
    c.close()
    assert ConsentCache(tmp_path, ttl=3600).get("robots", keys[1])["text"] == "User-agent: * 1"  # persisted


def test_damaged_database_is_moved_aside_and_a_miss(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database" * 100)
    c = ConsentCache(tmp_path, ttl=3600)
    assert c.get("robots", "o") is None and c.recreated == 1
    c.put("robots", "o", {"a": 1})
    assert c.get("robots", "o") == {"a": 1}
    assert any(p.name.startswith(FILE_NAME + ".damaged-") for p in tmp_path.iterdir())


def test_undecodable_value_is_a_miss(tmp_path):
    c = ConsentCache(tmp_path, ttl=3600)
    c.put("robots", "o", {"a": 1})
    c.close()
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        db.execute("UPDATE entries SET value = '{broken'")
    assert ConsentCache(tmp_path, ttl=3600).get("robots", "o") is None


def test_threads_share_one_cache(tmp_path):
    c = ConsentCache(tmp_path, ttl=3600)

    def work(t: int) -> None:
        for i in range(200):
            c.put("headers", f"https://e.com/{t}/{i}", {"i": i})
            assert c.get("headers", f"https://e.com/{t}/{i}") == {"i": i}

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert c.hits == 800


def test_no_directory_no_cache():
    c = ConsentCache(None, ttl=3600)
    c.put("robots", "o", {"a": 1})
    assert c.get("robots", "o") is None
