"""The JSON API and the pages over the invented corpus, through httpx (Starlette's TestClient)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from onrecord.corpus.query import StatementHit
from onrecord.serve.safety import CONTENT_SECURITY_POLICY
from tests.serve.corpus import IMG, JS_URL, SCRIPT, SVG


def speaker_id(client: TestClient, name: str) -> int:
    rows = client.get("/api/v1/speakers").json()["results"]
    return next(r["id"] for r in rows if r["name"] == name)


def article_id(client: TestClient, title_part: str, **filters: str) -> int:
    hits = client.get("/api/v1/search", params={"per_page": 100, "duplicates": "1", **filters}).json()["results"]
    return next(h["article_id"] for h in hits if title_part in (h["title"] or ""))


# -- the API ----------------------------------------------------------------------------------


def test_home_counts_latest_and_top_speakers(client: TestClient) -> None:
    body = client.get("/api/v1/home").json()
    assert body["stats"]["articles"] == 10 and body["stats"]["duplicates"] == 1
    assert body["stats"]["statements_counted"] == 19 and body["stats"]["errors"] == 2
    assert [s["name"] for s in body["top_speakers"][:3]] == ["Ana Ruiz", "Tom Okafor", "Port Authority"]
    assert body["top_speakers"][0]["statements"] == 9
    published = [h["published"] for h in body["latest"]]
    assert published == sorted(published, reverse=True)  # newest first
    assert published[0] == "2024-05-12"


def test_search_words_filters_and_pagination(client: TestClient) -> None:
    hits = client.get("/api/v1/search", params={"q": "tide tables"}).json()["results"]
    assert len(hits) == 6 and {h["speaker"] for h in hits} == {"Tom Okafor"}
    assert client.get("/api/v1/search", params={"q": "pier", "speaker": "Ruiz"}).json()["results"]
    assert not client.get("/api/v1/search", params={"q": "pier", "speaker": "Okafor"}).json()["results"]
    by_site = client.get("/api/v1/search", params={"site": "news.other.example"}).json()["results"]
    assert {h["site"] for h in by_site} == {"news.other.example"} and len(by_site) == 3
    dated = client.get("/api/v1/search", params={"since": "2024-04-10", "until": "2024-04-21"}).json()["results"]
    assert {h["published"] for h in dated} == {"2024-04-11", "2024-04-16", "2024-04-21"}
    indirect = client.get("/api/v1/search", params={"kind": "indirect"}).json()["results"]
    assert indirect and {h["kind"] for h in indirect} == {"indirect"}
    # Copies of a syndicated story only when asked for.
    strike = {"q": "strike starts"}
    assert len(client.get("/api/v1/search", params=strike).json()["results"]) == 1
    assert len(client.get("/api/v1/search", params={**strike, "duplicates": "1"}).json()["results"]) == 2

    first = client.get("/api/v1/search", params={"per_page": 4}).json()
    second = client.get("/api/v1/search", params={"per_page": 4, "page": 2}).json()
    assert first["has_more"] and first["page"] == 1 and len(first["results"]) == 4
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}
    last = client.get("/api/v1/search", params={"per_page": 10, "page": 2}).json()
    assert not last["has_more"] and len(last["results"]) == 9  # 19 statements counted


@pytest.mark.parametrize("params, word", [
    ({"since": "last tuesday"}, "since"),
    ({"kind": "shouted"}, "kind"),
    ({"page": "0"}, "page"),
    ({"per_page": "5000"}, "per_page"),
    ({"page": "two"}, "page"),
    ({"q": "x" * 600}, "q"),
])
def test_bad_parameters_are_400_with_a_reason(client: TestClient, params: dict[str, str], word: str) -> None:
    r = client.get("/api/v1/search", params=params)
    assert r.status_code == 400 and word in r.json()["error"]
    page = client.get("/search", params=params)
    assert page.status_code == 400 and "That did not work" in page.text


def test_speaker_record(client: TestClient) -> None:
    ruiz = speaker_id(client, "Ana Ruiz")
    body = client.get(f"/api/v1/speakers/{ruiz}").json()
    assert body["speaker"]["roles"] == ["Mayor"] and "Ruiz" in body["speaker"]["aliases"]
    assert body["speaker"]["statements"] == 9 and body["speaker"]["articles"] == 8
    weeks = body["weeks"]
    assert weeks[0] == {"week": "2024-04-01", "statements": 2} and weeks[-1]["week"] == "2024-05-06"
    assert sum(w["statements"] for w in weeks) == 9
    assert [w["week"] for w in weeks] == sorted(w["week"] for w in weeks) and len(weeks) == 6  # no gaps
    co = {c["name"]: c["articles"] for c in body["co_speakers"]}
    assert co["Tom Okafor"] == 6 and co["Port Authority"] == 1
    assert [h["published"] for h in body["results"]][:2] == ["2024-05-12", "2024-05-02"]
    assert client.get("/api/v1/speakers/999999").status_code == 404
    assert client.get("/api/v1/speakers/99999999999999999999999").status_code == 404


def test_article_as_read_with_registry_links(client: TestClient) -> None:
    aid = article_id(client, "Budget is safe", q="ferry budget")
    body = client.get(f"/api/v1/articles/{aid}").json()
    assert body["article"]["title"] == "“Budget is safe,” says mayor"
    assert set(body["people"]) == {"p1", "p3"}
    assert [s["where"] for s in body["article"]["statements"]] == ["body", "body", "title"]
    assert client.get("/api/v1/articles/424242").json() == {"error": "no article 424242 in the store", "status": 404}


def test_runs_and_errors(client: TestClient) -> None:
    runs = client.get("/api/v1/runs").json()["results"]
    assert len(runs) == 1 and runs[0]["status"] == "done" and runs[0]["documents"] == 10 and runs[0]["errors"] == 2
    errors = client.get("/api/v1/errors").json()["results"]
    assert len(errors) == 2 and all(e["stage"] for e in errors)
    assert client.get("/api/v1/errors", params={"run": runs[0]["id"] + 1}).json()["results"] == []
    assert len(client.get("/api/v1/errors", params={"stage": errors[0]["stage"]}).json()["results"]) == 2


def test_download_csv_and_json(client: TestClient) -> None:
    r = client.get("/api/v1/search/download", params={"q": "tide", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert re.fullmatch(r'attachment; filename="onrecord-search-tide\.csv"', r.headers["content-disposition"])
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 6 and list(rows[0]) == list(StatementHit.__dataclass_fields__)
    j = client.get("/api/v1/search/download", params={"q": "tide", "format": "json"})
    data = j.json()
    assert data["count"] == 6 and not data["truncated"] and len(data["results"]) == 6
    assert data["filters"]["q"] == "tide"
    everything = client.get("/api/v1/search/download").text
    assert len(list(csv.DictReader(io.StringIO(everything)))) == 19
    assert client.get("/api/v1/search/download", params={"format": "xlsx"}).status_code == 400


def test_csv_cells_cannot_start_a_formula() -> None:
    from onrecord.serve.downloads import csv_chunks

    hit = StatementHit(1, 1, "direct", "=HYPERLINK(\"http://x\")", "@me", None, None, "-1+2", None, None, None, None)
    rows = list(csv.reader(io.StringIO("".join(csv_chunks([hit])))))
    assert rows[1][3] == "'=HYPERLINK(\"http://x\")" and rows[1][4] == "'@me" and rows[1][7] == "'-1+2"


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/v1")}  # type: ignore[attr-defined]
    documented = {p.replace("{speaker_id}", "{speaker_id:int}").replace("{article_id}", "{article_id:int}")
                  for p in schema["paths"]}
    assert routes == documented
    hit = schema["components"]["schemas"]["StatementHit"]
    assert set(hit["properties"]) == set(StatementHit.__dataclass_fields__)
    search_params = {p["name"] for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "speaker", "site", "since", "until", "kind", "page", "per_page"} <= search_params
    # Every $ref points at a schema that exists.
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(schema)))
    assert refs <= set(schema["components"]["schemas"])
    # The real answers carry exactly the documented fields.
    body = client.get("/api/v1/search", params={"per_page": 1}).json()
    assert set(body["results"][0]) == set(hit["properties"])
    article = client.get(f"/api/v1/articles/{body['results'][0]['article_id']}").json()
    assert set(article) == set(schema["components"]["schemas"]["ArticleView"]["properties"])


# -- safety -----------------------------------------------------------------------------------


def test_security_headers_on_every_kind_of_response(client: TestClient) -> None:
    for path in ("/", "/api/v1/home", "/static/explorer.js", "/nowhere", "/api/v1/articles/0", "/openapi.json"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head(client: TestClient, method: str) -> None:
    r = client.request(method, "/api/v1/search")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    assert client.head("/").status_code == 200


def test_pages_render_and_escape_every_probe(client: TestClient) -> None:
    hostile = article_id(client, "news", q="nothing to see")
    evil = speaker_id(client, "Eve <script>window.__xss=1</script> Mallory")
    pages = ["/", "/search", "/search?q=harbour", f"/search?speaker={SCRIPT}", "/speakers",
             f"/speakers/{evil}", f"/articles/{hostile}", "/runs", "/errors"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        html = r.text
        for probe in (SCRIPT, IMG, SVG, "<script>window", "onerror=\"window", "<svg/onload"):
            assert probe not in html, (path, probe)
        assert not re.search(r"""href=["']?\s*javascript:""", html, re.IGNORECASE), path
        # The only scripts are the explorer's own file.
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/explorer.js" defer>'], path
    page = client.get(f"/articles/{hostile}").text
    assert "&lt;script&gt;window.__xss=1;alert(&#39;script&#39;)&lt;/script&gt;" in page  # shown, as text
    assert JS_URL.replace("'", "&#39;") in page  # the URL is shown as text, never as a link
    assert "&#34;&gt;&lt;img src=x onerror=" in page


