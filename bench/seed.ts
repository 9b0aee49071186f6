// npm run bench:seed [-- --threads 100000 --posts-per-thread 10 --text uniform|zipf] [-- --dataset file.json]
//                    [-- --cases 5000 --searches 100000 --flags 3000]  (the /insights step, bench/insights-seed.ts)
// Bulk-loads a benchmark forum into DATABASE_URL (or the embedded bench server, .data/bench-pg):
//  * synthetic (default): 100,000 threads × 10 posts (1,000,000 posts) plus one thread with 100
//    replies, generated inside PostgreSQL with INSERT … SELECT (minutes, not hours). Text is drawn
//    uniformly from ~150 words (every word in about a third of the documents), or with --text zipf
//    from ~2,500 Swedish and English words with Zipf-like frequencies plus function words, as
//    real text (and ../shared/bench/forum-dataset-gen.js) has: a few words in a quarter of the
//    documents, hundreds in 1–5 %, most in well under 1 %;
//  * --dataset: the shared deterministic dataset (../shared/bench/forum-dataset-gen.js output),
//    so the product can be compared with the reference forum on the same data. Its topics are
//    public (`--visibility public`, the default), as on the reference forum, whose guests read
//    and search them; `--visibility network` makes them members-only.
// Then run `npm run search:reindex` to build the search index for it.
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../db/seed";
import { renderMarkdown, RENDERER_VERSION } from "../app/lib/markdown.server";
import { benchDatabase } from "./lib";
import { seedInsights } from "./insights-seed";

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

const VOCAB = (
  "ai chattbot kundtjänst kundtjänstärenden upphandling upphandlingsprocessen inköp avtal leverantör " +
  "rekrytering hr personal medarbetare chef ledning policy riktlinjer promptar prompt copilot språkmodell " +
  "gdpr personuppgifter dataskydd konsekvensbedömning dpia informationssäkerhet klassning sekretess " +
  "transkribering mötesanteckningar protokoll nämnd kommunstyrelse handläggning ärende ärenden beslut " +
  "medborgare invånare e-tjänst växel telefoni svarstider kö bibliotek skola elever lärare äldreomsorg " +
  "hemtjänst socialtjänst bygglov detaljplan samhällsbyggnad it-avdelning molntjänst licens kostnad " +
  "pilot utvärdering resultat tidsbesparing kvalitet risk ansvar transparens etik förordning ai-förordningen " +
  "lou direktupphandling ramavtal anbud kravspecifikation testa införa utbilda ambassadör nätverk region " +
  "kommun samverkan erfarenhet lärdomar exempel fungerar problem lösning data källor dokument sammanfattning " +
  "remiss remissvar yttrande granskning kontroll uppföljning mätning timmar månad vecka förslag fråga svar " +
  "the and of to model assistant procurement customer service meeting minutes pilot evaluation"
).split(" ");

