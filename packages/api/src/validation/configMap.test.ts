import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { MaxConfigMapSize, validateConfigMap, validateConfigMapUpdate, type ConfigMap } from './configMap.js';

const keyRule = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function cm(o: Partial<ConfigMap> = {}): ConfigMap {
  return deepFreeze({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, ...o });
}

const errs = (list: ReturnType<typeof validateConfigMap>) => list.map((e) => e.toString());

t.test('ValidateConfigMap', async (t) => {
  const cases: Array<{ name: string; given: ConfigMap; want: string[] }> = [
    { name: 'no data at all', given: cm(), want: [] },
    { name: 'good keys', given: cm({ data: { 'key.name': 'v', KEY_NAME: '', 'key-name': 'x' }, binaryData: { 'b.bin': 'AAE=' } }), want: [] },
    { name: 'a space and a bang', given: cm({ data: { 'bad key!': 'v' } }), want: [`data[bad key!]: Invalid value: "bad key!": ${keyRule}`] },
    { name: 'a slash', given: cm({ binaryData: { 'a/b': 'AA==' } }), want: [`binaryData[a/b]: Invalid value: "a/b": ${keyRule}`] },
    // edge: '.' and '..' match the regex but name directories
    { name: "'.'", given: cm({ data: { '.': '' } }), want: [`data[.]: Invalid value: ".": must not be '.'`] },
    { name: "'..'", given: cm({ data: { '..': '' } }), want: [`data[..]: Invalid value: "..": must not be '..'`] },
    { name: "'..' prefix", given: cm({ data: { '..data': '' } }), want: [`data[..data]: Invalid value: "..data": must not start with '..'`] },
    { name: "'.' prefix is fine", given: cm({ data: { '.hidden': '' } }), want: [] },
    // edge: 254 bytes, one over DNS1123SubdomainMaxLength
    { name: 'too long', given: cm({ data: { ['k'.repeat(254)]: '' } }), want: [`data[${'k'.repeat(254)}]: Invalid value: "${'k'.repeat(254)}": must be no more than 253 characters`] },
    { name: 'empty key', given: cm({ data: { '': 'v' } }), want: [`data[]: Invalid value: "": ${keyRule}`] },
    { name: 'a key in both maps', given: cm({ data: { same: 'v' }, binaryData: { same: 'AA==' } }), want: ['data[same]: Invalid value: "same": duplicate of key present in binaryData'] },
    { name: 'several, sorted, data before binaryData', given: cm({ data: { 'z z': '', 'a a': '' }, binaryData: { 'b b': '' } }), want: [`data[a a]: Invalid value: "a a": ${keyRule}`, `data[z z]: Invalid value: "z z": ${keyRule}`, `binaryData[b b]: Invalid value: "b b": ${keyRule}`] },
    // edge: exactly 1 MiB is allowed; the size counts data bytes plus decoded binary bytes
    { name: 'exactly 1 MiB', given: cm({ data: { a: 'x'.repeat(MaxConfigMapSize - 3) }, binaryData: { b: 'AAAA' } }), want: [] },
    { name: 'one byte over', given: cm({ data: { a: 'x'.repeat(MaxConfigMapSize - 2) }, binaryData: { b: 'AAAA' } }), want: ['[]: Too long: may not be more than 1048576 bytes'] },
    // edge: multi-byte characters count as their UTF-8 bytes
    { name: 'UTF-8 bytes count', given: cm({ data: { a: 'é'.repeat(MaxConfigMapSize / 2 + 1) } }), want: ['[]: Too long: may not be more than 1048576 bytes'] },
  ];
  for (const c of cases) t.same(errs(validateConfigMap(c.given)), c.want, c.name);
});

t.test('ValidateConfigMapUpdate: immutable', async (t) => {
  const immutable = cm({ immutable: true, data: { a: '1' } });
  const detail = 'Forbidden: field is immutable when `immutable` is set';
  const cases: Array<{ name: string; old: ConfigMap; next: ConfigMap; want: string[] }> = [
    { name: 'mutable: anything goes', old: cm({ data: { a: '1' } }), next: cm({ data: { a: '2' }, immutable: true }), want: [] },
    { name: 'immutable, metadata change only', old: immutable, next: cm({ immutable: true, data: { a: '1' }, metadata: { name: 'c', labels: { x: 'y' } } }), want: [] },
    { name: 'immutable, data changed', old: immutable, next: cm({ immutable: true, data: { a: '2' } }), want: [`data: ${detail}`] },
    { name: 'immutable, binaryData added', old: immutable, next: cm({ immutable: true, data: { a: '1' }, binaryData: { b: 'AA==' } }), want: [`binaryData: ${detail}`] },
    { name: 'immutable unset', old: immutable, next: cm({ data: { a: '1' } }), want: [`immutable: ${detail}`] },
    { name: 'immutable set to false, data changed', old: immutable, next: cm({ immutable: false, data: {} }), want: [`immutable: ${detail}`, `data: ${detail}`] },
    // edge: Go's DeepEqual tells a nil map from an empty one
    { name: 'absent data becomes empty', old: cm({ immutable: true }), next: cm({ immutable: true, data: {} }), want: [`data: ${detail}`] },
    { name: 'key rules still apply', old: cm({ data: { a: '1' } }), next: cm({ data: { 'a b': '1' } }), want: [`data[a b]: Invalid value: "a b": ${keyRule}`] },
  ];
  for (const c of cases) t.same(errs(validateConfigMapUpdate(c.next, c.old)), c.want, c.name);
});
