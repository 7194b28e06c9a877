"""The verdicts of `cargo xtask conformance`: each recorded call judged.

The driver recorded, per call, the request the generated client built, the
value it set for each parameter, and Prism's answer. Prism accepts some
requests in the wrong style (both `ids=1,2` and `ids=1&ids=2` for an
explode:false array), so this script decodes every parameter of the request
again, with openapi-core's own implementation of the OpenAPI parameter
styles (openapi-core casts each value by its schema), and compares it with
the value the driver set. A verdict per call:

- FAIL: the call could not be built, Prism refused it (its violations), the
  response did not decode, or a parameter reads back differently;
- UNCHECKED: Prism accepted it, but a parameter is of a kind openapi-core
  cannot decode (an exploded form object, a deepObject holding objects or
  lists): the styles' unit tests must vouch for those;
- PASS otherwise.

usage: decode.py JOBS_JSON
JOBS_JSON: [{"spec": FILE, "plan": FILE, "results": FILE, "out": FILE}, ...]
"""

import datetime
import json
import multiprocessing
import os
import re
import sys
import urllib.parse
import warnings

from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

warnings.filterwarnings("ignore")


from spec_refs import lookup, resolve  # noqa: E402  (the scripts' folder is on sys.path)


def escape(segment):
    return segment.replace("~", "~0").replace("/", "~1")


def spec_parameter(spec, path, method, name, location):
    """The parameter object (resolved) and its JSON pointer."""
    item = spec["paths"][path]
    operation = item[method.lower()]
    lists = [
        (operation.get("parameters") or [], f"#/paths/{escape(path)}/{method.lower()}/parameters"),
        (item.get("parameters") or [], f"#/paths/{escape(path)}/parameters"),
    ]
    for params, base in lists:
        for i, raw in enumerate(params):
            param = resolve(spec, raw)
            if param.get("name") == name and param.get("in") == location:
                pointer = raw["$ref"] if isinstance(raw, dict) and "$ref" in raw else f"{base}/{i}"
                return param, pointer
    return None, None


def schema_type(spec, schema):
    schema = resolve(spec, schema or {})
    if not isinstance(schema, dict):
        return ""
    if "type" in schema:
        return schema["type"]
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            found = schema_type(spec, sub)
            if found:
                return found
    if "properties" in schema:
        return "object"
    return ""


def style_of(param):
    location = param["in"]
    default = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}[location]
    style = param.get("style", default)
    explode = param.get("explode", style == "form")
    return style, explode


def unsupported(spec, param, value):
    """Why openapi-core cannot decode this parameter, or None."""
    if "content" in param:
        return None
    style, explode = style_of(param)
    kind = schema_type(spec, param.get("schema"))
    if style == "form" and explode and kind == "object":
        return "an exploded form object (openapi-core reads it as one key)"
    if style == "deepObject":
        if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
            return "a deepObject holding objects or lists (openapi-core reads one level)"
    if kind in ("array", "object"):
        schema = resolve(spec, param.get("schema") or {})
        inner = schema.get("items") if kind == "array" else None
        if inner is not None and schema_type(spec, inner) in ("array", "object"):
            return "a list of lists or objects (no OpenAPI style writes it unambiguously)"
        if kind == "object" and isinstance(value, dict):
            if any(isinstance(v, (dict, list)) for v in value.values()):
                return "an object holding objects or lists (no OpenAPI style writes it unambiguously)"
    if kind == "" and isinstance(value, (dict, list)):
        return "a schema without a type holding a list or object"
    return None


def canonical(spec, value, schema):
    """A value in a form two equal readings share: numbers as floats,
    date-times as instants, objects without nulls."""
    schema = resolve(spec, schema or {})
    if not isinstance(schema, dict):
        schema = {}
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        fmt = schema.get("format")
        if fmt == "date-time":
            try:
                return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                return value
        return value
    if isinstance(value, list):
        return [canonical(spec, v, schema.get("items")) for v in value]
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        return {
            k: canonical(spec, v, props.get(k, schema.get("additionalProperties")
                                           if isinstance(schema.get("additionalProperties"), dict) else {}))
            for k, v in value.items()
            if v is not None
        }
    return value