// --text zipf: function words (45 % of the words, 25 % in titles) and content words, each picked
// with probability falling off as 1/(rank + 16), the head flattened as in the shared generator.
const FUNCTION_WORDS = (
  "och att det som en på är för med till av inte den har de om ett men var jag så vi kan ska från eller när " +
  "också bara sedan efter alla hur vad där här mycket mer nu redan får många andra vår våra ni the and of to " +
  "a in is it for on with that this we are be as at not by our have from can will"
).split(" ");
const BASE_WORDS = (
  VOCAB.join(" ") + " " +
  "anställda arbetsgivare arbetsmiljö avdelning behov beslutsstöd bemanning besök bibliotekarie budgetering " +
  "digitalisering diarieföring dokumenthantering effekt enhet ersättning e-post förvaltare förändring genomförande " +
  "handläggare hemsida information inköpare insats integration invånardialog it-stöd juridik kartläggning " +
  "kommunikation kompetens kontaktcenter kostnadsberäkning kunskap kvalitetssäkring leverans licensavtal " +
  "ledningsgrupp målgrupp medborgardialog miljö modell nämndsekreterare omvärldsbevakning organisation " +
  "planering politiker process projekt prototyp rapport rekryteringsprocess rutin samordning samråd " +
  "sjukfrånvaro skolförvaltning socialsekreterare statistik strategi styrning stöd system taltjänst " +
  "telefonväxel tillgänglighet tjänstedesign utbildning utredning verksamhet verktyg visualisering " +
  "webbplats äldreboende ärendehantering öppenhet översättning chatbot assistant workflow dashboard " +
  "transcription summary translation accessibility privacy security governance compliance vendor contract " +
  "tender budget training workshop roadmap backlog feedback survey interview citizen municipality agency"
).split(" ");
const PREFIXES = (
  "kund medborgar ärende avtal upphandlings personal löne besluts doku informations säkerhets data " +
  "system process projekt tjänste service skol vård omsorgs bygg miljö plan kommun region förvaltnings " +
  "verksamhets utbildnings kvalitets risk kostnads budget leverantörs inköps arkiv diarie protokoll " +
  "mötes telefon chatt språk text bild röst analys rapport"
).split(" ");
const SUFFIXES = (
  "tjänst ärende avtal process system stöd plan rutin mall policy modell verktyg analys rapport " +
  "granskning uppföljning hantering ansvar beslut möte underlag förslag krav kostnad budget risk " +
  "utbildning samverkan strategi nätverk portal flöde register arkiv handling kontroll enhet grupp " +
  "funktion översyn mätning lösning"
).split(" ");

/** About 2,500 content words (base words and two-part compounds), in a seeded random order. */
function zipfVocabulary(): string[] {
  const words = [...new Set([...BASE_WORDS, ...PREFIXES.flatMap((a) => SUFFIXES.map((b) => a + b))])].filter(Boolean);
  let seed = 20261123;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  return words;
}

type Text = "uniform" | "zipf";

/** SQL for one random word: uniform over VOCAB (`v.w`), or Zipf-like over `v.f` / `v.c` with `fn` function words. */
function wordSql(text: Text, fn: number) {
  if (text === "uniform") return sql`v.w[1 + floor(random() * array_length(v.w, 1))::int]`;
  const zipf = (arr: string) => sql`${sql.ref(arr)}[(floor(exp(ln(16) + random() * (ln(array_length(${sql.ref(arr)}, 1) + 16) - ln(16)))) - 15)::int]`;
  return sql`CASE WHEN random() < ${fn} THEN ${zipf("v.f")} ELSE ${zipf("v.c")} END`;
}

const vocabCte = (text: Text) =>
  text === "uniform" ? sql`v AS (SELECT ${VOCAB}::text[] AS w)` : sql`v AS (SELECT ${FUNCTION_WORDS}::text[] AS f, ${zipfVocabulary()}::text[] AS c)`;

