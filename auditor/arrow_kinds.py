"""What kind of value an Arrow type holds (text, integer, ...), for the places that name types to people or to
other vocabularies (`audit rules signals`, Croissant's schema.org types): one decision, several vocabularies."""

from __future__ import annotations

import pyarrow as pa

#: (predicate, kind), first match wins; dictionaries are unwrapped before
_KINDS = (
    (lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "text"),
    (pa.types.is_boolean, "boolean"),
    (pa.types.is_integer, "integer"),
    (pa.types.is_floating, "float"),
    (pa.types.is_decimal, "decimal"),
    (pa.types.is_timestamp, "timestamp"),
    (pa.types.is_date, "date"),
    (lambda t: pa.types.is_list(t) or pa.types.is_large_list(t), "list"),
    (pa.types.is_struct, "struct"),
)


def value_kind(typ: pa.DataType) -> str | None:
    """The kind of `typ` (a dictionary's value type counts), or None for anything else."""
    if pa.types.is_dictionary(typ):
        typ = typ.value_type
    return next((kind for test, kind in _KINDS if test(typ)), None)
