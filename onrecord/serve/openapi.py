"""The OpenAPI 3.1 description of /api/v1, derived from the same declarations the API uses.

Response schemas come from the record dataclasses themselves (their type hints), and query
parameters from ``params``; a field added to a record shows up here without anyone editing it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from onrecord import __version__
from onrecord.corpus.query import ArticleView, CoSpeaker, ErrorRow, RunRow, SpeakerRow, StatementHit
from onrecord.serve import params as P

_PRIMITIVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
}


def _type_schema(hint: Any, found: dict[str, Any]) -> dict[str, Any]:
    if hint in _PRIMITIVES:
        return dict(_PRIMITIVES[hint])
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(a, found) for a in args]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], found) if args else {}}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1], found) if args else {}}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return {"$ref": f"#/components/schemas/{_record_schema(hint, found)}"}
    return {}


def _record_schema(cls: type, found: dict[str, Any]) -> str:
    name = cls.__name__
    if name in found:
        return name
    found[name] = {}  # placeholder: records may refer to each other
    hints = typing.get_type_hints(cls)
    props = {f.name: _type_schema(hints[f.name], found) for f in dataclasses.fields(cls)}
    found[name] = {"type": "object", "properties": props, "required": list(props)}
    return name


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _paged(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "has_more": {"type": "boolean"},
            "results": {"type": "array", "items": _ref(item)},
        },
        "required": ["page", "per_page", "has_more", "results"],
    }


def _query(params: tuple[P.Param, ...]) -> list[dict[str, Any]]:
    return [{"name": p.name, "in": "query", "required": False, "description": p.description, "schema": p.schema()}
            for p in params]


def _path_id(name: str, what: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id in the store.",
            "schema": {"type": "integer", "minimum": 1}}


def _get(summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]] | None = None,
         content_type: str = "application/json", not_found: bool = False) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {content_type: {"schema": schema}}},
        "400": {"description": "A parameter could not be used", "content": {"application/json": {"schema": _ref("Error")}}},
    }
    if not_found:
        responses["404"] = {"description": "Not in the store", "content": {"application/json": {"schema": _ref("Error")}}}
    return {"get": {"summary": summary, "parameters": parameters or [], "responses": responses}}


def build() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for cls in (StatementHit, SpeakerRow, CoSpeaker, RunRow, ErrorRow, ArticleView):
        _record_schema(cls, found)
    found["Error"] = {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
                      "required": ["error", "status"]}
    found["Stats"] = {"type": "object", "additionalProperties": {"type": "integer"}}
    found["Week"] = {"type": "object", "properties": {"week": {"type": "string", "format": "date"},
                                                      "statements": {"type": "integer"}},
                     "required": ["week", "statements"]}
    paging = _query((P.PAGE, P.PER_PAGE))
    filters = {"type": "object", "additionalProperties": True}
    paths = {
        "/api/v1/home": _get("Counts, the latest statements and the top speakers", {
            "type": "object",
            "properties": {"stats": _ref("Stats"), "latest": {"type": "array", "items": _ref("StatementHit")},
                           "top_speakers": {"type": "array", "items": _ref("SpeakerRow")}},
        }),
        "/api/v1/search": _get("Full-text search over statements, filtered and paged",
                               {**_paged("StatementHit"), "properties": {**_paged("StatementHit")["properties"],
                                                                         "filters": filters}},
                               _query(P.SEARCH) + paging),
        "/api/v1/search/download": {"get": {
            "summary": f"Every match of a search (up to {P.DOWNLOAD_LIMIT:,}) as a CSV or JSON file",
            "parameters": _query(P.SEARCH) + _query((P.DOWNLOAD_FORMAT,)),
            "responses": {
                "200": {"description": "The file (Content-Disposition: attachment)", "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object", "properties": {
                        "filters": filters, "count": {"type": "integer"}, "truncated": {"type": "boolean"},
                        "results": {"type": "array", "items": _ref("StatementHit")}}}},
                }},
                "400": {"description": "A parameter could not be used",
                        "content": {"application/json": {"schema": _ref("Error")}}},
            },
        }},
        "/api/v1/speakers": _get("Speakers by number of statements", _paged("SpeakerRow"), paging),
        "/api/v1/speakers/{speaker_id}": _get("One speaker: record, weekly counts, co-speakers, statements", {
            "type": "object",
            "properties": {**_paged("StatementHit")["properties"], "speaker": _ref("SpeakerRow"),
                           "weeks": {"type": "array", "items": _ref("Week")},
                           "co_speakers": {"type": "array", "items": _ref("CoSpeaker")}},
        }, [_path_id("speaker_id", "speaker"), *paging], not_found=True),
        "/api/v1/articles/{article_id}": _get("One article as read, with its registry links", _ref("ArticleView"),
                                              [_path_id("article_id", "article")], not_found=True),
        "/api/v1/runs": _get("Ingest runs, newest first", _paged("RunRow"), paging),
        "/api/v1/errors": _get("Documents that could not be stored", {
            **_paged("ErrorRow"), "properties": {**_paged("ErrorRow")["properties"], "filters": filters}},
            _query(P.ERRORS) + paging),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "onrecord explorer API", "version": __version__,
                 "description": "Read-only access to an onrecord corpus: who said what, where and when."},
        "paths": paths,
        "components": {"schemas": found},
    }
