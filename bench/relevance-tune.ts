// npm run bench:relevance -- tuning: runs the SweFAQ dev split under several ranking settings in one
// database (bench/relevance.ts main(configs)). Dev split only; the figures go to the decision record.
import { RANKING } from "../search/postgres/rank";
import { main } from "./relevance";

const base = { ...RANKING };
const set = (o: Partial<typeof RANKING>) => () => Object.assign(RANKING, base, o);
await main([
  { label: "current", apply: set({}) },
  { label: "lengthNorm 0", apply: set({ lengthNorm: 0 }) },
  { label: "lengthNorm 2", apply: set({ lengthNorm: 2 }) },
  { label: "lengthNorm 8", apply: set({ lengthNorm: 8 }) },
  { label: "lengthNorm 16", apply: set({ lengthNorm: 16 }) },
  { label: "exactForms 0", apply: set({ exactForms: 0 }) },
  { label: "exactForms 0.5", apply: set({ exactForms: 0.5 }) },
  { label: "strictBonus 0", apply: set({ strictBonus: 0 }) },
  { label: "weights title 1.0", apply: set({ weights: "{0.3, 0.4, 0.5, 1.0}" }) },
  { label: "weights flat", apply: set({ weights: "{0.5, 0.5, 0.5, 0.5}" }) },
]);