async function synthetic(db: Awaited<ReturnType<typeof benchDatabase>>["db"], threads: number, perThread: number, text: Text) {
  const t0 = Date.now();
  await sql`SET synchronous_commit = off`.execute(db);
  await sql`SELECT setseed(0.42)`.execute(db);
  const startId = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) AS n FROM threads`.execute(db)).rows[0].n) + 1;
  console.log(`inserting ${threads} threads …`);
  await sql`
    WITH ${vocabCte(text)},
    u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users),
    o AS (SELECT array_agg(id ORDER BY id) AS ids FROM organisations)
    INSERT INTO threads (kind, title, slug, body_md, body_html, renderer_version, org_id, visibility, author_id,
                         reply_count, last_activity_at, created_at, updated_at)
    SELECT CASE WHEN g % 3 = 0 THEN 'discussion' ELSE 'question' END,
           initcap(t.txt), 'trad-' || g, b.txt, '<p>' || b.txt || '</p>', ${RENDERER_VERSION},
           o.ids[1 + (g % array_length(o.ids, 1))],
           CASE WHEN g % 20 < 3 THEN 'organisation' WHEN g % 20 < 6 THEN 'public' ELSE 'network' END,
           u.ids[1 + (g % array_length(u.ids, 1))],
           ${perThread}, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval - interval '1 day',
           now() - (g || ' minutes')::interval
    FROM generate_series(1, ${threads}) g, v, u, o,
    LATERAL (SELECT array_to_string(ARRAY(SELECT ${wordSql(text, 0.25)}
                                          FROM generate_series(1, 5 + g % 5) WHERE g IS NOT NULL), ' ') AS txt) t,
    LATERAL (SELECT array_to_string(ARRAY(SELECT ${wordSql(text, 0.45)}
                                          FROM generate_series(1, 40 + g % 40) WHERE g IS NOT NULL), ' ') AS txt) b
  `.execute(db);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; inserting ${threads * perThread} posts …`);
  await sql`
    WITH ${vocabCte(text)},
    u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
    INSERT INTO posts (thread_id, number, author_id, body_md, body_html, renderer_version, votes, created_at, updated_at)
    SELECT ${startId}::bigint + (g % ${threads}), (g / ${threads}) + 1, u.ids[1 + ((g * 7) % array_length(u.ids, 1))],
           b.txt, '<p>' || b.txt || '</p>', ${RENDERER_VERSION}, (g % 5), now() - (g % 100000 || ' minutes')::interval,
           now() - (g % 100000 || ' minutes')::interval
    FROM generate_series(0, ${threads * perThread - 1}) g, v, u,
    LATERAL (SELECT array_to_string(ARRAY(SELECT ${wordSql(text, 0.45)}
                                          FROM generate_series(1, 20 + g % 60) WHERE g IS NOT NULL), ' ') AS txt) b
  `.execute(db);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; tagging …`);
  await sql`
    INSERT INTO thread_tags (thread_id, tag_id)
    SELECT t.id, tg.ids[1 + ((t.id * k) % array_length(tg.ids, 1))]
    FROM threads t, (SELECT array_agg(id ORDER BY id) AS ids FROM tags WHERE merged_into_id IS NULL) tg, generate_series(1, 2) k
    WHERE t.id >= ${startId} AND array_length(tg.ids, 1) > 0
    ON CONFLICT DO NOTHING
  `.execute(db);
  // One network-visible question with exactly 100 replies, for the thread page benchmark.
  await sql`
    WITH t AS (
      INSERT INTO threads (kind, title, slug, body_md, body_html, renderer_version, org_id, visibility, author_id, reply_count)
      SELECT 'question', 'Benchmark: tråd med hundra svar om AI i kundtjänst', 'benchmark-hundra-svar',
             'Hur har ni infört en **chattbot** i kundtjänsten?', '<p>Hur har ni infört en <strong>chattbot</strong> i kundtjänsten?</p>',
             ${RENDERER_VERSION}, (SELECT min(id) FROM organisations), 'network', (SELECT min(id) FROM users), 100
      RETURNING id)
    INSERT INTO posts (thread_id, number, author_id, body_md, body_html, renderer_version, votes)
    SELECT t.id, n, (SELECT array_agg(id ORDER BY id) FROM users)[1 + n % 30],
           'Svar nummer ' || n || ': vi började med en pilot i växeln och mätte svarstider före och efter.',
           '<p>Svar nummer ' || n || ': vi började med en pilot i växeln och mätte svarstider före och efter.</p>',
           ${RENDERER_VERSION}, n % 7
    FROM t, generate_series(1, 100) n
  `.execute(db);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; analyze …`);
  await sql`ANALYZE`.execute(db);
  console.log(`synthetic load done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

type Dataset = {
  users: { username: string }[];
  tags: string[];
  topics: { title: string; authorIndex: number; tags: string[]; ts: number; posts: { authorIndex: number; ts: number; content: string }[] }[];
};

async function dataset(db: Awaited<ReturnType<typeof benchDatabase>>["db"], file: string, visibility: "public" | "network") {
  const t0 = Date.now();
  const data = JSON.parse(readFileSync(file, "utf8")) as Dataset;
  const orgs = await db.selectFrom("organisations").select("id").orderBy("id").execute();
  const userIds: string[] = [];
  for (const [i, u] of data.users.entries()) {
    const org = orgs[i % orgs.length].id;
    const row = await db
      .insertInto("users")
      .values({ email: `${u.username}@bench.invalid`, handle: `bench-${u.username}`, name: u.username, primary_org_id: org, locale: null, password_hash: null, network_role: null, email_verified_at: new Date(), deactivated_at: null })
      .onConflict((oc) => oc.column("handle").doUpdateSet({ name: u.username }))
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("memberships").values({ user_id: row.id, org_id: org, role: "member" }).onConflict((oc) => oc.doNothing()).execute();
    userIds.push(row.id);
  }
  const tagIds = new Map<string, string>();
  for (const name of data.tags) {
    const slug = name.toLowerCase().replace(/[^a-z0-9åäö]+/g, "-");
    const row = await sql<{ id: string }>`
      INSERT INTO tags (slug, name_sv, name_en, area) VALUES (${slug}, ${name}, ${name}, 'it')
      ON CONFLICT (slug) DO UPDATE SET name_sv = tags.name_sv RETURNING id`.execute(db);
    tagIds.set(name, row.rows[0].id);
  }
  for (const [i, topic] of data.topics.entries()) {
    const [first, ...replies] = topic.posts;
    const last = topic.posts.at(-1)!.ts;
    const thread = await sql<{ id: string }>`
      INSERT INTO threads (kind, title, slug, body_md, body_html, renderer_version, org_id, visibility, author_id, reply_count,
                           last_activity_at, created_at, updated_at)
      VALUES ('discussion', ${topic.title.slice(0, 150)}, ${"dataset-" + i}, ${first.content}, ${renderMarkdown(first.content)}, ${RENDERER_VERSION},
              ${orgs[i % orgs.length].id}, ${visibility}, ${userIds[topic.authorIndex]}, ${replies.length},
              ${new Date(last)}, ${new Date(topic.ts)}, ${new Date(last)})
      RETURNING id`.execute(db);
    const id = thread.rows[0].id;
    for (const [n, p] of replies.entries()) {
      await sql`INSERT INTO posts (thread_id, number, author_id, body_md, body_html, renderer_version, created_at, updated_at)
                VALUES (${id}, ${n + 1}, ${userIds[p.authorIndex]}, ${p.content}, ${renderMarkdown(p.content)}, ${RENDERER_VERSION}, ${new Date(p.ts)}, ${new Date(p.ts)})`.execute(db);
    }
    for (const tg of topic.tags) {
      const tagId = tagIds.get(tg);
      if (tagId) await sql`INSERT INTO thread_tags (thread_id, tag_id) VALUES (${id}, ${tagId}) ON CONFLICT DO NOTHING`.execute(db);
    }
    if (i % 200 === 0) process.stdout.write(`\r  ${i}/${data.topics.length} topics`);
  }
  await sql`ANALYZE`.execute(db);
  console.log(`\ndataset loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const { db, url, stop } = await benchDatabase();
try {
  await migrateToLatest(db, undefined, url);
  await seed(db, { demo: true });
  const file = arg("dataset", "");
  const visibility = arg("visibility", "public");
  if (visibility !== "public" && visibility !== "network") throw new Error("--visibility must be public or network");
  if (file) await dataset(db, file, visibility);
  else {
    const text = arg("text", "uniform");
    if (text !== "uniform" && text !== "zipf") throw new Error("--text must be uniform or zipf");
    await synthetic(db, Number(arg("threads", "100000")), Number(arg("posts-per-thread", "10")), text);
  }
  // Cases, adoptions, searches and flags at scale for /insights (bench/insights.ts).
  await seedInsights(db, { cases: Number(arg("cases", "5000")), searches: Number(arg("searches", "100000")), flags: Number(arg("flags", "3000")) });
  const counts = await sql<{ t: string; p: string }>`SELECT (SELECT count(*) FROM threads) t, (SELECT count(*) FROM posts) p`.execute(db);
  console.log(`database now holds ${counts.rows[0].t} threads and ${counts.rows[0].p} posts`);
} finally {
  await stop();
}
