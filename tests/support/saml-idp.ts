import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { signSamlPost } from "@node-saml/node-saml/lib/saml-post-signing";

// A test SAML identity provider: its own RSA key and self-signed certificate (openssl), and
// responses signed with node-saml's own signing code (xml-crypto), as a real IdP would send.

export type IdpKey = { privateKey: string; cert: string };

export function newIdpKey(cn = "Test IdP"): IdpKey {
  const dir = mkdtempSync(path.join(tmpdir(), "saml-idp-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2", "-subj", `/CN=${cn}`,
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
    return { privateKey: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The ID of the AuthnRequest in an HTTP-Redirect binding URL (what InResponseTo must name). */
export function requestIdOf(location: string): string {
  const req = new URL(location).searchParams.get("SAMLRequest")!;
  const xml = inflateRawSync(Buffer.from(req, "base64")).toString("utf8");
  return /\bID="([^"]+)"/.exec(xml)![1];
}

export type AssertionOpts = {
  idpEntityId: string; acs: string; audience: string; inResponseTo: string; nameId: string;
  attributes?: Record<string, string[]>; notOnOrAfter?: Date; recipient?: string;
};

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

export function responseXml(o: AssertionOpts): string {
  const now = new Date();
  const until = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const before = new Date(now.getTime() - 60_000);
  const aid = `_a${randomBytes(16).toString("hex")}`;
  const attrs = Object.entries(o.attributes ?? {})
    .map(([k, vs]) => `<saml:Attribute Name="${esc(k)}">${vs.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join("")}</saml:Attribute>`)
    .join("");
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString("hex")}" Version="2.0" IssueInstant="${iso(now)}" Destination="${esc(o.acs)}" InResponseTo="${esc(o.inResponseTo)}">`
    + `<saml:Issuer>${esc(o.idpEntityId)}</saml:Issuer>`
    + `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
    + `<saml:Assertion ID="${aid}" Version="2.0" IssueInstant="${iso(now)}">`
    + `<saml:Issuer>${esc(o.idpEntityId)}</saml:Issuer>`
    + `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(o.nameId)}</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(until)}" Recipient="${esc(o.recipient ?? o.acs)}" InResponseTo="${esc(o.inResponseTo)}"/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${iso(before)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s${randomBytes(8).toString("hex")}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>`
    + `</saml:Assertion></samlp:Response>`;
}

export const ASSERTION_XPATH = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";

/** Signs the assertion (enveloped signature, RSA-SHA256) with the IdP's key. */
export const signAssertion = (xml: string, key: IdpKey) => signSamlPost(xml, ASSERTION_XPATH, { privateKey: key.privateKey, publicCert: key.cert, signatureAlgorithm: "sha256" });

export const b64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");
