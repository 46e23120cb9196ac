"""``connect()`` run again in the same process on the same data directory — a notebook cell run twice — shares the
embedded server the first call started, instead of starting a second one that would find the store locked; the
server stops when the last workspace using it closes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import slicewise


@pytest.fixture()
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLICEWISE_URL", "SLICEWISE_TOKEN", "SLICEWISE_DATA"):
        monkeypatch.delenv(name, raising=False)


def test_connecting_again_to_the_same_data_shares_the_server_until_the_last_workspace_closes(tmp_path: Path, clean_environment: None) -> None:
    first = slicewise.connect(data=str(tmp_path / "data"))
    first.upload_dataset("tiny", pd.DataFrame({"image_id": [1, 2, 3]}), id_fields=["image_id"])
    # The cell runs again while `first` is still open: no store_locked, the same server, the same data.
    second = slicewise.connect(data=str(tmp_path / "data"))
    assert second._server is first._server and second.location == first.location
    assert second.list_datasets() == ["tiny"]
    first.close()
    assert second._server is not None and second._server.running
    assert second.describe_dataset("tiny")["rows"] == 3
    second.close()
    assert not second._server.running


def test_another_data_directory_gets_a_server_of_its_own(tmp_path: Path, clean_environment: None) -> None:
    with slicewise.connect(data=str(tmp_path / "one")) as one, slicewise.connect(data=str(tmp_path / "two")) as two:
        assert one._server is not two._server
        assert one.location != two.location
