/**
 * A TLS front for a test miniplane, as a real cluster's apiserver presents itself: a CA made
 * in-process (@peculiar/x509; node:crypto makes keys but not certificates), a serving
 * certificate for 127.0.0.1 signed by it, a client certificate it trusts, and an HTTPS proxy on
 * a free loopback port that demands the client certificate and a bearer token before it passes
 * a request (watch streams included) on to the plain-HTTP miniplane.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import type { Tap } from './harness.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface Pem {
  cert: string;
  key: string;
}

export interface TlsFront {
  url: string;
  ca: string;
  client: Pem;
  token: string;
  /** Requests refused (no client certificate or wrong token). */
  refused: number;
}

async function keyPem(k: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', k as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

async function issue(subject: string, ca: { cert: x509.X509Certificate; keys: CryptoKeyPair }, ext: x509.Extension[]): Promise<Pem> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: now.toString(16), subject, issuer: ca.cert.subject, notBefore: new Date(now - 60_000), notAfter: new Date(now + 3600_000),
    signingKey: ca.keys.privateKey, publicKey: keys.publicKey, signingAlgorithm: alg, extensions: ext,
  });
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}

export async function makeCa(name = 'CN=kubectl-lite-test-ca'): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair; pem: string }> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name, notBefore: new Date(now - 60_000), notAfter: new Date(now + 3600_000), keys, signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys, pem: cert.toString('pem') };
}

export async function startTlsFront(t: Tap, backend: string): Promise<TlsFront> {
  const ca = await makeCa();
  const serving = await issue('CN=127.0.0.1', ca, [
    new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
  ]);
  const client = await issue('CN=demo-user', ca, [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])]);
  const token = 'kubectl-lite-test-token';
  const front: TlsFront = { url: '', ca: ca.pem, client, token, refused: 0 };
  const target = new URL(backend);
  const server = https.createServer({ ...serving, ca: ca.pem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      front.refused++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
      return;
    }
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('tlsClientError', () => front.refused++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  front.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return front;
}
