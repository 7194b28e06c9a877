#!/usr/bin/env python3
"""Writes tests/fixtures/deep/: valid OpenAPI documents whose one schema nests
60, 128 and 256 levels deep, one kind of nesting per file (objects, arrays,
maps, unions, and all four in turn). The generator must read each without
crashing: `cargo xtask corpus tests/fixtures/deep` (debug build, as the
maintainer runs it) and tests/tests/deep.rs check it."""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "deep"


def nest(kind, depth):
    schema = {"type": "string"}
    for level in range(depth):
        step = kind if kind != "mixed" else ["object", "array", "map", "union"][level % 4]
        if step == "object":
            schema = {"type": "object", "properties": {"inner": schema}}
        elif step == "array":
            schema = {"type": "array", "items": schema}
        elif step == "map":
            schema = {"type": "object", "additionalProperties": schema}
        elif step == "union":
            schema = {"oneOf": [schema, {"type": "integer"}]}
    return schema


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ["objects", "arrays", "maps", "unions", "mixed"]:
        for depth in [60, 128, 256]:
            document = {
                "openapi": "3.0.3",
                "info": {"title": f"{kind} nested {depth} deep", "version": "1"},
                "paths": {},
                "components": {"schemas": {"Root": nest(kind.rstrip("s") if kind != "mixed" else "mixed", depth)}},
            }
            path = OUT / f"{kind}_{depth}.json"
            path.write_text(json.dumps(document, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
