"""Local `$ref`s of an OpenAPI document, shared by the conformance scripts:
a JSON pointer looked up, and a reference chain followed to what it names
(a cycle is an error, not a hang)."""


def lookup(spec, pointer):
    node = spec
    for raw in pointer.lstrip("#").split("/")[1:]:
        segment = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(segment) if isinstance(node, list) else segment]
    return node


def resolve(spec, node):
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        seen += 1
        if seen > 50:
            raise ValueError("reference cycle")
        node = lookup(spec, node["$ref"])
    return node
