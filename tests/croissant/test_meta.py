"""--meta FILE.yaml: bad input fails loudly with file:line and key, before anything is written."""

import pytest

from auditor.croissant.meta import load_meta
from auditor.errors import ConfigError


@pytest.mark.parametrize("text, line, key, words", [
    ("name: x\nnmae: y\n", 2, "nmae", "unknown key"),
    ("name: x\ndataLimitations: we know\n", 2, "dataLimitations", "measured by the audit"),
    ("datePublished: soon\n", 1, "datePublished", "YYYY-MM-DD"),
    ("name: ''\n", 1, "name", "non-empty"),
    ("creator: [{nme: A}]\n", 1, "creator", "list of names"),
    ("keywords: 3\n", 1, "keywords", "list of texts"),
])
def test_bad_meta_names_file_line_key(tmp_path, text, line, key, words):
    path = tmp_path / "meta.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_meta(path)
    msg = exc.value.one_line()
    assert msg.startswith(f"{path}:{line}, key '{key}'") and words in msg


def test_hostile_yaml_refused(tmp_path):
    path = tmp_path / "meta.yaml"
    path.write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_meta(path)


def test_scan_checks_meta_before_reading(tmp_path):
    from report_support import audit

    meta = tmp_path / "m.yaml"
    meta.write_text("bogus: 1\n", encoding="utf-8")
    proc = audit("scan", tmp_path / "missing.parquet", "--croissant-meta", meta, "--out", tmp_path / "run")
    assert proc.returncode == 2 and "key 'bogus'" in proc.stderr and not (tmp_path / "run").exists()
