// Swedish compound test set (query → a document word it must find), shared by the compound test
// and the relevance benchmark's compound measurement. Head: the query is the compound's first
// part; tail: the query is its last part (found through splitting at index time).
export const COMPOUND_CASES: { query: string; word: string; where: "head" | "tail" }[] = [
  { query: "upphandling", word: "upphandlingsprocessen", where: "head" },
  { query: "kundtjänst", word: "kundtjänstärenden", where: "head" },
  { query: "personal", word: "personalhandboken", where: "head" },
  { query: "möte", word: "mötesanteckningarna", where: "head" },
  { query: "språkmodell", word: "språkmodellsleverantörer", where: "head" },
  { query: "bygglov", word: "bygglovsansökningar", where: "head" },
  { query: "ärenden", word: "kundtjänstärenden", where: "tail" },
  { query: "processen", word: "upphandlingsprocessen", where: "tail" },
  { query: "anteckningar", word: "mötesanteckningar", where: "tail" },
  { query: "tjänster", word: "molntjänster", where: "tail" },
  { query: "avtal", word: "ramavtal", where: "tail" },
  { query: "handläggning", word: "ärendehandläggning", where: "tail" },
];
