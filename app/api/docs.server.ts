import { appBaseUrl } from "../lib/mail.server";
import { openApiDocument, OPERATIONS } from "./openapi.server";
import { PROBLEM_TYPES } from "./problem.server";
import { problemBody } from "./problem.server";
import type { Locale } from "../lib/i18n/resources";

// The readable docs page's model, made from the generated OpenAPI document (not written twice).

type Json = Record<string, unknown>;
export type DocParam = { name: string; in: string; required: boolean; type: string; description: string };
export type DocField = { name: string; type: string; required: boolean; description: string };
export type DocOperation = { id: string; method: string; path: string; summary: string; scope: "read" | "write"; params: DocParam[]; body: string | null; responses: { status: string; description: string; schema: string | null }[] };
export type DocSchema = { name: string; description: string; fields: DocField[] };

const refName = (s: unknown) => (s && typeof s === "object" && "$ref" in s ? String((s as Json).$ref).split("/").pop()! : null);

function typeOf(s: Json | undefined): string {
  if (!s) return "";
  const ref = refName(s);
  if (ref) return ref;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(typeOf).join(" | ");
  if (Array.isArray(s.oneOf)) return (s.oneOf as Json[]).map(typeOf).join(" | ");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const t = Array.isArray(s.type) ? (s.type as string[]).join(" | ") : String(s.type ?? "");
  if (t === "array") return `${typeOf(s.items as Json)}[]`;
  return t;
}

export function docsModel(locale: Locale) {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
  const operations: DocOperation[] = OPERATIONS.map((o) => {
    const spec = doc.paths[o.path][o.method];
    const params = ((spec.parameters as Json[] | undefined) ?? []).map((p) => ({
      name: String(p.name), in: String(p.in), required: Boolean(p.required), type: typeOf(p.schema as Json),
      description: String((p.schema as Json | undefined)?.description ?? p.description ?? ""),
    }));
    const body = refName(((spec.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] && (((spec.requestBody as Json).content as Json)["application/json"] as Json).schema);
    const responses = Object.entries(spec.responses as Record<string, Json>).map(([status, r]) => {
      const content = r.content as Record<string, Json> | undefined;
      const first = content ? Object.values(content)[0] : undefined;
      return { status, description: String(r.description ?? ""), schema: first ? refName(first.schema) : null };
    });
    return { id: o.operationId, method: o.method.toUpperCase(), path: o.path, summary: o.summary, scope: o.scope, params, body, responses };
  });
  const schemas: DocSchema[] = Object.entries(doc.components.schemas).map(([name, s]) => {
    const props = (s.properties as Record<string, Json> | undefined) ?? {};
    const required = new Set((s.required as string[] | undefined) ?? []);
    return { name, description: String(s.description ?? ""), fields: Object.entries(props).map(([f, p]) => ({ name: f, type: typeOf(p), required: required.has(f), description: String(p.description ?? "") })) };
  });
  const problems = PROBLEM_TYPES.map((t) => ({ ...problemBody(locale, t), type: t }));
  return { operations, schemas, problems, baseUrl: appBaseUrl() };
}
