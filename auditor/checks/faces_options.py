"""Options of the faces check from command-line values (and AUDITOR_FACE_MODEL), in one place.

The CLI passes what the user typed plus the environment; this returns whether images were given (so
the faces check runs by default) and the option dict FacesOptions validates. The environment is read
by the caller at the edge and handed in, never inside the check, so a run is described by its config.
A missing model fails here, before any row is read, with the two ways to provide one.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from auditor.errors import CheckUnavailable, ConfigError
from auditor.faces.session import MODEL_HINT
from auditor.net.options import default_user_agent

MODEL_ENV = "AUDITOR_FACE_MODEL"
#: option -> the flag a user typed, for error messages
FLAGS = {"threshold": "--face-threshold", "input_size": "--face-input-size", "device": "--device",
         "model_path": "--face-model", "images": "--images"}


def image_root(inputs: list[str]) -> str | None:
    """Relative `image_path` values resolve against the first input's directory (or the input itself
    when it is a directory); the reader names files relative to that same root."""
    if not inputs:
        return None
    first = Path(inputs[0])
    return str(first if first.is_dir() else first.parent)


def faces_check_options(*, inputs: list[str], out_dir: Path, env: Mapping[str, str],
                        images: list[str] | None = None, image_col: str | None = None,
                        fetch_images: bool = False, face_model: str | None = None, device: str = "auto",
                        threshold: float | None = None, input_size: int | None = None,
                        thumbnails: bool = False, faces_requested: bool = False,
                        allow_private_network: bool = False, user_agent_contact: str | None = None,
                        ) -> tuple[bool, dict[str, Any] | None]:
    """(images_given, options for FacesOptions or None when faces will not run).

    `faces_requested`: --checks named faces."""
    from auditor.checks.faces import FacesOptions

    images_given = bool(images or image_col or fetch_images)
    if not (images_given or faces_requested):
        return False, None
    model = face_model or env.get(MODEL_ENV) or None
    opts: dict[str, Any] = {"model_path": model, "device": device, "images": list(images or []),
                            "image_root": image_root(inputs), "fetch_images": fetch_images}
    if threshold is not None:
        opts["threshold"] = threshold
    if input_size is not None:
        opts["input_size"] = input_size
    if thumbnails:
        opts["thumbnails_dir"] = str(Path(out_dir) / "thumbnails")
    if fetch_images:
        opts["net"] = {"allow_private_network": allow_private_network,
                       "user_agent": default_user_agent(user_agent_contact)}
    if not model:
        raise CheckUnavailable(f"the faces check needs a face detector model: {MODEL_HINT}")
    if model and not Path(model).is_file():
        raise CheckUnavailable(f"face model {model!r} does not exist; {MODEL_HINT}")
    try:
        FacesOptions.model_validate(opts)  # fail at the command line, not in a worker
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"faces option: {first['msg']}", column=FLAGS.get(key, key)) from None
    return images_given, opts
