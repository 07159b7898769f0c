from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.scripted import article, filler, write_script


@pytest.fixture
def scripted_folder(tmp_path: Path) -> Path:
    """Twelve scripted articles with three speakers, in a nested folder."""
    root = tmp_path / "pages"
    (root / "nested").mkdir(parents=True)
    people = [
        {"id": "p1", "name": "Ana Ruiz", "type": "person", "role": "Mayor", "mentions": ["Ana Ruiz", "Ruiz", "She"]},
        {"id": "p2", "name": "Tom Okafor", "type": "person", "role": "harbour master", "mentions": ["Tom Okafor"]},
        {"id": "p3", "name": "Port Authority", "type": "organization", "mentions": ["Port Authority"]},
    ]
    for i in range(12):
        folder = root / ("nested" if i % 2 else "")
        a = article(
            filler(i),
            [("p1", f"We will rebuild the pier number {i}"), ("p2", f"The tide tables for week {i} are ready")],
            people=people,
            url=f"https://harbour.example/story-{i}",
            published=f"2024-05-{i + 1:02d}",
        )
        write_script(folder / f"story-{i}.txt", article=a)
    return root
