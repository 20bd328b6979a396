"""Load-time type checks: conditions that could never match are errors, not silent passes."""

from __future__ import annotations

import pyarrow as pa
import pytest

from auditor.policy.conditions import ConditionError, parse
from auditor.policy.typecheck import check_types, type_kind

from .conftest import SIGNALS


@pytest.mark.parametrize(
    "text",
    [
        "license_commercial == true",
        "license_commercial != false",
        "license_family == 'cc-by'",
        "license_family < 'z'",
        "data_punsafe >= 0.5",
        "data_num_faces > 0",
        "data_num_faces == data_punsafe",
        "data_num_faces in [1, 2.5]",
        "pii_types contains 'PERSON'",
        "'EMAIL' in pii_types",
        "license_evidence contains 'Getty'",
        "license_evidence matches '(?i)getty|shutterstock'",
        "url_host matches '^upload[.]wikimedia[.]org$'",
        "data_num_faces is null",
        "pii_types is not null",
        "copyright_risk_host and not commons_candidate",
    ],
)
def test_well_typed(text):
    check_types(parse(text), SIGNALS)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("license_commercial == 'yes'", "cannot compare license_commercial (bool) == 'yes' (string)"),
        ("license_commercial == 1", "(bool) == 1 (number)"),
        ("license_commercial < true", "'<' is not defined for booleans"),
        ("data_punsafe == 'high'", "(number) == 'high' (string)"),
        ("license_family == data_punsafe", "(string) == data_punsafe (number)"),
        ("pii_types == 'PERSON'", "list<string>"),
        ("data_num_faces in ['1']", "'1' is not a number"),
        ("pii_types in ['x']", "needs a scalar signal"),
        ("data_punsafe contains 'x'", "'contains' needs a string or list signal; data_punsafe is number"),
        ("pii_types contains 1", "holds string values; 1 is not one"),
        ("license_family contains true", "holds string values"),
        ("data_punsafe matches 'x'", "'matches' needs a string signal"),
        ("license_family matches '(unclosed'", "invalid regular expression"),
        ("license_family matches '(a)\\\\1'", "invalid regular expression"),  # backrefs: not in RE2
        ("license_family matches '" + "a" * 1001 + "'", "longer than"),
        ("data_punsafe", "not a boolean"),
        ("not license_family", "not a boolean"),
        ("licence_family == 'x'", "did you mean 'license_family'"),
        ("zzz is null", "unknown signal 'zzz'"),
    ],
)
def test_ill_typed(text, fragment):
    with pytest.raises(ConditionError) as info:
        check_types(parse(text), SIGNALS)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("typ", "kind"),
    [
        (pa.bool_(), "bool"),
        (pa.int8(), "number"),
        (pa.float32(), "number"),
        (pa.decimal128(10, 2), "number"),
        (pa.large_string(), "string"),
        (pa.dictionary(pa.int8(), pa.string()), "string"),
        (pa.list_(pa.dictionary(pa.int32(), pa.string())), "list<string>"),
        (pa.large_list(pa.int64()), "list<number>"),
        (pa.list_(pa.list_(pa.float64())), "list<list<number>>"),
        (pa.timestamp("s"), "other"),
    ],
)
def test_type_kinds(typ, kind):
    assert type_kind(typ) == kind
