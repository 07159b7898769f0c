"""The explorer's ASGI app: HTML pages, the JSON API under /api/v1, static files.

Each handler is a plain function that Starlette runs in its thread pool; it asks ``data`` for
what the page shows, through a read-only Corpus of its own thread, and renders it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from onrecord.corpus import QueryError, StoreError
from onrecord.corpus.query import KINDS
from onrecord.serve import data, downloads, openapi
from onrecord.serve import params as P
from onrecord.serve.handles import ReadOnlyHandles
from onrecord.serve.links import query_string, web_url
from onrecord.serve.memo import Memo


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("onrecord.serve", "templates"),
        autoescape=True,  # every template, whatever its name: corpus text is hostile
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(qs=query_string, web_url=web_url, kinds=KINDS)
    env.filters["count"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    return env


class Explorer:
    def __init__(self, db: str | Path, memo_seconds: float) -> None:
        self.handles = ReadOnlyHandles(db)
        self.memo = Memo(self.handles.path, max_age=memo_seconds)
        self.env = _environment()
        self.schema = openapi.build()

    # -- responses -------------------------------------------------------------------------------

    def html(self, template: str, code: int = 200, **context: Any) -> HTMLResponse:
        body = self.env.get_template(template).render(**context)
        return HTMLResponse(body, status_code=code, headers={"cache-control": "no-store"})

    @staticmethod
    def json(payload: Any, status: int = 200) -> JSONResponse:
        return JSONResponse(_plain(payload), status_code=status, headers={"cache-control": "no-store"})

    def page(self, template: str, build: Callable[[], dict[str, Any]], request: Request, missing: bool = False) -> Response:
        try:
            context = build()
        except (P.BadRequest, QueryError) as exc:
            status = 404 if missing and isinstance(exc, QueryError) else 400
            return self.html("problem.html", status, request=request, status=status, message=str(exc))
        except StoreError as exc:
            return self.html("problem.html", 503, request=request, status=503, message=str(exc))
        return self.html(template, request=request, **context)

    def api(self, build: Callable[[], dict[str, Any]], missing: bool = False) -> Response:
        try:
            payload = build()
        except (P.BadRequest, QueryError) as exc:
            status = 404 if missing and isinstance(exc, QueryError) else 400
            return self.json({"error": str(exc), "status": status}, status)
        except StoreError as exc:
            return self.json({"error": str(exc), "status": 503}, 503)
        return self.json(payload)

    # -- pages -----------------------------------------------------------------------------------

    def home(self, request: Request) -> Response:
        return self.page("home.html", lambda: data.home(self.handles.get(), self.memo), request)

    def search(self, request: Request) -> Response:
        return self.page("search.html", lambda: data.search(self.handles.get(), request.query_params), request)

    def speakers(self, request: Request) -> Response:
        return self.page("speakers.html", lambda: data.speakers(self.handles.get(), request.query_params, self.memo),
                         request)

    def speaker(self, request: Request) -> Response:
        pid = request.path_params["speaker_id"]
        return self.page("speaker.html", lambda: data.speaker(self.handles.get(), pid, request.query_params),
                         request, missing=True)

    def article(self, request: Request) -> Response:
        aid = request.path_params["article_id"]
        return self.page("article.html", lambda: data.article(self.handles.get(), aid), request, missing=True)

    def runs(self, request: Request) -> Response:
        return self.page("runs.html", lambda: data.runs(self.handles.get(), request.query_params), request)

    def errors(self, request: Request) -> Response:
        return self.page("errors.html", lambda: data.errors(self.handles.get(), request.query_params), request)

    # -- the API ---------------------------------------------------------------------------------

    def api_home(self, request: Request) -> Response:
        return self.api(lambda: data.home(self.handles.get(), self.memo))

    def api_search(self, request: Request) -> Response:
        def build() -> dict[str, Any]:
            found = data.search(self.handles.get(), request.query_params)
            return {"filters": found["filters"], **found["page"].to_dict()}

        return self.api(build)

    def api_download(self, request: Request) -> Response:
        try:
            fmt = P.DOWNLOAD_FORMAT.read(request.query_params.get("format"))
            filters, rows, truncated = data.search_all(self.handles.get(), request.query_params)
        except (P.BadRequest, QueryError) as exc:
            return self.json({"error": str(exc), "status": 400}, 400)
        except StoreError as exc:
            return self.json({"error": str(exc), "status": 503}, 503)
        name = downloads.filename(filters, fmt)
        headers = {
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
            "x-onrecord-truncated": "true" if truncated else "false",
        }
        if fmt == "csv":
            return StreamingResponse(downloads.csv_chunks(rows), media_type="text/csv; charset=utf-8", headers=headers)
        return StreamingResponse(downloads.json_chunks(filters, rows, truncated), media_type="application/json",
                                 headers=headers)

    def api_speakers(self, request: Request) -> Response:
        return self.api(lambda: data.speakers(self.handles.get(), request.query_params, self.memo)["page"].to_dict())

    def api_speaker(self, request: Request) -> Response:
        def build() -> dict[str, Any]:
            found = data.speaker(self.handles.get(), request.path_params["speaker_id"], request.query_params)
            return {
                "speaker": found["speaker"],
                "weeks": [{"week": w, "statements": n} for w, n in found["weeks"]],
                "co_speakers": found["co_speakers"],
                **found["page"].to_dict(),
            }

        return self.api(build, missing=True)

    def api_article(self, request: Request) -> Response:
        aid = request.path_params["article_id"]
        return self.api(lambda: self.handles.get().show(data.stored_id(aid, "article")).to_dict(), missing=True)

    def api_runs(self, request: Request) -> Response:
        return self.api(lambda: data.runs(self.handles.get(), request.query_params)["page"].to_dict())

    def api_errors(self, request: Request) -> Response:
        def build() -> dict[str, Any]:
            found = data.errors(self.handles.get(), request.query_params)
            return {"filters": found["filters"], **found["page"].to_dict()}

        return self.api(build)

    def api_schema(self, request: Request) -> Response:
        return self.json(self.schema)

    # -- errors ----------------------------------------------------------------------------------

    async def not_found(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = "Nothing here." if status == 404 else (exc.detail if isinstance(exc, HTTPException) else "Error.")
        if request.url.path.startswith("/api/"):
            return self.json({"error": message, "status": status}, status)
        return self.html("problem.html", status, request=request, status=status, message=message)


def _plain(value: Any) -> Any:
    """Records (anything with to_dict) and containers of them as JSON-ready values."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def create_app(db: str | Path, *, allowed_hosts: Iterable[str] | None = None, memo_seconds: float = 30.0) -> Starlette:
    """The explorer over the store at ``db``, opened read-only (a StoreError when it cannot be).

    ``allowed_hosts``: Host header names accepted (None: any). ``memo_seconds``: how long
    whole-store counts may be reused while the store's files are unchanged (0: never).
    """
    from onrecord.serve.safety import SafetyMiddleware

    explorer = Explorer(db, memo_seconds)
    static = resources.files("onrecord.serve") / "static"

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        explorer.handles.close()

    routes = [
        Route("/", explorer.home),
        Route("/search", explorer.search),
        Route("/speakers", explorer.speakers),
        Route("/speakers/{speaker_id:int}", explorer.speaker),
        Route("/articles/{article_id:int}", explorer.article),
        Route("/runs", explorer.runs),
        Route("/errors", explorer.errors),
        Route("/api/v1/home", explorer.api_home),
        Route("/api/v1/search", explorer.api_search),
        Route("/api/v1/search/download", explorer.api_download),
        Route("/api/v1/speakers", explorer.api_speakers),
        Route("/api/v1/speakers/{speaker_id:int}", explorer.api_speaker),
        Route("/api/v1/articles/{article_id:int}", explorer.api_article),
        Route("/api/v1/runs", explorer.api_runs),
        Route("/api/v1/errors", explorer.api_errors),
        Route("/openapi.json", explorer.api_schema),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: explorer.not_found})
    app.add_middleware(SafetyMiddleware, allowed_hosts=allowed_hosts)
    app.state.explorer = explorer
    json.dumps(explorer.schema)  # the schema must serialise; fail at start-up, not on request
    return app
