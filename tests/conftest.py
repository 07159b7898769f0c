from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT.parent / "shared" / "examples" / "000_add5c61cac13534f.txt"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
