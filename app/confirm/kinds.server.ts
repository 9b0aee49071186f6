import { attachmentsOf } from "../attachments/attachments.server";
import { listAdoptions } from "../cases/adoptions.server";
import { getCase, viewerMay } from "../cases/cases.server";
import { getThreadPage } from "../forum/page.server";
import { threadPath } from "../forum/slug";
import type { DomainCtx } from "../lib/ctx.server";
import { itemHref } from "../moderation/types";
import { getOrgAdmin } from "../orgs/members.server";
import { personToDeactivate } from "../orgs/people.server";
import { canDispose, canRemoveAdoption } from "../policy";
import { UNDO_WINDOW_MINUTES } from "../policy/undo";
import { readableTarget } from "../policy/targets.server";
import type { ConfirmFact, ConfirmKind, ConfirmView } from "./types";

// What each destructive action will do, for the viewer asking: the same read rules and
// permissions as the page that offers the button, so a confirm page never shows more than that
// page (a denied or missing item is null, which the route answers as 404).

type Params = URLSearchParams;
type Describe = (ctx: DomainCtx, p: Params) => Promise<Omit<ConfirmView, "kind"> | null>;
const id = (p: Params, k: string) => (/^\d{1,18}$/.test(p.get(k) ?? "") ? p.get(k)! : null);
const undoFact: ConfirmFact = { key: "facts.undo", params: { minutes: UNDO_WINDOW_MINUTES } };
const filesFact = (n: number): ConfirmFact[] => (n ? [{ key: "facts.files", params: { count: n } }] : []);

async function threadFiles(ctx: DomainCtx, threadId: string, postIds: string[]): Promise<number> {
  const [own, posts] = await Promise.all([attachmentsOf(ctx, "thread", [threadId]), attachmentsOf(ctx, "post", postIds)]);
  return [...own.values(), ...posts.values()].reduce((n, list) => n + list.length, 0);
}

const postsOf = (page: NonNullable<Awaited<ReturnType<typeof getThreadPage>>>) => [...(page.accepted ? [page.accepted] : []), ...page.posts];

const deleteThread: Describe = async (ctx, p) => {
  const threadId = id(p, "threadId");
  const page = threadId ? await getThreadPage(ctx, threadId) : null;
  if (!page || !page.thread.can.delete) return null;
  const posts = postsOf(page).filter((x) => !x.removed);
  const path = threadPath(page.thread);
  return {
    name: page.thread.title,
    facts: [{ key: "facts.threadHidden" }, { key: "facts.answers", params: { count: posts.length } }, ...filesFact(await threadFiles(ctx, page.thread.id, posts.map((x) => x.id))), undoFact],
    action: path, fields: { intent: "deleteThread" }, cancelTo: path,
  };
};

const deletePost: Describe = async (ctx, p) => {
  const threadId = id(p, "threadId");
  const postId = id(p, "postId");
  const page = threadId && postId ? await getThreadPage(ctx, threadId) : null;
  const post = page ? postsOf(page).find((x) => x.id === postId && x.can.delete) : undefined;
  if (!page || !post) return null;
  const files = (await attachmentsOf(ctx, "post", [post.id])).get(post.id)?.length ?? 0;
  const path = threadPath(page.thread);
  return {
    name: `#${post.number} · ${post.author.name} · ${page.thread.title}`,
    facts: [{ key: "facts.postHidden" }, ...(post.accepted ? [{ key: "facts.acceptedCleared" }] : []), ...filesFact(files), undoFact],
    action: path, fields: { intent: "deletePost", postId: post.id }, cancelTo: `${path}#p${post.number}`,
  };
};

const caseFor = async (ctx: DomainCtx, p: Params) => {
  const caseId = id(p, "caseId");
  return caseId ? getCase(ctx, caseId) : null;
};

const deleteCase: Describe = async (ctx, p) => {
  const c = await caseFor(ctx, p);
  if (!c || !viewerMay(ctx.viewer, c).edit) return null;
  const [adoptions, files] = await Promise.all([listAdoptions(ctx, c.id), attachmentsOf(ctx, "case", [c.id])]);
  const path = `/cases/${c.id}-${c.slug}`;
  return {
    name: c.title,
    facts: [{ key: "facts.caseHidden" }, ...(adoptions.length ? [{ key: "facts.adoptions", params: { count: adoptions.length } }] : []), ...filesFact(files.get(c.id)?.length ?? 0), undoFact],
    action: path, fields: { intent: "delete" }, cancelTo: path,
  };
};

