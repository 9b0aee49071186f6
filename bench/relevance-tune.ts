// npm run bench:relevance -- tuning: runs the SweFAQ dev split under several ranking settings in one
// database (bench/relevance.ts main(configs)). Dev split only; the figures go to the decision record.
import { RANKING } from "../search/postgres/rank";
import { main } from "./relevance";

const base = { ...RANKING };
const set = (o: Partial<typeof RANKING>) => () => Object.assign(RANKING, base, o);
await main([
  { label: "current", apply: set({}) },
  { label: "no 4-gram re-ranking (grams 0)", apply: set({ grams: 0 }) },
  { label: "grams 0.5", apply: set({ grams: 0.5 }) },
  { label: "grams 0.6", apply: set({ grams: 0.6 }) },
  { label: "grams 0.8", apply: set({ grams: 0.8 }) },
  { label: "grams 1.0 (grams alone)", apply: set({ grams: 1 }) },
  { label: "gramsTop 30", apply: set({ gramsTop: 30 }) },
  { label: "gramsTop 300", apply: set({ gramsTop: 300 }) },
  { label: "lengthNorm 0", apply: set({ lengthNorm: 0 }) },
  { label: "strictBonus 0", apply: set({ strictBonus: 0 }) },
]);
