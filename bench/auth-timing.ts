// npm run bench:auth-timing [-- --n 200 --url http://127.0.0.1:3000]
// Enumeration oracle check: times N requests each for an existing and an unknown address on
// login (wrong password), sign-up and password reset, interleaved, and prints medians and p95
// side by side, with the statuses and whether the normalised bodies are identical.
// Without --url it starts the production build (npm run build first) with TRUST_PROXY=1 on the
// bench database. With --url, DATABASE_URL must be that server's database and the server must
// run with TRUST_PROXY=1: every request comes from its own X-Forwarded-For address and every
// address is used once, so no rate limit is reached (a 429 in the table means one was).
import { randomBytes } from "node:crypto";
import { benchDatabase, fmt, percentile, startServer } from "./lib";
import { migrateToLatest } from "../db/migrate";
import { seedIfEmpty } from "../db/seed";
import { hashPassword } from "../app/auth/password.server";
import { createAccount } from "../app/auth/accounts.server";

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const N = Number(arg("n", "200"));
const given = args.includes("--url") ? arg("url", "") : null;

const { db, url: dbUrl, stop: stopDb } = await benchDatabase();
await migrateToLatest(db, undefined, dbUrl);
await seedIfEmpty(db, { demo: true });
const org = (await db.selectFrom("organisations").select(["id", "email_domains"]).orderBy("id").execute()).find((o) => o.email_domains.length > 0);
if (!org) throw new Error("No organisation with an e-mail domain in the bench database");
const domain = org.email_domains[0];
const run = randomBytes(4).toString("hex");
const existing = Array.from({ length: N }, (_, i) => `timing.${run}.${i}@${domain}`);
const unknown = Array.from({ length: N }, (_, i) => `ghost.${run}.${i}@${domain}`);
const passwordHash = await hashPassword("bench-password-not-used-1");
for (const email of existing) {
  await db.transaction().execute((trx) => createAccount(trx, { email, name: "Timing Bench", passwordHash, orgId: org.id, role: "member", locale: "sv" }));
}

if (!given) process.env.TRUST_PROXY = "1";
const server = given ? null : await startServer(dbUrl, 3800 + Math.floor(Math.random() * 90));
const base = (given ?? server!.url).replace(/\/$/, "");
let ipSeq = 0;
const nextIp = () => {
  ipSeq++;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
};

type Sample = { ms: number; status: number; body: string };
async function post(path: string, fields: Record<string, string>, email: string): Promise<Sample> {
  const t0 = performance.now();
  const res = await fetch(base + path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "X-Forwarded-For": nextIp(), "Accept-Language": "sv" },
    body: new URLSearchParams(fields),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  // The same page for both kinds once the address itself and the per-response nonce are masked.
  const body = text.replaceAll(email, "EMAIL").replaceAll(encodeURIComponent(email), "EMAIL").replace(/nonce="[^"]*"|'nonce-[^']*'/g, "NONCE");
  return { ms, status: res.status, body };
}

const flows: Record<string, (email: string, i: number) => Promise<Sample>> = {
  login: (email) => post("/login", { email, password: "wrong-password-for-timing" }, email),
  signup: (email, i) => post("/signup", { email, name: "Timing Bench", password: `ett eget långt lösenord ${run} ${i}` }, email),
  reset: (email) => post("/reset", { email }, email),
};

const summary = (xs: Sample[]) => {
  const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
  const statuses = [...new Set(xs.map((x) => x.status))].join("/");
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), statuses };
};

try {
  // Warm up (JIT, argon2 pool, connection pool) with throw-away addresses.
  for (let i = 0; i < 10; i++) for (const f of Object.values(flows)) await f(`warm.${run}.${i}@${domain}`, -i);
  console.log(`auth timing against ${base}: N=${N} per kind, interleaved, one request at a time`);
  console.log(`flow     existing p50/p95 (ms)   unknown p50/p95 (ms)   Δp50    statuses (existing | unknown)   bodies identical`);
  for (const [name, flow] of Object.entries(flows)) {
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < N; i++) {
      // Alternate which kind goes first so drift cannot favour one side.
      if (i % 2) { a.push(await flow(existing[i], i)); b.push(await flow(unknown[i], i)); }
      else { b.push(await flow(unknown[i], i)); a.push(await flow(existing[i], i)); }
    }
    const sa = summary(a);
    const sb = summary(b);
    const sameBodies = a.filter((x, i) => x.body === b[i].body && x.status === b[i].status).length;
    console.log(
      `${name.padEnd(8)} ${fmt(sa.p50).padStart(8)} / ${fmt(sa.p95).padEnd(12)} ${fmt(sb.p50).padStart(8)} / ${fmt(sb.p95).padEnd(12)} ${fmt(sa.p50 - sb.p50).padStart(6)}   ${sa.statuses.padEnd(12)} | ${sb.statuses.padEnd(14)}  ${sameBodies}/${N}`,
    );
  }
} finally {
  await server?.stop();
  await stopDb();
}
