"""Picks the request values of `cargo xtask conformance`.

sample.js lists candidates for every parameter and body (the spec's examples,
then openapi-sampler's value). This script keeps, for each, the first
candidate that validates against its schema with openapi-core's OpenAPI 3.0
schema validator (the write validator: a request may not carry a read-only
property); when none does, it asks hypothesis-jsonschema for a value the
validator accepts, and failing that says why there is no sample.

usage: samples.py JOBS_JSON
JOBS_JSON: [{"spec": FILE, "candidates": FILE, "out": FILE}, ...]
"""

import json
import multiprocessing
import os
import sys
import warnings

from jsonschema_path import SchemaPath
from openapi_core.validation.schemas import oas30_write_schema_validators_factory

warnings.filterwarnings("ignore")

# Keywords of an OpenAPI schema that JSON Schema (draft 7) does not have or
# that do not constrain a value.
DROPPED = {
    "discriminator",
    "xml",
    "example",
    "examples",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "title",
    "description",
    "default",
}

# Formats Prism checks that hypothesis-jsonschema does not know, and the
# format whose values fit them (Prism's `url`: an http(s) or ftp URL).
FORMAT_ALIASES = {"url": "uri"}

# How deep references are inlined for hypothesis-jsonschema, which cannot
# follow a recursive schema.
INLINE_DEPTH = 6


def walk(spec, root, pointer):
    """The SchemaPath at a local JSON pointer (references followed)."""
    path, node = root, spec
    for raw in pointer.lstrip("#").split("/")[1:]:
        segment = raw.replace("~1", "/").replace("~0", "~")
        node = resolve(spec, node)
        if isinstance(node, list):
            segment = int(segment)
        node = node[segment]
        path = path / segment
    return path


from spec_refs import lookup, resolve  # noqa: E402  (the scripts' folder is on sys.path)


def json_schema(spec, node, depth, path_param=False, all_required=False):
    """An OpenAPI 3.0 schema as a self-contained draft 7 JSON Schema:
    references inlined (to INLINE_DEPTH), read-only properties left out,
    `nullable` ignored (a value is wanted), boolean exclusive bounds made
    numeric; with all_required every property is required, so the smallest
    value still sets each one."""
    if isinstance(node, dict) and "$ref" in node:
        if depth <= 0:
            return {}
        node = resolve(spec, node)
        depth -= 1
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in DROPPED or key.startswith("x-"):
            continue
        if key == "properties":
            props = {}
            for name, prop in value.items():
                resolved = resolve(spec, prop)
                if isinstance(resolved, dict) and resolved.get("readOnly"):
                    continue
                props[name] = json_schema(spec, prop, depth, all_required=all_required)
            out["properties"] = props
        elif key in ("items", "additionalProperties", "not"):
            out[key] = json_schema(spec, value, depth, all_required=all_required)
        elif key == "format" and value in FORMAT_ALIASES:
            out[key] = FORMAT_ALIASES[value]
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [json_schema(spec, v, depth, all_required=all_required) for v in value]
        else:
            out[key] = value
    if "properties" in out:
        names = set(out["properties"])
        required = [r for r in out.get("required", []) if r in names]
        if all_required:
            required = list(out["properties"])
        if required:
            out["required"] = required
        else:
            out.pop("required", None)
    elif "required" in out and not isinstance(out["required"], list):
        out.pop("required")
    for bound in ("Minimum", "Maximum"):
        flag = out.get("exclusive" + bound)
        if isinstance(flag, bool):
            out.pop("exclusive" + bound)
            if flag and bound.lower() in out:
                out["exclusive" + bound] = out.pop(bound.lower())
    if path_param and out.get("type") == "string":
        out["minLength"] = max(1, out.get("minLength", 0))
    return out


class _Found(Exception):
    """Stops the search at the first valid value."""

    def __init__(self, value):
        super().__init__()
        self.value = value


