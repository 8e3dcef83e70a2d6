/**
 * kube-apiserver's static token file (`--token-auth-file`): CSV records
 * `token,user,uid[,"group1,group2"]`, read as Go's encoding/csv reads them (quoted fields with `""`
 * for a quote, blank lines skipped, no comments). Pure: `parseTokenFile` takes the text.
 *
 * Contract: a record with fewer than 3 columns or a malformed quote is an error naming the file
 * and the line; a record with an empty token is skipped; a later duplicate token wins (kube warns
 * and keeps the last).
 * Upstream: staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go
 */

export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
}

/** The records of one CSV text, each as its fields; throws on a malformed quote. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new Error(`line ${line}: extraneous or missing " in quoted-field`);
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c === '"') {
        throw new Error(`line ${line}: bare " in non-quoted-field`);
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
      } else if (c === '\n' || c === '\r') {
        break;
      } else {
        field += c;
        atFieldStart = false;
      }
    }
    if (quoted) throw new Error(`line ${start}: extraneous or missing " in quoted-field`);
    fields.push(field);
    // The line ending: \r\n or \n (a lone \r ends the record too).
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (fields.length === 1 && fields[0] === '') continue;
    records.push({ line: start, fields });
  }
  return records;
}

/** The token → user table of a token file's text; `path` only words the errors. */
export function parseTokenFile(text: string, path: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new Error(`token file '${path}': ${(e as Error).message}`);
  }
  for (const { fields } of records) {
    if (fields.length < 3) throw new Error(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${fields.length}`);
    const [token, name, uid, groups] = fields as [string, string, string, string | undefined];
    if (token === '') continue;
    tokens.set(token, { name, uid, groups: groups === undefined ? [] : groups.split(',') });
  }
  return tokens;
}
