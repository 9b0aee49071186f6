import type { ParsedQuery } from "../../search/query";
import { closest, loose } from "../../search/fuzzy";
import { AREAS, STATUS_WORDS, TYPE_WORDS, type SearchParams } from "./schemas";

export type SearchMessage = { key: string; params?: Record<string, unknown> };

/** Status words compared loosely: "i drift", "i_drift", "idrift" and "I drift" are one. */
const STATUS_LOOSE = new Map(Object.entries(STATUS_WORDS).map(([k, v]) => [loose(k), v]));
const TYPE_LOOSE = new Map(Object.entries(TYPE_WORDS).map(([k, v]) => [loose(k), v]));
const close = (value: string, labels: string[]) => closest(value, labels).map((l) => `”${l}”`).join(", ");

/**
 * Organisations typed as org: values, by slug or name, with or without å/ä/ö ("gävle", "Gävle
 * kommun", "gavle"). Unknown values get a message with the closest names. The directory is public.
 */
export function resolveOrgs(values: string[], orgs: { id: string; slug: string; name: string }[]) {
  const found: { id: string; slug: string }[] = [];
  const messages: SearchMessage[] = [];
  for (const v of values) {
    const l = loose(v);
    const exact = orgs.filter((o) => o.slug === v || loose(o.slug) === l || loose(o.name) === l);
    const prefix = exact.length ? exact : orgs.filter((o) => l.length >= 3 && loose(o.name).startsWith(l));
    if (prefix.length === 1 || exact.length) for (const o of prefix) found.push({ id: String(o.id), slug: o.slug });
    else messages.push({ key: close(v, orgs.map((o) => o.name)) ? "search:msg.unknownOrgClose" : "search:msg.unknownOrg", params: { value: v, close: close(v, orgs.map((o) => o.name)) } });
  }
  return { found, messages };
}

/**
 * Tags typed as tag: values, by slug, Swedish or English name, or synonym ("tag:inköp" →
 * upphandling), with or without å/ä/ö. Unknown values get a message with the closest names.
 */
export function resolveTags(values: string[], tags: { slug: string; name_sv: string; name_en: string; synonyms: string[] }[]) {
  const found: string[] = [];
  const messages: SearchMessage[] = [];
  for (const v of values) {
    const l = loose(v);
    const t = tags.find((x) => x.slug === v) ?? tags.find((x) => [x.slug, x.name_sv, x.name_en, ...x.synonyms].some((n) => loose(n) === l));
    if (t) { if (!found.includes(t.slug)) found.push(t.slug); continue; }
    const c = close(v, tags.map((x) => x.name_sv));
    messages.push({ key: c ? "search:msg.unknownTagClose" : "search:msg.unknownTag", params: { value: v, close: c } });
  }
  return { found, messages };
}

/**
 * Merges filters typed in the box (tag:, org:, typ:, status:, område:, är:) into the form's
 * filters. Unknown keys and values become messages, never errors. Pure.
 */
export function mergeTypedFilters(params: SearchParams, q: ParsedQuery): { params: SearchParams; messages: SearchMessage[] } {
  const out: SearchParams = { ...params, typ: [...params.typ], tag: [...params.tag], org: [...params.org], area: [...params.area], status: [...params.status] };
  const messages: SearchMessage[] = [];
  const add = <T,>(list: T[], v: T) => { if (!list.includes(v)) list.push(v); };
  // Tags and organisations are resolved against the directory by the caller (resolveTags, resolveOrgs).
  for (const t of q.filters.tag) add(out.tag, t.slice(0, 80));
  for (const o of q.filters.org) add(out.org, o.slice(0, 80));
  for (const t of q.filters.type) {
    const k = TYPE_WORDS[t] ?? TYPE_LOOSE.get(loose(t));
    if (k) add(out.typ, k);
    else messages.push({ key: "search:msg.unknownType", params: { value: t } });
  }
  for (const s of [...q.filters.status, ...q.filters.is]) {
    const w = STATUS_WORDS[s] ?? STATUS_LOOSE.get(loose(s));
    if (w?.status) add(out.status, w.status);
    else if (w?.answered) out.answered = w.answered;
    else {
      const c = close(s, Object.keys(STATUS_WORDS));
      messages.push({ key: c ? "search:msg.unknownStatusClose" : "search:msg.unknownStatus", params: { value: s, close: c } });
    }
  }
  for (const a of q.filters.area) {
    if ((AREAS as readonly string[]).includes(a)) add(out.area, a as (typeof AREAS)[number]);
    else messages.push({ key: "search:msg.unknownArea", params: { value: a } });
  }
  for (const f of q.unknownFilters) messages.push({ key: "search:msg.unknownFilter", params: { name: f } });
  if (q.truncated) messages.push({ key: "search:msg.truncated" });
  return { params: out, messages };
}
