// The simulator's TLS: a local CA and a server certificate it signs. The app connects to
// 127.0.0.1 but asks for the real SES host name (TLS servername), so the certificate names
// every SES SMTP host; the app trusts this CA only while the simulator is in use, which keeps
// the real endpoints' verification untouched.
import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { generate } from "selfsigned";
import { SES_REGIONS } from "../ses/regions";

export interface SimulatorCertificates {
  /** The CA certificate (PEM): what a client passes as `tls.ca`. */
  caPem: string;
  caFile: string;
  /** The server certificate and its key (PEM). */
  cert: string;
  key: string;
  /** The CA's key, to sign the wrong-name certificate of the tlsHandshakeFailure fault; never sent anywhere. */
  caKey: string;
}

const FILES = {
  caCert: "ca.pem",
  caKey: "ca-key.pem",
  serverCert: "server.pem",
  serverKey: "server-key.pem",
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_LIFETIME_DAYS = 10 * 365;
const SERVER_LIFETIME_DAYS = 365;
// Renew a little early, so a certificate never expires in the middle of a session.
const RENEW_BEFORE_DAYS = 14;

/** Every name the server certificate must carry: loopback plus each SES SMTP and FIPS SMTP host. */
export function simulatorCertificateNames(): { dns: string[]; ips: string[] } {
  const dns = new Set<string>(["localhost"]);
  for (const region of SES_REGIONS) {
    dns.add(region.smtpHost);
    if (region.fipsSmtpHost) dns.add(region.fipsSmtpHost);
  }
  return { dns: [...dns], ips: ["127.0.0.1"] };
}

/**
 * Loads the CA and server certificate from `dataDir`, creating what is missing, expired or no
 * longer names every SES host. The CA is reused whenever it is still valid, so a client that
 * already trusts it keeps working across restarts.
 */
export async function ensureSimulatorCertificates(dataDir: string): Promise<SimulatorCertificates> {
  await mkdir(dataDir, { recursive: true });
  const file = (name: keyof typeof FILES) => path.join(dataDir, FILES[name]);

  let ca = await readPair(file("caCert"), file("caKey"));
  if (!ca || !isUsable(ca.cert)) {
    ca = await createCa();
    await writePem(file("caKey"), ca.key, true);
    await writePem(file("caCert"), ca.cert, false);
  }

  let server = await readPair(file("serverCert"), file("serverKey"));
  if (!server || !isUsable(server.cert) || !isIssuedBy(server.cert, ca.cert) || !namesEverySesHost(server.cert)) {
    server = await createServerCertificate(ca);
    await writePem(file("serverKey"), server.key, true);
    await writePem(file("serverCert"), server.cert, false);
  }

  return { caPem: ca.cert, caFile: file("caCert"), cert: server.cert, key: server.key, caKey: ca.key };
}

/** The host name on the certificate the tlsHandshakeFailure fault presents: no SES host, no loopback name. */
export const WRONG_CERTIFICATE_NAME = "wrong-name.ses-simulator.invalid";

/**
 * A certificate signed by the simulator's CA for another name only (in memory, never written):
 * a client that trusts the CA still refuses it, because the name isn't the host it asked for.
 */
export async function createWrongNameCertificate(certificates: SimulatorCertificates): Promise<PemPair> {
  return createServerCertificate(
    { cert: certificates.caPem, key: certificates.caKey },
    { dns: [WRONG_CERTIFICATE_NAME], ips: [] },
    WRONG_CERTIFICATE_NAME,
  );
}

interface PemPair {
  cert: string;
  key: string;
}

async function readPair(certFile: string, keyFile: string): Promise<PemPair | undefined> {
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8") };
}

function parse(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function isUsable(pem: string): boolean {
  const certificate = parse(pem);
  if (!certificate) return false;
  const now = Date.now();
  return Date.parse(certificate.validFrom) <= now && Date.parse(certificate.validTo) - RENEW_BEFORE_DAYS * DAY_MS > now;
}

function isIssuedBy(pem: string, caPem: string): boolean {
  const certificate = parse(pem);
  const ca = parse(caPem);
  return !!certificate && !!ca && certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
}

function namesEverySesHost(pem: string): boolean {
  const names = new Set((parse(pem)?.subjectAltName ?? "").split(", "));
  const { dns, ips } = simulatorCertificateNames();
  return dns.every((name) => names.has(`DNS:${name}`)) && ips.every((ip) => names.has(`IP Address:${ip}`));
}

async function createCa(): Promise<PemPair> {
  const notBeforeDate = new Date(Date.now() - DAY_MS); // tolerate a clock that is a little behind
  const result = await generate(
    [
      { name: "commonName", value: "Inflowave SES simulator local CA" },
      { name: "organizationName", value: "Inflowave development" },
    ],
    {
      keyType: "ec",
      algorithm: "sha256",
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + CA_LIFETIME_DAYS * DAY_MS),
      extensions: [
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    },
  );
  return { cert: result.cert, key: result.private };
}

async function createServerCertificate(
  ca: PemPair,
  { dns, ips }: { dns: string[]; ips: string[] } = simulatorCertificateNames(),
  commonName = "email-smtp.us-east-1.amazonaws.com",
): Promise<PemPair> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const result = await generate([{ name: "commonName", value: commonName }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + SERVER_LIFETIME_DAYS * DAY_MS),
    ca,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...dns.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}

// Written to a temporary name and renamed, so a simulator starting at the same moment never
// reads half a file; keys are readable by their owner only.
async function writePem(file: string, pem: string, isPrivate: boolean): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, pem, { mode: isPrivate ? 0o600 : 0o644 });
  if (isPrivate) await chmod(temporary, 0o600);
  await rename(temporary, file);
}
