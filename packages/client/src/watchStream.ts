/**
 * watchStream: decodes a kube watch body (one JSON event per line, chunked at arbitrary byte
 * boundaries) into events.
 *
 * Contract: yields `ADDED | MODIFIED | DELETED | BOOKMARK` events in stream order. An `ERROR`
 * event is not yielded: its Status becomes the matching `ApiError` (e.g. a 410
 * `ResourceVersionTooOld`) and is thrown, ending the stream. A line that is not a JSON event
 * throws a `TypeError`. The generator ends when the body ends (server timeout).
 * Upstream: staging/src/k8s.io/apimachinery/pkg/watch/streamwatcher.go, rest/watch/decoder.go
 */
import { parseJsonExact } from '@miniplane/api/patch/goJsonText';
import { isPlainObject, type KubeObject, type WatchEventType } from '@miniplane/api/types';
import { isStatus, statusToError } from './statusError.js';

/** A watch event as delivered to callers: ERROR never appears (it is thrown). */
export interface ObjectWatchEvent<T = KubeObject> {
  type: Exclude<WatchEventType, 'ERROR'>;
  object: T;
}

const objectTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

export async function* decodeWatchStream<T = KubeObject>(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<ObjectWatchEvent<T>> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of chunks) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield decodeLine<T>(line);
    }
  }
  const rest = (buf + decoder.decode()).trim();
  if (rest) yield decodeLine<T>(rest);
}

function decodeLine<T>(line: string): ObjectWatchEvent<T> {
  let ev: unknown;
  try {
    ev = parseJsonExact(line);
  } catch {
    throw new TypeError(`watch: undecodable event line: ${line.slice(0, 200)}`);
  }
  if (!isPlainObject(ev) || typeof ev.type !== 'string') throw new TypeError(`watch: not an event: ${line.slice(0, 200)}`);
  if (ev.type === 'ERROR') {
    if (isStatus(ev.object)) throw statusToError(ev.object);
    throw new TypeError(`watch: ERROR event without a Status: ${line.slice(0, 200)}`);
  }
  if (!objectTypes.has(ev.type) || !isPlainObject(ev.object)) throw new TypeError(`watch: unknown event type ${ev.type}`);
  return { type: ev.type as ObjectWatchEvent['type'], object: ev.object as T };
}