def test_article_page_highlights_every_statement(client: TestClient) -> None:
    aid = article_id(client, "Budget is safe", q="ferry budget")
    html = client.get(f"/articles/{aid}").text
    marks = re.findall(r'<mark class="st sp-(\w)" data-st="(\d+)"', html)
    # statement 0 has two spans, the title statement is marked inside the headline
    assert [st for _, st in marks] == ["2", "0", "0", "1"]
    colours = {st: colour for colour, st in marks}
    assert colours["0"] == colours["2"] != colours["1"]  # one colour per speaker
    assert re.search(r'<h1 class="headline">“<mark class="st sp-\w" data-st="2" id="s2"', html)
    for i in range(3):
        assert f'id="card-{i}"' in html
    assert "an interview with Radio Coast" in html and "Port Authority" in html


def test_server_never_writes_the_store(explorer_db: Path, client: TestClient) -> None:
    before = explorer_db.stat().st_mtime_ns, explorer_db.stat().st_size
    for path in ("/", "/search?q=pier", "/speakers/1", "/articles/1", "/runs", "/errors", "/api/v1/home"):
        client.get(path)
    assert (explorer_db.stat().st_mtime_ns, explorer_db.stat().st_size) == before
    corpus = client.app.state.explorer.handles.get()  # type: ignore[attr-defined]
    assert corpus.readonly
    with pytest.raises(Exception, match=r"(?i)read-?only|readonly"):
        corpus.conn.execute("DELETE FROM errors")


def test_unknown_host_is_refused(explorer_db: Path) -> None:
    from onrecord.serve import create_app
    from onrecord.serve.commands import allowed_hosts

    app = create_app(explorer_db, allowed_hosts=allowed_hosts("127.0.0.1", []))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/v1/home").status_code == 200
        assert c.get("/api/v1/home", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/v1/home", headers={"host": "attacker.example"}).status_code == 400
    assert allowed_hosts("0.0.0.0", []) is None
    assert "corpus.example" in (allowed_hosts("0.0.0.0", ["Corpus.example"]) or [])


def test_missing_store_is_one_line(tmp_path: Path) -> None:
    from onrecord.cli import main

    code = main(["serve", "--db", str(tmp_path / "none.db")])
    assert code == 1


def test_ranked_speakers_agree_with_speakers(explorer_db: Path) -> None:
    from onrecord.corpus import Corpus

    with Corpus(explorer_db, readonly=True) as corpus:
        for limit, offset in ((20, 0), (2, 1), (5, 3), (1, 10)):
            fast = [r.to_dict() for r in corpus.ranked_speakers(limit=limit, offset=offset)]
            assert fast == [r.to_dict() for r in corpus.speakers(limit=limit, offset=offset)]
