"""The DuckDB queries of SCALING.md, run against an output this test builds: the docs stay right."""

from __future__ import annotations

import re
from pathlib import Path

from onrecord.scale.child import ChildReader
from onrecord.scale.shards import expand
from onrecord.scale.worker import ScaleSettings, process_shard
from tests.scale.warcs import cut_member, page_records, sample_pages, write_gz

DOC = Path(__file__).resolve().parents[2] / "SCALING.md"


def test_the_duckdb_examples_run(tmp_path: Path, hooked_reader: ChildReader) -> None:
    import duckdb

    records = page_records(sample_pages())
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_gz(inputs / "a.warc.gz", records[:8])
    (inputs / "b.warc.gz").write_bytes(cut_member(records[8:], at=1))
    for fmt in ("parquet", "jsonl"):
        for shard in expand([str(inputs)])[0]:
            settings = ScaleSettings(output=str(tmp_path / fmt), fmt=fmt)
            assert process_shard(shard, "run", settings, hooked_reader)["status"] == "done"

    queries = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(queries) == 5
    out = str(tmp_path / "parquet") + "/"
    for sql in queries:
        rows = duckdb.sql(sql.replace("'out/", f"'{out}")).fetchall()
        assert rows, sql
    top = duckdb.sql(queries[0].replace("'out/", f"'{out}")).fetchall()
    assert top[0][1] >= top[-1][1] > 0
    errors = {r[0]: r[1] for r in duckdb.sql(queries[4].replace("'out/", f"'{out}")).fetchall()}
    assert errors.get("warc", 0) >= 1
    # The JSONL output reads the same way.
    jsonl = str(tmp_path / "jsonl") + "/"
    count = duckdb.sql(f"SELECT count(*) FROM read_json_auto('{jsonl}articles/*.jsonl')").fetchall()
    assert count == duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}articles/*.parquet')").fetchall() == [(11,)]
