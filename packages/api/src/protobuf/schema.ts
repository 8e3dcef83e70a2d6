/**
 * The notation of the schema tables and their compiled form.
 *
 * A table maps a protobuf field number to `"jsonName: type"`, taken from kube's generated.proto
 * files; the decoder is generic and the tables are data. Types:
 *
 *   string | bool | int32 | int64 | bytes       scalars (bytes → base64, as Go's JSON does)
 *   Time | MicroTime                            meta/v1 timestamps → RFC3339 strings
 *   Quantity | IntOrString | FieldsV1           wrapper messages with a JSON form of their own
 *   <Message>                                   another table, by key (`apps.DeploymentSpec`)
 *   []T                                         repeated T
 *   map[T]                                      map<string, T> (entries with key = 1, value = 2)
 *
 * A `!` suffix keeps a zero scalar ("", 0, false) found on the wire: the Go field is a pointer or
 * has no `omitempty`. Without it a zero scalar is dropped, because Go's generated marshallers write
 * every non-pointer field, zero or not, and kube's JSON would omit it. The name `...` inlines the
 * message's fields into the parent (Go `json:",inline"`, e.g. LocalObjectReference).
 *
 * Contract: `SchemaRegistry.table` throws on a malformed entry or an unknown message name, so a
 * typo in a table fails its first use (and the table test), never a request silently.
 */

export type MessageTable = Readonly<Record<number, string>>;
export type MessageTables = Readonly<Record<string, MessageTable>>;

export const scalarTypes = ['string', 'bool', 'int32', 'int64', 'bytes'] as const;
export const wrapperTypes = ['Time', 'MicroTime', 'Quantity', 'IntOrString', 'FieldsV1'] as const;
export type ScalarType = (typeof scalarTypes)[number];
export type WrapperType = (typeof wrapperTypes)[number];

export type FieldKind =
  | { kind: 'scalar'; type: ScalarType }
  | { kind: 'wrapper'; type: WrapperType }
  | { kind: 'message'; type: string };

export interface FieldSpec {
  /** JSON name; empty for an inlined message. */
  name: string;
  inline: boolean;
  repeated: boolean;
  map: boolean;
  keepZero: boolean;
  value: FieldKind;
}

export type CompiledTable = ReadonlyMap<number, FieldSpec>;

const entry = /^(\.\.\.|[A-Za-z][A-Za-z0-9]*): (?:\[\]([A-Za-z][A-Za-z0-9.]*)|map\[([A-Za-z][A-Za-z0-9.]*)\]|([A-Za-z][A-Za-z0-9.]*))(!)?$/;

/** Parses one `"name: type"` entry; `known` says which message names exist. */
export function parseField(text: string, known: (message: string) => boolean): FieldSpec {
  const m = entry.exec(text);
  if (!m) throw new Error(`malformed schema entry ${JSON.stringify(text)}`);
  const [, name, listOf, mapOf, single, bang] = m as unknown as [string, string, string?, string?, string?, string?];
  const typeName = (listOf ?? mapOf ?? single)!;
  let value: FieldKind;
  if ((scalarTypes as readonly string[]).includes(typeName)) value = { kind: 'scalar', type: typeName as ScalarType };
  else if ((wrapperTypes as readonly string[]).includes(typeName)) value = { kind: 'wrapper', type: typeName as WrapperType };
  else if (known(typeName)) value = { kind: 'message', type: typeName };
  else throw new Error(`schema entry ${JSON.stringify(text)} names unknown message ${typeName}`);
  const inline = name === '...';
  if (inline && (value.kind !== 'message' || !single)) throw new Error(`only a single message can be inlined: ${JSON.stringify(text)}`);
  return { name: inline ? '' : name, inline, repeated: listOf !== undefined, map: mapOf !== undefined, keepZero: bang === '!', value };
}

/** Compiles tables lazily, once per message. */
export class SchemaRegistry {
  private readonly compiled = new Map<string, CompiledTable>();

  constructor(private readonly tables: MessageTables) {}

  has(message: string): boolean {
    return Object.hasOwn(this.tables, message);
  }

  table(message: string): CompiledTable {
    let t = this.compiled.get(message);
    if (!t) {
      const raw = this.tables[message];
      if (!raw) throw new Error(`no schema table for message ${message}`);
      const fields = new Map<number, FieldSpec>();
      for (const [num, text] of Object.entries(raw)) fields.set(Number(num), parseField(text, (n) => this.has(n)));
      t = fields;
      this.compiled.set(message, t);
    }
    return t;
  }

  /** Every message name, for the table-integrity test. */
  names(): string[] {
    return Object.keys(this.tables);
  }
}
