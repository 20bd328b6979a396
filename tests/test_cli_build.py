"""build_scan_config: flag groups in, a ScanConfig whose check options are the validated models out;
the plan takes those models as they are, and a bad value names the flag the user typed."""

from __future__ import annotations

import pytest
from report_support import audit, write_laion

from auditor.checks.consent import ConsentOptions
from auditor.checks.faces_options import FacesOptions
from auditor.checks.pii_options import PiiOptions
from auditor.cli_build import build_scan_config
from auditor.cli_flags import FacesFlags, NetworkFlags, PiiFlags, ReportFlags, RunFlags, ScaleFlags
from auditor.errors import ConfigError
from auditor.plan import build_checks


def _config(tmp_path, **groups):
    data = write_laion(tmp_path / "d.parquet", [{"URL": "https://example.org/a.jpg", "TEXT": "a cat"}])
    return build_scan_config([str(data)], run=RunFlags(out_dir=tmp_path / "run", checks="license"),
                             command_line=["audit", "scan"], **groups)


def test_groups_become_validated_option_models(tmp_path):
    config = _config(tmp_path, network=NetworkFlags(consent=True, cache_ttl=5, fail_closed=True),
                     faces=FacesFlags(images=["shards/"], face_threshold=0.3), pii=PiiFlags(pii_entities="PERSON=0.7"),
                     report=ReportFlags(examples=3), scale=ScaleFlags(workers=2))
    opts = config.check_options
    assert isinstance(opts["consent"], ConsentOptions) and opts["consent"].fail_closed
    assert isinstance(opts["faces"], FacesOptions) and opts["faces"].threshold == 0.3
    assert isinstance(opts["pii"], PiiOptions) and opts["pii"].entities == {"PERSON": 0.7}
    assert config.network_checks == ["consent"] and config.images_given and config.examples == 3
    assert config.workers == 2 and config.column_overrides == {}
    # the manifest (--resume compares it) holds only what was set, as when the options were dicts
    dumped = config.model_dump(mode="json")["check_options"]
    assert dumped["pii"] == {"entities": {"PERSON": 0.7}}
    assert dumped["faces"]["threshold"] == 0.3 and "input_size" not in dumped["faces"]
    # the plan hands the model on unchanged: no second validation
    consent = build_checks(["consent"], config)[0]
    assert consent.options is opts["consent"]


def test_a_dict_goes_through_the_same_model_call(tmp_path):
    config = _config(tmp_path).model_copy(update={"check_options": {"consent": {"cache_ttl": -1}}})
    with pytest.raises(ConfigError) as err:
        build_checks(["consent"], config)
    assert err.value.column == "--cache-ttl"


def test_defaults_match_the_flags(tmp_path):
    config = _config(tmp_path)
    assert config.fail_on == "high" and config.batch_size == 65536 and config.engine == "local"
    assert config.max_inflight_mb == 64 and not config.resume and config.examples == 10
    assert set(config.check_options) == {"pii"} and config.check_options["pii"].model_fields_set == set()


@pytest.mark.parametrize(("flags", "named"), [
    (["--images", "x", "--face-threshold", "2"], "--face-threshold"),
    (["--images", "x", "--face-input-size", "100"], "--face-input-size"),
    (["--consent", "--cache-ttl", "-1"], "--cache-ttl"),
    (["--pii-entities", "SHOE_SIZE"], "--pii-entities"),
    (["--fail-on", "severe"], "--fail-on"),
])
def test_bad_values_exit_2_naming_the_flag(tmp_path, flags, named):
    data = write_laion(tmp_path / "d.parquet", [{"URL": "https://example.org/a.jpg", "TEXT": "a cat"}])
    proc = audit("scan", data, "--quiet", "--out", tmp_path / "run", *flags)
    assert proc.returncode == 2, proc.stderr
    assert named in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "run").exists()  # nothing started
