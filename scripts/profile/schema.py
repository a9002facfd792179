"""The JSON Schema of a profile file and of the published ``profile.json``.

The schema is data (Draft 2020-12), validated with ``jsonschema``; the published
``profile.schema.json`` embeds the profile schema under ``profile``.
"""

from __future__ import annotations

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_VERSION = 1

_TEXT = {"type": "string", "minLength": 1}
_TEXTS = {"type": "array", "items": _TEXT}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
_PAGE = {"type": "string", "pattern": r"^[^/].*\.md$"}


def _obj(required: dict, optional: dict | None = None, extra: bool = False) -> dict:
    """An object with these required and optional properties."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": extra,
    }


def _rows(**columns: dict) -> dict:
    """A list of table rows, every column a required text unless given."""
    return {"type": "array", "items": _obj(columns)}


_CHANGED = _obj({"seed": {}, "value": {}}, extra=True)

PROFILE_SCHEMA: dict = {
    "$schema": DRAFT,
    "$id": "profile-data.schema.json",
    "title": "Library profile",
    "description": "The facts of one library profile: the seed's values and the "
    "corrected ones. Markdown links in text are relative to docs/.",
    **_obj(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "id": _ID,
            "name": _TEXT,
            "display_name": _TEXT,
            "seed": _obj({"title": _TEXT, "date": _DATE}),
            "last_update": _obj({"seed": _DATE, "value": _DATE}, {"page": _PAGE}),
            "info": _obj(
                {
                    "category": _obj({"seed": _TEXTS, "value": _TEXTS}),
                    "license": _obj(
                        {"seed": _TEXT, "value": _TEXT}, {"bundled": _TEXTS}
                    ),
                    "documentation": _obj(
                        {
                            "seed": {"type": "string", "format": "uri"},
                            "value": {"type": "string", "format": "uri"},
                        }
                    ),
                    "description": _obj(
                        {"seed": _TEXT, "value": _TEXT}, {"page": _PAGE}
                    ),
                },
                {"versions": _CHANGED},
            ),
            "use_cases": {
                "type": "array",
                "minItems": 1,
                "items": _obj(
                    {
                        "id": _ID,
                        "title": _TEXT,
                        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                        "pages": {"type": "array", "minItems": 1, "items": _PAGE},
                    },
                    {"example": _TEXT},
                ),
            },
            "keywords": {
                "type": "array",
                "items": _obj(
                    {"keyword": _TEXT},
                    {
                        "meaning": _TEXT,
                        "see": _obj({"title": _TEXT, "page": _PAGE}),
                        "use_cases": {"type": "array", "items": _ID},
                    },
                ),
            },
        },
        {
            "ratings": {
                "type": "array",
                "items": _obj(
                    {
                        "id": _ID,
                        "label": _TEXT,
                        "stars": {"type": "integer", "minimum": 0, "maximum": 5},
                        "score": {"type": "number", "minimum": 0, "maximum": 10},
                    },
                    # seed_label: the seed's own words, where the site translates them.
                    {"note": _TEXT, "seed_label": _TEXT},
                ),
            },
            "install": _obj(
                {"seed": _TEXTS, "value": _rows(id=_ID, variant=_TEXT, command=_TEXT)},
                {"page": _PAGE},
            ),
            "best_practices": _obj(
                {"items": _rows(seed=_TEXT, title=_TEXT)}, {"page": _PAGE}
            ),
            "selection": _obj(
                {
                    "base": {"type": "number"},
                    "max": {"type": "number"},
                    "rules": {
                        "type": "array",
                        "items": _obj(
                            {
                                "name": _TEXT,
                                "adjustment": {"type": "number"},
                                "terms": _TEXTS,
                            }
                        ),
                    },
                },
                {"gpu_boost": {"type": "number"}, "page": _PAGE, "module": _TEXT},
            ),
            "pros": _rows(
                seed=_TEXT, status={"enum": ["mantido", "corrigido"]}, now=_TEXT
            ),
            "cons": _rows(
                seed=_TEXT, status={"enum": ["mantido", "corrigido"]}, now=_TEXT
            ),
            "alternatives": _rows(name=_TEXT, when=_TEXT, now=_TEXT),
            "requirements": _rows(requirement=_TEXT, seed=_TEXT, now=_TEXT),
            "dependencies": _obj(
                {"everywhere": _rows(package=_TEXT, version=_TEXT, seed=_TEXT)},
                {
                    "linux": _rows(package=_TEXT, version=_TEXT, condition=_TEXT),
                    "extras": _rows(extra=_TEXT, package=_TEXT),
                },
            ),
            "compatibility": _obj(
                {"systems": _rows(system=_TEXT, architectures=_TEXT, note=_TEXT)},
                {
                    "seed": _TEXTS,
                    "cuda": _rows(variant=_TEXT, index=_TEXT, gpus=_TEXT),
                    "backends": _rows(
                        backend=_TEXT, hardware=_TEXT, now=_TEXT, seed=_TEXT
                    ),
                },
            ),
            "corrections": _rows(
                section=_TEXT,
                seed=_TEXT,
                truth=_TEXT,
                site=_TEXT,
                source=_TEXT,
                where=_TEXT,
            ),
        },
    ),
}

_RUNNER_STATUS = _obj(
    {"kind": _TEXT, "text": _TEXT},
    {"label": _TEXT, "torch": {"type": "array", "items": _TEXT}},
)


def published_schema() -> dict:
    """The schema of ``profile.json``: the profile, plus what the records say."""
    return {
        "$schema": DRAFT,
        "$id": "profile.schema.json",
        "title": "Published library profile",
        "description": "profile.json: the profile's data (`profile`), the torch "
        "versions every example passed on (`verified_versions`), and per use case "
        "the pages and tested snippet modules that show it, with their "
        "verification status per runner (`use_cases`).",
        **_obj(
            {
                "format": {"const": SCHEMA_VERSION},
                "profile": {
                    k: v
                    for k, v in PROFILE_SCHEMA.items()
                    if k not in ("$schema", "$id")
                },
                "verified_versions": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": _TEXT},
                },
                "use_cases": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": _ID,
                            "title": _TEXT,
                            "confidence": {"type": "number"},
                            "pages": {
                                "type": "array",
                                "items": _obj(
                                    {"page": _PAGE, "url": _TEXT, "markdown": _TEXT}
                                ),
                            },
                            "examples": {
                                "type": "array",
                                "items": _obj(
                                    {
                                        "module": _TEXT,
                                        "page": _PAGE,
                                        "status": {
                                            "type": "object",
                                            "additionalProperties": _RUNNER_STATUS,
                                        },
                                    }
                                ),
                            },
                        }
                    ),
                },
            },
            {"$schema": _TEXT, "generated_from": _TEXT},
        ),
    }
