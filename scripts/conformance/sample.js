// Candidate request values for `cargo xtask conformance`: for each operation
// of a plan (the generated client's request builders), each parameter and the
// body, the spec's own examples first (parameter example/examples, media type
// example/examples, schema example) and then a value made from the schema by
// openapi-sampler (Redocly's sample generator: formats, enums, bounds,
// patterns). samples.py then keeps the first candidate that validates.
//
// usage: NODE_PATH=.cache/tools/sampler/node_modules node sample.js JOBS_JSON
// JOBS_JSON: [{"spec": FILE, "plan": FILE, "out": FILE}, ...]
// Each out file: {"operations": [{"index", "params": [{name, in, pointer,
// candidates: [{value, source}], problem?}], "body": {...} | null}]}

'use strict';
const fs = require('fs');
const OpenAPISampler = require('openapi-sampler');

function escapePointer(segment) {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function lookup(spec, pointer) {
  if (!pointer.startsWith('#')) throw new Error(`not a local reference: ${pointer}`);
  let node = spec;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(segment in node)) {
      throw new Error(`unresolved reference ${pointer}`);
    }
    node = node[segment];
  }
  return node;
}

// A node with its `$ref`s followed, and the pointer where it really stands.
function resolve(spec, node, pointer) {
  let seen = 0;
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (++seen > 50) throw new Error(`reference cycle at ${pointer}`);
    pointer = node.$ref;
    node = lookup(spec, node.$ref);
  }
  return [node, pointer];
}

function sampleSchema(spec, schema) {
  return OpenAPISampler.sample(
    schema,
    { skipReadOnly: true, skipNonRequired: false, quiet: true, maxSampleDepth: 8 },
    spec,
  );
}

// The examples of a parameter or media type object, in order.
function examplesOf(spec, holder, what) {
  const out = [];
  if (holder && 'example' in holder && holder.example !== undefined) {
    out.push({ value: holder.example, source: `${what} example` });
  }
  if (holder && holder.examples && typeof holder.examples === 'object') {
    for (const [name, raw] of Object.entries(holder.examples)) {
      try {
        const [example] = resolve(spec, raw, '');
        if (example && typeof example === 'object' && 'value' in example) {
          out.push({ value: example.value, source: `${what} examples/${name}` });
        }
      } catch (e) {
        // An example that does not resolve is no candidate.
      }
    }
  }
  return out;
}

// Candidates for a schema at `pointer`: its example, then the sampler's value.
function schemaCandidates(spec, schemaNode, pointer) {
  const out = [];
  const [schema] = resolve(spec, schemaNode, pointer);
  if (schema && typeof schema === 'object' && 'example' in schema) {
    out.push({ value: schema.example, source: 'schema example' });
  }
  if (schema && typeof schema === 'object' && schema.format === 'byte') {
    // openapi-sampler writes `string`, which is no base64.
    out.push({ value: Buffer.from('conformance').toString('base64'), source: 'base64 text' });
  }
  try {
    const value = sampleSchema(spec, schemaNode);
    if (value !== undefined) out.push({ value, source: 'openapi-sampler' });
  } catch (e) {
    out.push({ problem: `openapi-sampler: ${e.message}` });
  }
  return out;
}

// The content entry for media type `wanted`: exact, then by essence.
function contentEntry(content, wanted) {
  if (!content) return null;
  if (wanted in content) return wanted;
  const essence = (m) => m.split(';')[0].trim().toLowerCase();
  for (const key of Object.keys(content)) {
    if (essence(key) === essence(wanted)) return key;
  }
  const keys = Object.keys(content);
  return keys.length === 1 ? keys[0] : null;
}