def is_empty(value):
    return value is None or value == [] or value == {}


def locations(record, path_template):
    """The request's parameters by location, as openapi-core reads them."""
    request = record["request"]
    url = urllib.parse.urlsplit(request["url"])
    query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
    headers = Headers([(k, v) for k, v in request["headers"]])
    cookies = []
    for header in headers.getlist("cookie"):
        for part in header.split(";"):
            if "=" in part:
                k, v = part.strip().split("=", 1)
                cookies.append((k, v))
    # Path variables: the raw segments matched against the template.
    names = []

    def variable(match):
        names.append(match.group(1))
        return f"(?P<v{len(names) - 1}>[^/]*)"

    # A path key may carry a fragment or a query (`/files/{id}#shared`) that
    # no request path does.
    template = path_template.split("#")[0].split("?")[0]
    pattern = re.sub(r"\\\{([^}]+)\\\}", variable, re.escape(template))
    path = {}
    found = re.search(pattern + "$", url.path)
    if found:
        for i, name in enumerate(names):
            raw = urllib.parse.unquote(found.group(f"v{i}"))
            for key in (name, f".{name}", f".{name}*", f";{name}", f";{name}*"):
                path[key] = raw
    return query, headers, cookies, path


def check_parameters(api, spec, root, op, record):
    """FAIL/UNCHECKED reason for the parameters, or None when all read back."""
    query, headers, cookies, path = locations(record, op["path"])
    validator = api.request_validator
    unchecked = []
    for setting in record["params"]:
        name, location, value = setting["name"], setting["in"], setting["value"]
        param, pointer = spec_parameter(spec, op["path"], op["method"], name, location)
        if param is None:
            return "FAIL", f"the spec has no {location} parameter {name}"
        if is_empty(value):
            continue
        if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
            # OpenAPI: such a header parameter's definition SHALL be ignored.
            continue
        why = unsupported(spec, param, value)
        if why:
            unchecked.append(f"{location} parameter {name}: {why}")
            continue
        style, _ = style_of(param)
        q = query
        if style == "spaceDelimited":
            # openapi-core splits the raw text at "%20"; the query is decoded here.
            q = [(k, v.replace(" ", "%20") if k == name else v) for k, v in query]
        parameters = RequestParameters(
            query=ImmutableMultiDict(q),
            header=headers,
            cookie=ImmutableMultiDict(cookies),
            path=path,
        )
        param_path = root
        node = spec
        for raw in pointer.lstrip("#").split("/")[1:]:
            segment = raw.replace("~1", "/").replace("~0", "~")
            node = resolve(spec, node)
            if isinstance(node, list):
                segment = int(segment)
            node = node[segment]
            param_path = param_path / segment
        try:
            got = validator._get_parameter(parameters, param_path)
        except Exception as e:  # noqa: BLE001 - any failure to read it back
            cause = e.__cause__ or e.__context__
            detail = f"{type(e).__name__}: {e}"
            if cause is not None:
                detail += f" ({type(cause).__name__}: {cause})"
            return "FAIL", (
                f"set {location} parameter {name} = {json.dumps(value)}, "
                f"openapi-core cannot read it back: {detail}; request {request_line(record)}"
            )
        schema = param.get("schema")
        if schema is None and "content" in param:
            schema = next(iter(param["content"].values()), {}).get("schema")
        if canonical(spec, got, schema) != canonical(spec, value, schema):
            return "FAIL", (
                f"set {location} parameter {name} = {json.dumps(value)}, "
                f"the spec reads {json.dumps(got, default=str)}; request {request_line(record)}"
            )
    if unchecked:
        return "UNCHECKED", "; ".join(unchecked)
    return None


