"""The wheel's build hook: maps what `npm run build:python` staged (python/build.js) into the wheel.

The Python package alone cannot run embedded: the wheel also carries the compiled platform with its
npm dependencies (slicewise/_platform) and the prebuilt front end as Jupyter shared data. Those come
from the TypeScript build, so python/build.js stages them and this hook only maps them; building the
wheel without the stage stops with what to run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PlatformBuildHook(BuildHookInterface):
    """Adds slicewise/_platform and the Jupyter shared data, and tags the wheel for its native addons."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        stage = Path(self.root) / "build" / "stage"
        manifest = stage / "stage.json"
        if not manifest.is_file():
            raise RuntimeError(
                f"{stage} holds no staged platform; build the wheel from the repository's root with "
                "`npm run build:python` (it builds the TypeScript, stages it, then runs hatchling)"
            )
        staged = json.loads(manifest.read_text(encoding="utf-8"))
        # The DuckDB addon is native code for one platform: the wheel is not pure Python.
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{staged['platform_tag']}"
        build_data["force_include"][str(stage / "platform")] = "slicewise/_platform"
        data = stage / "data"
        for top in sorted(path.name for path in data.iterdir()):
            build_data["shared_data"][str(data / top)] = top
