// Retrieval metrics for bench:relevance, with a paired bootstrap against a baseline.
// Ranks are 1-based positions of the one relevant document (null: not in the top 10).

export type Ranks = (number | null)[];
export type Metrics = { mrr: number; r1: number; r10: number; ndcg: number };

const inTop = (r: number | null): r is number => r !== null && r <= 10;
/** Per-query reciprocal rank and nDCG@10 (one relevant document: ideal DCG is 1). */
export const rr = (r: number | null) => (inTop(r) ? 1 / r : 0);
export const ndcg1 = (r: number | null) => (inTop(r) ? 1 / Math.log2(r + 1) : 0);

export function metrics(ranks: Ranks): Metrics {
  const n = Math.max(1, ranks.length);
  const sum = (f: (r: number | null) => number) => ranks.reduce<number>((s, r) => s + f(r), 0) / n;
  return { mrr: sum(rr), r1: sum((r) => (r === 1 ? 1 : 0)), r10: sum((r) => (inTop(r) ? 1 : 0)), ndcg: sum(ndcg1) };
}

/** A small seeded PRNG (mulberry32), so the interval is the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Paired bootstrap of the mean per-query difference f(ours) − f(base): resample queries with
 * replacement `iterations` times; returns the observed difference and the 2.5 % / 97.5 % quantiles.
 */
export function pairedBootstrap(ours: Ranks, base: Ranks, f: (r: number | null) => number, iterations = 10_000, seed = 18): { diff: number; lo: number; hi: number } {
  const d = ours.map((r, i) => f(r) - f(base[i]));
  const n = d.length;
  const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const rand = rng(seed);
  const means: number[] = [];
  for (let it = 0; it < iterations; it++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += d[Math.floor(rand() * n)];
    means.push(s / Math.max(1, n));
  }
  means.sort((a, b) => a - b);
  return { diff: mean, lo: means[Math.floor(0.025 * iterations)], hi: means[Math.floor(0.975 * iterations) - 1] };
}

/** Okapi BM25 over bags of stems (k1 1.2, b 0.75; Lucene's non-negative IDF). */
export class Bm25 {
  private readonly df = new Map<string, number>();
  private readonly avgLen: number;
  constructor(private readonly docs: { id: string; tf: Map<string, number>; len: number }[], private readonly k1 = 1.2, private readonly b = 0.75) {
    for (const d of docs) for (const t of d.tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.avgLen = docs.reduce((a, d) => a + d.len, 0) / Math.max(1, docs.length);
  }
  idf(t: string): number {
    const n = this.docs.length;
    const df = this.df.get(t) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
  /** The ids of the best `k` documents for the query's stems (ties by id, as the SQL baselines). */
  search(stems: string[], k = 10): string[] {
    const q = [...new Set(stems)];
    const scored: { id: string; s: number }[] = [];
    for (const d of this.docs) {
      let s = 0;
      for (const t of q) {
        const tf = d.tf.get(t);
        if (!tf) continue;
        s += this.idf(t) * ((tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * d.len) / this.avgLen)));
      }
      if (s > 0) scored.push({ id: d.id, s });
    }
    scored.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return scored.slice(0, k).map((x) => x.id);
  }
}