def request_line(record):
    request = record.get("request") or {}
    line = f"{request.get('method')} {request.get('url')}"
    interesting = [
        f"{k}: {v}"
        for k, v in request.get("headers", [])
        if k.lower() not in ("content-type", "content-length", "user-agent", "accept")
    ]
    if interesting:
        line += " [" + "; ".join(interesting) + "]"
    return line


def has_success(spec, op):
    operation = spec["paths"][op["path"]][op["method"].lower()]
    codes = (operation.get("responses") or {}).keys()
    return any(str(c).startswith("2") for c in codes)


def violation_text(violations):
    parts = []
    for v in violations:
        if str(v.get("severity", "")).lower() not in ("error", "0"):
            continue
        where = ".".join(str(p) for p in v.get("location", []))
        parts.append(f"{where}: {v.get('message')}")
    return parts


def form_body_reads(api, root, op, record):
    """Whether openapi-core reads a form body (urlencoded or multipart) as
    valid: Prism cannot read lists or objects in one that has no `encoding`."""
    request = record.get("request") or {}
    content_type = next((v for k, v in request.get("headers", []) if k.lower() == "content-type"), "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return False
    if not request.get("body_utf8"):
        return False
    operation = root / "paths" / op["path"] / op["method"].lower()
    try:
        api.request_validator._get_body(request["body"].encode(), content_type, operation)
    except Exception:  # noqa: BLE001 - openapi-core finds it invalid too
        return False
    return True


IGNORED_HEADERS = ("content-type", "accept", "authorization")


def ignored_header_violation(violation):
    """Whether a Prism violation is about a header parameter named
    Content-Type, Accept or Authorization, whose definition OpenAPI says
    SHALL be ignored (the media types and security schemes decide them)."""
    location = [str(p).lower() for p in violation.get("location", [])]
    message = str(violation.get("message", "")).lower()
    if "header" not in location[:2]:
        return False
    if any(name in location for name in IGNORED_HEADERS):
        return True
    return any(f"required property '{name}'" in message for name in IGNORED_HEADERS)


def reserved_in_multipart(record, violations):
    """Whether Prism's only complaint is reserved characters in a multipart
    body: it applies the `allowReserved` of urlencoded bodies, yet a
    multipart part is sent as it is (no percent-encoding), so a style's own
    delimiters (`a,b`) or a JSON part always trip it."""
    request = record.get("request") or {}
    content_type = next((v for k, v in request.get("headers", []) if k.lower() == "content-type"), "")
    if not content_type.startswith("multipart/form-data"):
        return False
    errors = [v for v in violations if str(v.get("severity", "")).lower() in ("error", "0")]
    return bool(errors) and all(
        str(v.get("message", "")).startswith("Reserved characters used in request body") for v in errors
    )


def judge(api, spec, root, op, record):
    outcome = record.get("outcome")
    if outcome == "FAIL":
        reason = record.get("reason") or "failed"
        if reason.startswith("Prism crashed") and record.get("request"):
            # Prism's bug, not the client's: openapi-core alone judges.
            try:
                checked = check_parameters(api, spec, root, op, record)
            except Exception as e:  # noqa: BLE001
                return "FAIL", f"{reason}; decode.py could not check the parameters: {e}"
            if checked is not None and checked[0] == "FAIL":
                return checked
            return "UNCHECKED", reason.split("; send failed")[0] + "; openapi-core reads every parameter as set"
        return "FAIL", reason
    if outcome == "ERROR_STATUS":
        violations = record.get("violations") or []
        if not violations:
            try:
                violations = json.loads(record.get("response") or "").get("validation") or []
            except (ValueError, AttributeError):
                violations = []
        ignored = [v for v in violations if ignored_header_violation(v)]
        violations = [v for v in violations if not ignored_header_violation(v)]
        errors = violation_text(violations)
        if ignored and not errors:
            checked = check_parameters(api, spec, root, op, record)
            if checked is not None and checked[0] == "FAIL":
                return checked
            return "UNCHECKED", (
                "Prism judges a header parameter OpenAPI says to ignore ("
                + "; ".join(violation_text(ignored))
                + "); the client sends no such parameter"
            )
        if record.get("status") == 401 and op.get("unmeetable_security"):
            # No client can send what the security asks for: the one
            # Authorization header cannot carry two schemes' credentials.
            checked = check_parameters(api, spec, root, op, record)
            if checked is not None and checked[0] == "FAIL":
                return checked
            return "UNCHECKED", (
                "no client can meet this operation's security: the generator warned, "
                + op["unmeetable_security"]
            )
        in_body = all(
            "body" in [str(p) for p in v.get("location", [])][:2]
            for v in violations
            if str(v.get("severity", "")).lower() in ("error", "0")
        )
        if errors and in_body and form_body_reads(api, root, op, record):
            checked = check_parameters(api, spec, root, op, record)
            if checked is not None and checked[0] == "FAIL":
                return checked
            return "UNCHECKED", (
                "Prism cannot read this form body (" + "; ".join(errors) + "); openapi-core reads it as valid"
            )
        if errors and in_body and reserved_in_multipart(record, violations):
            checked = check_parameters(api, spec, root, op, record)
            if checked is not None and checked[0] == "FAIL":
                return checked
            return "UNCHECKED", (
                "Prism finds reserved characters in a multipart body, where nothing is "
                "percent-encoded (" + "; ".join(errors) + "), and openapi-core cannot "
                "read the styled parts back"
            )
        if errors:
            return "FAIL", (
                f"Prism {record.get('status')}: " + "; ".join(errors) + f"; request {request_line(record)}"
            )
        response = record.get("response") or ""
        if record.get("status") == 500 and "prism/errors#UNKNOWN" in response:
            # Prism accepted the request but failed to make up a response
            # (json-schema-faker and recursive schemas).
            checked = check_parameters(api, spec, root, op, record)
            if checked is not None and checked[0] == "FAIL":
                return checked
            title = ""
            try:
                title = json.loads(response).get("title", "").splitlines()[0][:200]
            except (ValueError, AttributeError, IndexError):
                pass
            return "UNCHECKED", f"Prism accepted the request but could not make up a response ({title})"
        if has_success(spec, op):
            return "FAIL", (record.get("reason") or f"status {record.get('status')}") + (
                f"; request {request_line(record)}"
            )
    try:
        checked = check_parameters(api, spec, root, op, record)
    except Exception as e:  # noqa: BLE001
        return "FAIL", f"decode.py could not check the parameters: {type(e).__name__}: {e}"
    if checked is not None:
        return checked
    return "PASS", ""


def decode_job(job):
    spec = json.load(open(job["spec"]))
    plan = json.load(open(job["plan"]))
    # The generator has read the document already; openapi-spec-validator's
    # opinion of it (slow on a large one) does not matter here.
    api = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))
    root = SchemaPath.from_dict(spec, separator="\x1f")
    records = {}
    try:
        with open(job["results"]) as f:
            for line in f:
                record = json.loads(line)
                records[record["index"]] = record
    except FileNotFoundError:
        pass
    with open(job["out"], "w") as out:
        for op in plan["operations"]:
            record = records.get(op["index"])
            if record is None:
                verdict, reason = "FAIL", "the driver recorded no call"
            else:
                verdict, reason = judge(api, spec, root, op, record)
            out.write(json.dumps({"index": op["index"], "verdict": verdict, "reason": reason}) + "\n")


def main():
    jobs = json.load(open(sys.argv[1]))
    # The documents are independent: one process per core.
    with multiprocessing.Pool(min(len(jobs), os.cpu_count() or 1) or 1) as pool:
        pool.map(decode_job, jobs, chunksize=1)


if __name__ == "__main__":
    main()