def first_valid(strategy, is_valid, tries):
    """The first value of `strategy` that `is_valid` accepts. Not
    `hypothesis.find`: it refuses strategies that draw `data()`, which
    hypothesis-jsonschema's object strategy does. Generation only (no
    shrinking), derandomized so a run repeats."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis.errors import Unsatisfiable

    @settings(
        max_examples=tries,
        database=None,
        deadline=None,
        derandomize=True,
        phases=(Phase.generate,),
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(strategy)
    def search(value):
        if is_valid(value):
            raise _Found(value)

    try:
        search()
    except _Found as found:
        return found.value
    except Unsatisfiable as e:
        raise e
    raise LookupError(f"none of {tries} values validates")


def hypothesis_value(spec, schema_node, is_valid, path_param):
    from hypothesis_jsonschema import from_schema

    problems = []
    for all_required in (True, False):
        try:
            schema = json_schema(spec, schema_node, INLINE_DEPTH, path_param, all_required)
            strategy = from_schema(schema)
            return first_valid(strategy, is_valid, 300), None
        except Exception as e:  # noqa: BLE001 - any failure means no value
            problems.append(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    return None, "hypothesis-jsonschema: " + "; ".join(problems)


def widened(value):
    """The value with each one-item list holding its item twice, and each
    string item of a list told apart (`x`, `x2`)."""
    if isinstance(value, list):
        items = [widened(v) for v in value]
        if len(items) == 1:
            second = items[0]
            if isinstance(second, str):
                second = second + "2"
            elif isinstance(second, bool):
                pass
            elif isinstance(second, int):
                second = second + 1
            items.append(second)
        return items
    if isinstance(value, dict):
        return {k: widened(v) for k, v in value.items()}
    return value


def pick(spec, root, slot, path_param=False):
    out = {k: slot[k] for k in ("name", "in", "media_type", "content_type") if k in slot}
    if "problem" in slot:
        out["problem"] = slot["problem"]
        return out
    pointer = slot.get("schema_pointer")
    validator = None
    if pointer:
        try:
            validator = oas30_write_schema_validators_factory.create(root, walk(spec, root, pointer))
        except Exception as e:  # noqa: BLE001
            out["note"] = f"no validator: {e}"

    def error(value):
        """Why the value is no sample, or None."""
        if path_param and value in ("", [], {}):
            return "empty"
        if validator is None:
            return None
        try:
            validator.validate(value)
        except Exception as e:  # noqa: BLE001 - invalid
            errors = getattr(e, "schema_errors", None)
            if errors:
                first = errors[0]
                where = "/".join(str(p) for p in first.absolute_path)
                return f"{where}: {first.message}"[:200]
            return str(e)[:200]
        return None

    def is_valid(value):
        return error(value) is None

    rejected = []
    for candidate in slot.get("candidates", []):
        if "problem" in candidate:
            rejected.append(candidate["problem"])
            continue
        if is_valid(candidate["value"]):
            # Two items tell the styles apart (`a,b` or `a&a`); one does not.
            wider = widened(candidate["value"])
            out["value"] = wider if wider != candidate["value"] and is_valid(wider) else candidate["value"]
            out["source"] = candidate["source"]
            if rejected:
                out["rejected"] = rejected
            return out
        rejected.append(f"{candidate['source']} does not validate ({error(candidate['value'])})")
    if pointer:
        value, problem = hypothesis_value(spec, lookup(spec, pointer), is_valid, path_param)
        if problem is None:
            out["value"] = value
            out["source"] = "hypothesis-jsonschema"
            out["rejected"] = rejected
            return out
        rejected.append(problem)
    out["problem"] = "no value validates against the schema (" + "; ".join(rejected) + ")"
    return out


def sample_job(job):
    spec = json.load(open(job["spec"]))
    root = SchemaPath.from_dict(spec, separator="\x1f")
    candidates = json.load(open(job["candidates"]))
    operations = []
    for op in candidates["operations"]:
        entry = {"index": op["index"], "params": [], "body": None}
        if "problem" in op:
            entry["problem"] = op["problem"]
        for slot in op["params"]:
            entry["params"].append(pick(spec, root, slot, path_param=slot.get("in") == "path"))
        if op.get("body") is not None:
            # A raw body (a file's bytes, text) must not be empty: Prism
            # reads an empty one as none.
            media = str(op["body"].get("media_type", "")).split(";")[0].strip().lower()
            raw = not (
                media.endswith("json")
                or media in ("application/x-www-form-urlencoded", "multipart/form-data")
            )
            entry["body"] = pick(spec, root, op["body"], path_param=raw)
        operations.append(entry)
    with open(job["out"], "w") as f:
        json.dump({"operations": operations}, f)


def main():
    jobs = json.load(open(sys.argv[1]))
    # The documents are independent: one process per core.
    with multiprocessing.Pool(min(len(jobs), os.cpu_count() or 1) or 1) as pool:
        pool.map(sample_job, jobs, chunksize=1)


if __name__ == "__main__":
    main()
