// Small, pure helpers for forgiving matching: folding å/ä/ö (and é/ü/æ/ø) and an edit distance
// with adjacent transpositions. Used by the engine's corrections and by typed filter values.

export const FOLD_FROM = "åäöéüæø";
export const FOLD_TO = "aaoeuao";
export const fold = (w: string) => [...w].map((c) => { const i = FOLD_FROM.indexOf(c); return i >= 0 ? FOLD_TO[i] : c; }).join("");

/** Lower-case, folded, letters and digits only: "Gävle kommun" → "gavlekommun". */
export const loose = (s: string) => fold(s.normalize("NFC").toLowerCase()).replace(/[^\p{L}\p{N}]+/gu, "");

/** Optimal string alignment distance (an adjacent transposition costs 1). */
export function osaDistance(a: string, b: string): number {
  const A = [...a], B = [...b];
  const d: number[][] = Array.from({ length: A.length + 1 }, (_, i) => [i, ...Array(B.length).fill(0)]);
  for (let j = 0; j <= B.length; j++) d[0][j] = j;
  for (let i = 1; i <= A.length; i++) {
    for (let j = 1; j <= B.length; j++) {
      const cost = A[i - 1] === B[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[A.length][B.length];
}

/** Up to `n` labels closest to `value` (loosely compared; within 3 edits or sharing a prefix of 3). */
export function closest(value: string, labels: string[], n = 3): string[] {
  const v = loose(value);
  return [...new Set(labels)]
    .map((l) => ({ l, d: osaDistance(v, loose(l).slice(0, Math.max(v.length, 1) + 2)), p: loose(l).startsWith(v.slice(0, 3)) }))
    .filter((x) => x.d <= 3 || x.p)
    .sort((a, b) => a.d - b.d || (a.l < b.l ? -1 : 1))
    .slice(0, n)
    .map((x) => x.l);
}
