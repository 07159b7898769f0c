from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the explorer needs the serve extra")

from starlette.testclient import TestClient

from tests.serve.corpus import build


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("explorer"))


@pytest.fixture(scope="session")
def client(explorer_db: Path) -> Iterator[TestClient]:
    from onrecord.serve import create_app

    with TestClient(create_app(explorer_db)) as c:
        yield c
