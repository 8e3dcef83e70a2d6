/**
 * The JSON text of a response body as kube-apiserver's JSON serializer writes it: Go's
 * json.Encoder (HTML-sensitive characters escaped as \u003c ...) followed by a newline, after every
 * object it encodes (objects, lists, Status, Table, discovery documents, each watch event).
 * Field order is the objects' own (see @miniplane/api wireOrder: stored objects are kept in it).
 * Upstream: staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go (doEncode:
 * json.NewEncoder(w).Encode(obj)), encoding/json stream.go (Encode appends '\n').
 */
import { encodeJson, goEscapeJson } from '@miniplane/api/patch/goJsonText';

export function wireJson(v: unknown): string {
  return `${goEscapeJson(encodeJson(v))}\n`;
}
