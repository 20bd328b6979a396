"""Options of the faces check: the typed model, and how command-line values (and AUDITOR_FACE_MODEL) fill it.

The CLI passes what the user typed plus the environment; `faces_check_options` returns whether images
were given (so the faces check runs by default) and the FacesOptions model, validated once by
`FacesOptions.from_values` (errors name the flag; the plan and the check take the model as it is). The
environment is read by the caller at the edge and handed in, never inside the check, so a run is
described by its config.
With no model given, the CenterFace model bundled with the package (MIT) is used; a model path that
does not exist fails here, before any row is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from auditor.checks.base import CheckOptions
from auditor.errors import CheckUnavailable
from auditor.faces.session import MODEL_HINT
from auditor.images.decode import DEFAULT_MAX_PIXELS
from auditor.images.sources import DEFAULT_MAX_BYTES
from auditor.net.options import NetOptions, default_user_agent

MODEL_ENV = "AUDITOR_FACE_MODEL"


class FacesOptions(CheckOptions):
    label = "faces"
    flags = {"threshold": "--face-threshold", "input_size": "--face-input-size", "device": "--device",
             "model_path": "--face-model", "images": "--images", "precision": "--face-precision",
             "detector": "--face-detector"}
    #: the detector .onnx file (--face-model; the CLI falls back to AUDITOR_FACE_MODEL; None: the bundled
    #: CenterFace, MIT)
    model_path: str | None = None
    #: --face-detector: the family the graph must be (None: recognised from the graph)
    detector: Literal["scrfd", "centerface"] | None = None
    device: Literal["auto", "cpu", "cuda"] = "auto"
    #: below insightface's 0.5: findings go to human review, so recall matters more than precision
    threshold: float = Field(0.4, gt=0.0, lt=1.0)
    input_size: int = Field(640, ge=64, le=4096)
    #: small-face pass (big images) and padded large-face pass (insightface #1518); see auditor.faces.detector
    recall_passes: bool = True
    #: the small-face pass runs at most at this multiple of input_size (cost grows with its square);
    #: None: the detector family's measured default (CenterFace 3, SCRFD 2)
    small_face_max_factor: float | None = Field(None, ge=1.0, le=8.0)
    #: --images: img2dataset shard .tar files, folders (shards or `files` layout), globs
    images: list[str] = Field(default_factory=list)
    #: directory relative `image_path` values resolve against (the dataset file's directory)
    image_root: str | None = None
    #: --fetch-images: download images by URL through auditor.net (network; opt-in)
    fetch_images: bool = False
    #: the safe fetcher's limits (the CLI fills allow_private_network and the User-Agent contact)
    net: NetOptions = Field(default_factory=NetOptions)
    #: --thumbnails: a folder inside the run directory (the CLI sets it); blurred thumbnails only
    thumbnails_dir: str | None = None
    max_pixels: int = Field(DEFAULT_MAX_PIXELS, gt=0)
    max_image_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0)
    #: --workers: threads that each read, decode and detect one image at a time (None: one per core)
    workers: int | None = Field(None, ge=1, le=256)
    #: ONNX Runtime threads inside one inference (None: 1 when several workers run, else every core)
    inference_threads: int | None = Field(None, ge=1, le=256)
    #: --face-precision: auto = int8 weights on CPU (checked against float32 at start), float32 on CUDA
    precision: Literal["auto", "fp32", "int8"] = "auto"

    @field_validator("input_size")
    @classmethod
    def _multiple_of_32(cls, v: int) -> int:
        if v % 32:
            raise ValueError("input_size must be a multiple of 32 (SCRFD's largest stride)")
        return v

    @model_validator(mode="after")
    def _model_available(self) -> FacesOptions:
        """A model that cannot be opened fails here, before any row is read (CheckUnavailable, not a
        ValidationError: the options are well-formed, the file is missing)."""
        if self.detector == "scrfd" and not self.model_path:
            raise CheckUnavailable("--face-detector scrfd needs --face-model PATH (or AUDITOR_FACE_MODEL): the "
                                   "bundled model is CenterFace; SCRFD files are not shipped (non-commercial terms)")
        if self.model_path and not Path(self.model_path).is_file():
            raise CheckUnavailable(f"face model {self.model_path!r} does not exist; {MODEL_HINT}")
        return self


def image_root(inputs: list[str]) -> str | None:
    """Relative `image_path` values resolve against the first input's directory (or the input itself
    when it is a directory); the reader names files relative to that same root."""
    if not inputs:
        return None
    first = Path(inputs[0])
    return str(first if first.is_dir() else first.parent)


def faces_check_options(*, inputs: list[str], out_dir: Path, env: Mapping[str, str],
                        images: list[str] | None = None, image_col: str | None = None,
                        fetch_images: bool = False, face_model: str | None = None,
                        face_detector: str | None = None, device: str = "auto",
                        threshold: float | None = None, input_size: int | None = None,
                        precision: str | None = None,
                        thumbnails: bool = False, faces_requested: bool = False,
                        allow_private_network: bool = False, user_agent_contact: str | None = None,
                        ) -> tuple[bool, FacesOptions | None]:
    """(images_given, the validated FacesOptions or None when faces will not run).

    `faces_requested`: --checks named faces."""
    images_given = bool(images or image_col or fetch_images)
    if not (images_given or faces_requested):
        return False, None
    model = face_model or env.get(MODEL_ENV) or None
    opts: dict[str, Any] = {"model_path": model, "device": device, "images": list(images or []),
                            "image_root": image_root(inputs), "fetch_images": fetch_images}
    if face_detector is not None:
        opts["detector"] = face_detector
    if threshold is not None:
        opts["threshold"] = threshold
    if input_size is not None:
        opts["input_size"] = input_size
    if precision is not None:
        opts["precision"] = precision
    if thumbnails:
        opts["thumbnails_dir"] = str(Path(out_dir) / "thumbnails")
    if fetch_images:
        opts["net"] = {"allow_private_network": allow_private_network,
                       "user_agent": default_user_agent(user_agent_contact)}
    return images_given, FacesOptions.from_values(opts)
