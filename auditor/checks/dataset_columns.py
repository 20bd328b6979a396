"""Safety columns the dataset already carries become signals rules can use.

LAION's NSFW/punsafe/pwatermark, COYO's watermark and nsfw scores and face counts, DataComp's face boxes
and img2dataset's download status were computed by the dataset's makers; ignoring them would throw
evidence away. They are passed through under a `data_` prefix so a rule always says where a value came
from (`data_num_faces` from the dataset vs `face_count` from our detector). `data_face_count` puts the
dataset's two ways of counting faces into one column for rules.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from auditor.checks.base import Check
from auditor.faces.compare import dataset_face_count
from auditor.sources.canonical import CANONICAL, column

#: canonical input column -> signal column
PASSTHROUGH: dict[str, str] = {
    "nsfw": "data_nsfw",
    "punsafe": "data_punsafe",
    "pwatermark": "data_pwatermark",
    "watermark_score": "data_watermark_score",
    "nsfw_score": "data_nsfw_score",
    "num_faces": "data_num_faces",
    "face_bboxes": "data_face_bboxes",
    "similarity": "data_similarity",
    "width": "data_width",
    "height": "data_height",
    "img2dataset_status": "data_download_status",
}


class DatasetColumnsCheck(Check):
    name = "dataset"
    input_columns = tuple(PASSTHROUGH)
    signals = {sig: (pa.string() if c in ("nsfw", "img2dataset_status") else CANONICAL[c])
               for c, sig in PASSTHROUGH.items()}
    signals["data_nsfw"] = pa.dictionary(pa.int32(), pa.string())
    signals["data_download_status"] = pa.dictionary(pa.int32(), pa.string())
    #: faces according to the dataset, whichever way it says it (COYO num_faces, DataComp face_bboxes),
    #: so one rule can compare it with our detector's face_count
    signals["data_face_count"] = pa.int64()

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        arrays = []
        for canonical, sig in PASSTHROUGH.items():
            arr = column(batch, canonical)
            target = self.signals[sig]
            if pa.types.is_dictionary(target):
                if pa.types.is_dictionary(arr.type):
                    arr = arr.cast(target)
                else:
                    arr = pc.dictionary_encode(arr).cast(target)
            arrays.append(arr)
        passed = pa.RecordBatch.from_arrays(arrays, names=list(PASSTHROUGH.values()))
        arrays.append(dataset_face_count(passed))
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema())
