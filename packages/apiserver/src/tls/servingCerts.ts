/**
 * The CA and serving certificate of `--tls`, made in-process at first start and kept in the data
 * dir (`ca.crt`, `ca.key`, `apiserver.crt`, `apiserver.key`, mode 0600), or in memory when no dir
 * is given. As kube-apiserver's self-signed fallback (and kubeadm's `certs` phase) does: a CA, and
 * a serving certificate it signs with SANs for the listen address, `localhost`, `127.0.0.1` and
 * `::1` (plus the wildcard, this host's name and addresses when listening on a wildcard address).
 *
 * Contract: a CA found in the dir is reused; the serving certificate is reused while it is signed
 * by that CA, unexpired for another day and covers every wanted SAN, and is re-issued otherwise
 * (so a changed --listen gets a certificate that names it). ECDSA P-256 / SHA-256, which Go
 * (kubectl), OpenSSL (Python) and Node all verify. X.509 encoding by @peculiar/x509 over Node's
 * WebCrypto; loaded on first use, so a plain-HTTP start never pays for it.
 * Upstream: staging/src/k8s.io/client-go/util/cert/cert.go (GenerateSelfSignedCertKeyWithFixtures),
 * cmd/kubeadm/app/phases/certs
 */
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

export interface ServingCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface ServingCertsOptions {
  /** Where the files are kept; none: made in memory each start. */
  dir?: string;
  /** The listen host (an IP or a name). */
  host: string;
  now?: () => Date;
}

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const day = 86_400_000;

type X509 = typeof import('@peculiar/x509');

let loaded: Promise<X509> | undefined;
/** @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API. */
function x509(): Promise<X509> {
  return (loaded ??= (async () => {
    await import('reflect-metadata');
    const mod = await import('@peculiar/x509');
    // A CommonJS package: Node's import gives named exports and `default`, an esbuild bundle (the
    // CLI's) only `default`; the exports object is the same.
    const lib = ((mod as { default?: X509 }).default ?? mod) as X509;
    lib.cryptoProvider.set(webcrypto as never);
    return lib;
  })());
}

/** The SANs a serving certificate for `host` carries. */
export function wantedSans(host: string): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost']);
  const ips = new Set(['127.0.0.1', '::1']);
  if (host === '0.0.0.0' || host === '::') {
    // The URL miniplane writes names the wildcard itself (https://0.0.0.0:PORT), which reaches this host.
    ips.add(host);
    dns.add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ips.add(a.address);
  } else if (isIP(host)) ips.add(host);
  else if (host) dns.add(host.toLowerCase());
  return { dns: [...dns], ips: [...ips] };
}

function pemKey(der: ArrayBuffer): string {
  return `-----BEGIN PRIVATE KEY-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

async function importKey(lib: X509, pem: string, cert: InstanceType<X509['X509Certificate']>): Promise<webcrypto.CryptoKeyPair> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const privateKey = (await webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign'])) as webcrypto.CryptoKey;
  return { privateKey, publicKey: await cert.publicKey.export(alg, ['verify']) };
}

async function newCa(lib: X509, now: Date): Promise<{ cert: InstanceType<X509['X509Certificate']>; keys: webcrypto.CryptoKeyPair; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await lib.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=miniplane-ca@${Math.floor(now.getTime() / 1000)}`,
    notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 3650 * day), keys, signingAlgorithm: alg,
    extensions: [
      new lib.BasicConstraintsExtension(true, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.keyCertSign | lib.KeyUsageFlags.digitalSignature, true),
      await lib.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, keyPem: pemKey(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

function serial(): string {
  // A positive 16-byte serial (the top bit clear), as Go's cert helpers pick at random.
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0]! &= 0x7f;
  return Buffer.from(b).toString('hex');
}

async function issueServing(lib: X509, ca: { cert: InstanceType<X509['X509Certificate']>; keys: webcrypto.CryptoKeyPair }, host: string, now: Date): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const sans = wantedSans(host);
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=miniplane-apiserver', issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 365 * day),
    signingKey: ca.keys.privateKey, publicKey: keys.publicKey, signingAlgorithm: alg,
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.digitalSignature | lib.KeyUsageFlags.keyEncipherment, true),
      new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.serverAuth]),
      new lib.SubjectAlternativeNameExtension([...sans.dns.map((value) => ({ type: 'dns' as const, value })), ...sans.ips.map((value) => ({ type: 'ip' as const, value }))]),
      await lib.AuthorityKeyIdentifierExtension.create(ca.cert, false),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: pemKey(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

/** Is `pem` a certificate from `ca`, valid for another day, naming every SAN `host` wants? */
async function stillGood(lib: X509, pem: string, ca: InstanceType<X509['X509Certificate']>, host: string, now: Date): Promise<boolean> {
  try {
    const cert = new lib.X509Certificate(pem);
    if (cert.notAfter.getTime() < now.getTime() + day || !(await cert.verify({ publicKey: await ca.publicKey.export(), date: now }))) return false;
    const names = cert.getExtension(lib.SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
    const have = new Set(names.map((n) => `${n.type}:${n.value}`));
    const want = wantedSans(host);
    return [...want.dns.map((d) => `dns:${d}`), ...want.ips.map((i) => `ip:${i}`)].every((n) => have.has(n));
  } catch {
    return false;
  }
}

export async function servingCerts(o: ServingCertsOptions): Promise<ServingCerts> {
  const lib = await x509();
  const now = (o.now ?? (() => new Date()))();
  const file = (name: string) => (o.dir ? join(o.dir, name) : undefined);
  const read = (name: string) => {
    const f = file(name);
    return f && existsSync(f) ? readFileSync(f, 'utf8') : undefined;
  };
  const write = (name: string, text: string) => {
    const f = file(name);
    if (f) writeFileSync(f, text, { mode: 0o600 });
  };
  let ca: { cert: InstanceType<X509['X509Certificate']>; keys: webcrypto.CryptoKeyPair };
  const caPem = read('ca.crt');
  const caKey = read('ca.key');
  if (caPem && caKey) {
    const cert = new lib.X509Certificate(caPem);
    ca = { cert, keys: await importKey(lib, caKey, cert) };
  } else {
    const made = await newCa(lib, now);
    ca = made;
    write('ca.key', made.keyPem);
    write('ca.crt', made.cert.toString('pem'));
  }
  const certPem = read('apiserver.crt');
  const keyPem = read('apiserver.key');
  if (certPem && keyPem && (await stillGood(lib, certPem, ca.cert, o.host, now))) return { caPem: ca.cert.toString('pem'), certPem, keyPem };
  const serving = await issueServing(lib, ca, o.host, now);
  write('apiserver.key', serving.keyPem);
  write('apiserver.crt', serving.certPem);
  return { caPem: ca.cert.toString('pem'), ...serving };
}
