import pytest

from auditor.errors import ConfigError, SchemaError
from auditor.sources.profiles import detect_profile, load_profiles

PROFILE_COLUMNS = [
    (["URL", "TEXT", "LICENSE", "NSFW", "similarity", "WIDTH", "HEIGHT", "punsafe", "pwatermark"], "laion"),
    (["URL", "TEXT"], "laion"),
    (["uid", "url", "text", "original_width", "face_bboxes", "sha256"], "datacomp"),
    (["id", "url", "text", "width", "height", "num_faces", "watermark_score", "nsfw_score_opennsfw2"], "coyo"),
    (["url", "caption"], "cc"),
    (["id", "url", "caption", "width", "height", "mime_type", "hash", "license", "source"], "pd12m"),
    (["key", "url", "caption", "licenseurl", "licensename", "photoid"], "commoncatalog"),
    (["key", "url", "caption", "status", "error_message", "width", "height"], "img2dataset"),
]


@pytest.mark.parametrize(("columns", "expected"), PROFILE_COLUMNS)
def test_detects_profile_from_columns(columns, expected):
    assert detect_profile(columns).name == expected


def test_pd12m_license_type_alternative():
    mapping = load_profiles()["pd12m"].resolve(["url", "caption", "source", "license_type"])
    assert mapping["license"] == "license_type"


def test_forced_profile_must_exist():
    with pytest.raises(ConfigError, match="unknown profile 'nope'"):
        detect_profile(["URL", "TEXT"], "nope")


def test_no_profile_lists_columns_found():
    with pytest.raises(SchemaError, match="columns found: a, b"):
        detect_profile(["a", "b"], file="x.parquet")


def test_overrides_win():
    mapping = load_profiles()["laion"].resolve(["URL", "TEXT", "alt"], {"caption": "alt"})
    assert mapping["caption"] == "alt"
