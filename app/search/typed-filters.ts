import type { ParsedQuery } from "../../search/query";
import { AREAS, STATUS_WORDS, TYPE_WORDS, type SearchParams } from "./schemas";

export type SearchMessage = { key: string; params?: Record<string, unknown> };

/**
 * Merges filters typed in the box (tag:, org:, typ:, status:, område:, är:) into the form's
 * filters. Unknown keys and values become messages, never errors. Pure.
 */
export function mergeTypedFilters(params: SearchParams, q: ParsedQuery): { params: SearchParams; messages: SearchMessage[] } {
  const out: SearchParams = { ...params, typ: [...params.typ], tag: [...params.tag], org: [...params.org], area: [...params.area], status: [...params.status] };
  const messages: SearchMessage[] = [];
  const add = <T,>(list: T[], v: T) => { if (!list.includes(v)) list.push(v); };
  for (const t of q.filters.tag) if (/^[\p{L}\p{N}-]{1,80}$/u.test(t)) add(out.tag, t);
  for (const o of q.filters.org) {
    if (/^[a-z0-9-]{1,80}$/.test(o)) add(out.org, o);
    else messages.push({ key: "search:msg.unknownOrg", params: { value: o } });
  }
  for (const t of q.filters.type) {
    const k = TYPE_WORDS[t];
    if (k) add(out.typ, k);
    else messages.push({ key: "search:msg.unknownType", params: { value: t } });
  }
  for (const s of [...q.filters.status, ...q.filters.is]) {
    const w = STATUS_WORDS[s];
    if (w?.status) add(out.status, w.status);
    else if (w?.answered) out.answered = w.answered;
    else messages.push({ key: "search:msg.unknownStatus", params: { value: s } });
  }
  for (const a of q.filters.area) {
    if ((AREAS as readonly string[]).includes(a)) add(out.area, a as (typeof AREAS)[number]);
    else messages.push({ key: "search:msg.unknownArea", params: { value: a } });
  }
  for (const f of q.unknownFilters) messages.push({ key: "search:msg.unknownFilter", params: { name: f } });
  if (q.truncated) messages.push({ key: "search:msg.truncated" });
  return { params: out, messages };
}