const removeAdoption: Describe = async (ctx, p) => {
  const c = await caseFor(ctx, p);
  const adoptionId = id(p, "adoptionId");
  if (!c || !adoptionId) return null;
  const scope = { orgId: c.org.id, visibility: c.visibility, sharedOrgIds: c.sharedOrgIds, state: c.state, hiddenAt: null, deletedAt: null };
  const a = (await listAdoptions(ctx, c.id)).find((x) => x.id === adoptionId && canRemoveAdoption(ctx.viewer, scope, { orgId: x.org.id, createdBy: x.createdBy }));
  if (!a) return null;
  const path = `/cases/${c.id}-${c.slug}`;
  return {
    name: `${a.org.name} · ${c.title}`,
    facts: [{ key: "facts.adoptionRemoved", params: { org: a.org.name } }, { key: "facts.adoptionAgain" }],
    action: path, fields: { intent: "removeAdoption", adoption_id: a.id }, cancelTo: `${path}#adoptions-heading`,
  };
};

const TARGET_TYPES = ["thread", "post", "case"] as const;

const dispose: Describe = async (ctx, p) => {
  const type = TARGET_TYPES.find((t) => t === p.get("targetType"));
  const targetId = id(p, "targetId");
  if (!canDispose(ctx.viewer) || !type || !targetId) return null;
  const t = await readableTarget(ctx, type, targetId);
  if (!t) return null;
  let answers = 0;
  let files = 0;
  const discussionId = type === "case" ? (await getCase(ctx, t.id))?.discussionThreadId ?? null : null;
  const threadId = type === "thread" ? t.id : discussionId;
  if (threadId) {
    const page = await getThreadPage(ctx, threadId);
    const posts = page ? postsOf(page) : [];
    answers = posts.length;
    files += await threadFiles(ctx, threadId, posts.map((x) => x.id));
  }
  if (type !== "thread") files += (await attachmentsOf(ctx, type, [t.id])).get(t.id)?.length ?? 0;
  const href = itemHref(t);
  return {
    name: t.title,
    facts: [
      { key: `facts.dispose_${type}`, params: { org: t.orgName, author: t.authorName } },
      ...(type !== "post" ? [{ key: "facts.answers", params: { count: answers } }] : []),
      ...filesFact(files),
      { key: "facts.disposeFinal" },
    ],
    action: "/mod/act", fields: { intent: "dispose", targetType: type, targetId: t.id, redirectTo: href }, cancelTo: href, decisionRef: true,
  };
};

const deactivate: Describe = async (ctx, p) => {
  const userId = id(p, "userId");
  const person = userId ? await personToDeactivate(ctx, userId) : null;
  if (!person) return null;
  return {
    name: `${person.name} (${person.email})`,
    facts: [{ key: "facts.deactivateSessions" }, { key: "facts.deactivateContent" }, { key: "facts.deactivateUndo" }],
    action: "/admin/people", fields: { intent: "deactivate", userId: person.id, deactivate: "1" }, cancelTo: "/admin/people",
  };
};

const removeMember: Describe = async (ctx, p) => {
  const slug = p.get("slug") ?? "";
  const userId = id(p, "userId");
  if (!/^[a-z0-9-]{1,80}$/.test(slug) || !userId) return null;
  const admin = await getOrgAdmin(ctx, slug);
  const m = admin.members.find((x) => x.id === userId);
  if (!m) return null;
  const path = `/orgs/${admin.org.slug}/admin`;
  return {
    name: `${m.name} (${m.email})`,
    facts: [{ key: "facts.memberRemoved", params: { org: admin.org.name } }, { key: "facts.memberSessions" }, { key: "facts.memberAgain" }],
    action: path, fields: { intent: "remove", userId: m.id }, cancelTo: path,
  };
};

const KINDS: Record<ConfirmKind, Describe> = { deleteThread, deletePost, deleteCase, removeAdoption, dispose, deactivate, removeMember };

/** Anyone: what `kind` would do with these parameters, or null when the viewer may not do it. */
export async function describeConfirm(ctx: DomainCtx, kind: ConfirmKind, params: Params): Promise<ConfirmView | null> {
  const view = await KINDS[kind](ctx, params);
  return view ? { kind, ...view } : null;
}