function paramSlot(spec, op, pathPointer, item, operation, p) {
  const slot = { name: p.name, in: p.in, candidates: [] };
  const lists = [
    [operation.parameters || [], `${pathPointer}/${op.method.toLowerCase()}/parameters`],
    [item.parameters || [], `${pathPointer}/parameters`],
  ];
  // A document may declare a path template's variable in another place
  // (`in: query`); the generator then reads it as the path parameter, so a
  // parameter of the same name is the fallback.
  const found =
    declared((param) => param.name === p.name && param.in === p.in) ||
    declared((param) => param.name === p.name);
  if (found) return fill(slot, ...found);
  slot.problem = `the spec has no ${p.in} parameter ${p.name} at ${op.method} ${op.path}`;
  return slot;

  function declared(matches) {
    for (const [list, base] of lists) {
      for (let i = 0; i < list.length; i++) {
        let param, pointer;
        try {
          [param, pointer] = resolve(spec, list[i], `${base}/${i}`);
        } catch (e) {
          continue;
        }
        if (param && matches(param)) return [param, pointer];
      }
    }
    return null;
  }

  function fill(slot, param, pointer) {
    slot.pointer = pointer;
    slot.candidates.push(...examplesOf(spec, param, 'parameter'));
    if (param.schema) {
      slot.schema_pointer = `${pointer}/schema`;
      slot.candidates.push(...schemaCandidates(spec, param.schema, slot.schema_pointer));
    } else if (param.content) {
      const key = Object.keys(param.content)[0];
      const media = param.content[key];
      slot.candidates.push(...examplesOf(spec, media, 'media type'));
      if (media && media.schema) {
        slot.schema_pointer = `${pointer}/content/${escapePointer(key)}/schema`;
        slot.candidates.push(...schemaCandidates(spec, media.schema, slot.schema_pointer));
      }
    }
    return slot;
  }
}

function bodySlot(spec, op, pathPointer, operation, b) {
  const slot = { media_type: b.media_type, candidates: [] };
  if (!operation.requestBody) {
    slot.problem = 'the spec has no request body here';
    return slot;
  }
  const base = `${pathPointer}/${op.method.toLowerCase()}/requestBody`;
  const [body, pointer] = resolve(spec, operation.requestBody, base);
  const key = contentEntry(body.content, b.media_type);
  if (key === null) {
    slot.problem = `the request body has no ${b.media_type} content`;
    return slot;
  }
  const media = body.content[key];
  slot.content_type = key;
  slot.candidates.push(...examplesOf(spec, media, 'media type'));
  if (media && media.schema) {
    slot.schema_pointer = `${pointer}/content/${escapePointer(key)}/schema`;
    slot.candidates.push(...schemaCandidates(spec, media.schema, slot.schema_pointer));
  } else {
    slot.candidates.push({ value: b.binary ? 'conformance' : {}, source: 'no schema' });
  }
  return slot;
}

// Formats Prism checks that openapi-sampler does not know, and the format
// whose samples fit them (Prism's `url`: an http(s) or ftp URL).
const FORMAT_ALIASES = { url: 'uri' };

// The spec with each schema's format alias replaced, in place (the
// spec is read here only to sample from).
function aliasFormats(node) {
  if (Array.isArray(node)) {
    node.forEach(aliasFormats);
  } else if (node && typeof node === 'object') {
    if (typeof node.format === 'string' && node.format in FORMAT_ALIASES
        && (node.type === 'string' || node.type === undefined)) {
      node.format = FORMAT_ALIASES[node.format];
    }
    Object.values(node).forEach(aliasFormats);
  }
}

function samplePlan(spec, plan) {
  aliasFormats(spec);
  const operations = [];
  for (const op of plan.operations) {
    const pathPointer = `#/paths/${escapePointer(op.path)}`;
    const item = (spec.paths || {})[op.path];
    const operation = item && item[op.method.toLowerCase()];
    const entry = { index: op.index, params: [], body: null };
    if (!operation) {
      entry.problem = `the spec has no operation ${op.method} ${op.path}`;
      operations.push(entry);
      continue;
    }
    for (const p of op.params) {
      try {
        entry.params.push(paramSlot(spec, op, pathPointer, item, operation, p));
      } catch (e) {
        entry.params.push({ name: p.name, in: p.in, candidates: [], problem: e.message });
      }
    }
    if (op.body) {
      try {
        entry.body = bodySlot(spec, op, pathPointer, operation, op.body);
      } catch (e) {
        entry.body = { candidates: [], problem: e.message };
      }
    }
    operations.push(entry);
  }
  return { operations };
}

function main() {
  const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const job of jobs) {
    const spec = JSON.parse(fs.readFileSync(job.spec, 'utf8'));
    const plan = JSON.parse(fs.readFileSync(job.plan, 'utf8'));
    fs.writeFileSync(job.out, JSON.stringify(samplePlan(spec, plan)));
  }
}

main();
