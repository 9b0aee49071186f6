import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { once } from "../lib/idempotency.server";
import { encryptSecret } from "../sso/secrets.server";
import { recordAudit } from "../moderation/audit.server";
import { canAllowPrivateWebhooks, canManageWebhooks } from "../policy";
import { requeueMessage, WEBHOOK_EVENTS } from "./deliver.server";
import { checkUrlShape, privateAllowedByEnv, resolveEndpoint } from "./ssrf.server";
import { openSecret } from "./secret.server";
import * as repo from "./webhooks.repo.server";

// Organisation admins' side of webhooks: the endpoints, their secrets (shown once), the delivery
// log and redelivery. Denied looks like missing (null → 404 in the route).

export type EndpointView = {
  id: string; url: string; description: string; events: string[]; disabledAt: string | null; disabledReason: string | null;
  failures: number; createdAt: string;
  log: { id: string; eventType: string; state: string; attempts: { attempt: number; status: number | null; ok: boolean; error: string | null; ms: number; at: string }[]; createdAt: string }[];
};
export type WebhooksPage = { org: { id: string; slug: string; name: string }; endpoints: EndpointView[]; allowPrivate: boolean; allowPrivateByEnv: boolean; canTogglePrivate: boolean };

const LOG_SIZE = 20;

/** Org admins and network admins: the organisation's endpoints with their latest deliveries. Null when missing or not allowed. */
export async function webhooksPage(ctx: DomainCtx, slug: string): Promise<WebhooksPage | null> {
  const org = await repo.orgBySlug(ctx.db, slug);
  if (!org || !canManageWebhooks(ctx.viewer, org.id)) return null;
  const rows = await repo.endpointsOfOrg(ctx.db, org.id);
  const endpoints: EndpointView[] = [];
  for (const r of rows) {
    const { messages, attempts } = await repo.logOf(ctx.db, r.id, LOG_SIZE);
    endpoints.push({
      id: r.id, url: r.url, description: r.description, events: r.events, disabledAt: r.disabled_at?.toISOString() ?? null,
      disabledReason: r.disabled_reason, failures: r.consecutive_failures, createdAt: r.created_at.toISOString(),
      log: messages.map((m) => ({
        id: m.id, eventType: m.event_type, state: m.state, createdAt: m.created_at.toISOString(),
        attempts: attempts.filter((a) => a.message_id === m.id).map((a) => ({ attempt: a.attempt, status: a.status_code, ok: a.ok, error: a.error, ms: a.duration_ms, at: a.created_at.toISOString() })),
      })),
    });
  }
  return { org, endpoints, allowPrivate: await repo.allowPrivateFor(ctx.db, org.id), allowPrivateByEnv: privateAllowedByEnv(), canTogglePrivate: canAllowPrivateWebhooks(ctx.viewer) };
}

export const endpointSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  description: z.string().trim().max(200).default(""),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "webhooks:errors.events"),
});

type Result<T = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors };

/** Org admins: registers an endpoint (HTTPS and a public address unless private ones are allowed). Returns its secret once. */
export async function createEndpoint(ctx: DomainCtx, orgId: string, input: z.infer<typeof endpointSchema>, opts: { submission?: string | null } = {}): Promise<Result<{ id: string; secret: string }> | null> {
  const viewer = ctx.viewer;
  if (!viewer || !canManageWebhooks(viewer, orgId)) return null;
  const allowPrivate = privateAllowedByEnv() || (await repo.allowPrivateFor(ctx.db, orgId));
  const shape = checkUrlShape(input.url, allowPrivate);
  if (!shape.ok) return { ok: false, errors: formError("url", `webhooks:errors.url.${shape.reason}`) };
  const resolved = await resolveEndpoint(input.url, allowPrivate);
  if (!resolved.ok) return { ok: false, errors: formError("url", `webhooks:errors.url.${resolved.reason}`) };
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  // The secret is stored encrypted (AES-256-GCM under SSO_SECRET_KEY, like SSO client secrets),
  // in the endpoint row and in the double-submit record alike: a database dump never holds it.
  // A double submit answers with the first endpoint and its secret instead of making a second one.
  const r = await ctx.db.transaction().execute((trx) => once(trx, { actor: viewer.id, form: "webhook", token: opts.submission, payload: { orgId, ...input } }, async () => {
    const sealed = encryptSecret(secret);
    const id = await repo.insertEndpoint(trx, { org_id: orgId, url: shape.url.toString(), description: input.description, secret: sealed, events: [...new Set(input.events)], created_by: viewer.id, at: ctx.now });
    await recordAudit(trx, { actorId: viewer.id, action: "webhook.created", targetType: "webhook", targetId: id, orgId, details: { url: shape.url.origin, events: input.events } });
    return { ok: true as const, id, sealed };
  }));
  return { ok: true, id: r.id, secret: openSecret(r.sealed) };
}

async function ownEndpoint(ctx: DomainCtx, orgId: string, endpointId: string) {
  if (!/^\d{1,18}$/.test(endpointId)) return null;
  const ep = await repo.endpointById(ctx.db, endpointId);
  if (!ep || ep.deleted_at || ep.org_id !== orgId || !canManageWebhooks(ctx.viewer, orgId)) return null;
  return ep;
}

/** Org admins: removes an endpoint (soft delete; nothing more is sent to it). */
export async function deleteEndpoint(ctx: DomainCtx, orgId: string, endpointId: string): Promise<boolean> {
  const ep = await ownEndpoint(ctx, orgId, endpointId);
  if (!ep) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.softDeleteEndpoint(trx, ep.id, ctx.viewer!.id, ctx.now);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "webhook.deleted", targetType: "webhook", targetId: ep.id, orgId });
  });
  return true;
}

/** Org admins: switches a switched-off endpoint on again (the failure count starts over). */
export async function enableEndpoint(ctx: DomainCtx, orgId: string, endpointId: string): Promise<boolean> {
  const ep = await ownEndpoint(ctx, orgId, endpointId);
  if (!ep) return false;
  await repo.enableEndpoint(ctx.db, ep.id, ctx.now);
  return true;
}

/** Org admins: sends a message from the log again now (same webhook-id, so receivers can de-duplicate). */
export async function redeliver(ctx: DomainCtx, orgId: string, messageId: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(messageId)) return false;
  const m = await repo.messageById(ctx.db, messageId);
  if (!m) return false;
  const ep = await ownEndpoint(ctx, orgId, m.endpoint_id);
  if (!ep || ep.disabled_at) return false;
  await requeueMessage(ctx.db, m.id, ctx.now);
  return true;
}

/** Network admins: lets (or stops) an organisation's webhooks reach private addresses (on-premises). */
export async function setPrivateAddresses(ctx: DomainCtx, orgId: string, on: boolean): Promise<boolean> {
  if (!ctx.viewer || !canAllowPrivateWebhooks(ctx.viewer)) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setAllowPrivate(trx, orgId, on, ctx.viewer!.id, ctx.now);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "webhook.private_addresses", targetType: "organisation", targetId: orgId, orgId, details: { on } });
  });
  return true;
}
