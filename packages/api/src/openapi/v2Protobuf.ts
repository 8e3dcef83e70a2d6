/**
 * The v2 document in gnostic's protobuf form (`openapi_v2.Document`), the only form client-go's
 * `OpenAPISchema()` reads: it asks for `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`
 * and proto-unmarshals the body.
 *
 * Contract: writes the fields kubectl's proto models read (kube-openapi pkg/util/proto): for a
 * Schema `_ref`, `format`, `title`, `description`, `default`, `required`, `enum`,
 * `additional_properties`, `type`, `items`, `all_of`, `properties` and the `x-*` vendor extensions;
 * for the Document `swagger`, `info`, `paths` (empty) and `definitions`. Values of type Any are
 * written as their `yaml` text (JSON is YAML), as gnostic does. Fields are written in field-number
 * order, as Go's marshaller writes them. Nesting depth is bounded (`maxDepth`): the definitions are
 * ours, but a kind registered at run time brings its own.
 * Upstream: github.com/google/gnostic openapiv2/OpenAPIv2.proto (field numbers);
 * kube-openapi pkg/handler/handler.go ToProtoBinary
 */
import type { Schema } from './schema.js';
import type { OpenAPIV2Document } from './v2Document.js';

const maxDepth = 100;
const utf8 = new TextEncoder();

/** A message under construction: its encoded fields, concatenated at the end. */
class Message {
  private parts: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array) {
    this.parts.push(b);
    this.size += b.length;
  }

  private tag(field: number, wire: number) {
    this.push(varint((field << 3) | wire));
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2);
    this.push(varint(b.length));
    this.push(b);
    return this;
  }

  string(field: number, s: string | undefined): this {
    return s ? this.bytes(field, utf8.encode(s)) : this;
  }

  bool(field: number, v: boolean | undefined): this {
    if (!v) return this;
    this.tag(field, 0);
    this.push(varint(1));
    return this;
  }

  message(field: number, m: Message): this {
    return this.bytes(field, m.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function varint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** gnostic `Any`: the value as YAML text (field 2). */
const anyOf = (value: unknown) => new Message().string(2, JSON.stringify(value));

/** gnostic `NamedAny` for an `x-` extension. */
const namedAny = (name: string, value: unknown) => new Message().string(1, name).message(2, anyOf(value));

function schemaMessage(s: Schema, depth: number): Message {
  if (depth > maxDepth) throw new Error(`openapi v2: schema nested deeper than ${maxDepth}`);
  const m = new Message();
  m.string(1, s.$ref).string(2, s.format).string(4, s.description);
  if (s.default !== undefined) m.message(5, anyOf(s.default));
  for (const r of s.required ?? []) m.string(19, r);
  for (const e of s.enum ?? []) m.message(20, anyOf(e));
  if (s.additionalProperties !== undefined) {
    const item = new Message();
    if (typeof s.additionalProperties === 'boolean') item.bool(2, s.additionalProperties);
    else item.message(1, schemaMessage(s.additionalProperties, depth + 1));
    m.message(21, item);
  }
  if (s.type) m.message(22, new Message().string(1, s.type));
  if (s.items) m.message(23, new Message().message(1, schemaMessage(s.items, depth + 1)));
  for (const a of s.allOf ?? []) m.message(24, schemaMessage(a, depth + 1));
  if (s.properties) {
    const props = new Message();
    for (const [name, child] of Object.entries(s.properties)) props.message(1, new Message().string(1, name).message(2, schemaMessage(child, depth + 1)));
    m.message(25, props);
  }
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) m.message(31, namedAny(k, v));
  return m;
}

/** The document as gnostic's `openapi_v2.Document` protobuf bytes. */
export function openapiV2Protobuf(doc: OpenAPIV2Document): Uint8Array {
  const definitions = new Message();
  for (const [name, s] of Object.entries(doc.definitions)) definitions.message(1, new Message().string(1, name).message(2, schemaMessage(s, 0)));
  return new Message()
    .string(1, doc.swagger)
    .message(2, new Message().string(1, doc.info.title).string(2, doc.info.version))
    .message(8, new Message())
    .message(9, definitions)
    .finish();
}
