import { sql } from "kysely";
import type { DB } from "../../client";
import { recordSearchChange } from "../../../search/outbox";

// About fifteen realistic case studies from the network's organisations, in every status, some
// adopted by others and a few visible to their organisation only. Idempotent (skips a case whose
// organisation already has one with the same slug); tags are attached when the forum's tags exist.

type Adopt = { org: string; by: string; status: "adopted" | "trying"; on: string; note: string };
type SeedCase = {
  org: string; author: string; contact: string; visibility: "public" | "network" | "organisation"; shareWith?: string[];
  title: string; slug: string; summary: string; department: string; partners?: string[]; suppliers: string;
  area: string; techniques: string[]; tool: string; status: string; start: string | null; updated: string; reviewBy: string;
  problem: string; approach: string; outcomes: string; figures?: [string, number, string][];
  evaluated: "no" | "own_followup" | "formal"; method?: string; lessons: string;
  personalData: boolean; dpia: boolean | null; risk: string; classification: string; oversight: string;
  dataUsed: string; reuse: string; mailbox?: string; links?: [string, string][]; adoptions?: Adopt[];
};

export const CASES: SeedCase[] = [
  {
    org: "gavle", author: "lina.ostman", contact: "lina.ostman", visibility: "public", title: "AI-receptionist i växeln", slug: "ai-receptionist-i-vaxeln",
    summary: "En röstassistent svarar i kommunens växel, förstår vad den som ringer vill och kopplar till rätt verksamhet. Kötiden har halverats och växelns personal hinner med de svåra samtalen.",
    department: "Kontaktcenter Gävle", partners: ["rise"], suppliers: "Upphandlad talplattform via Adda ramavtal; språkmodell driftad inom EU.",
    area: "customer_service", techniques: ["speech", "chatbot_assistant"], tool: "Talbaserad växelassistent", status: "production", start: "2024-09-01", updated: "2026-09-15", reviewBy: "2027-03-31",
    problem: "Växeln tar emot runt 1 200 samtal om dagen. Två av tre gäller att bli kopplad till en verksamhet eller en person, och vid toppar var kötiden över tio minuter.",
    approach: "Den som ringer säger med egna ord vad ärendet gäller. Assistenten tolkar talet, frågar vid behov en följdfråga och kopplar till rätt funktion enligt kommunens katalog. Den som vill kan alltid säga \"människa\" och kopplas direkt till en växeltelefonist. Inga samtal spelas in; bara anonymiserad statistik sparas.",
    outcomes: "Kötiden har gått från i snitt 6 minuter till under 3. Felkopplingarna minskade efter att vi lade till synonymer för förvaltningarnas namn.",
    figures: [["Genomsnittlig kötid", 2.8, "minuter"], ["Samtal som kopplas automatiskt", 64, "procent"], ["Frigjord tid i växeln", 120, "timmar/månad"]],
    evaluated: "own_followup", method: "Jämförelse av kötider och felkopplingar tre månader före och efter, samt en enkät till 400 uppringare.",
    lessons: "Dialekter och bakgrundsljud gav fler fel än vi trodde i början. Att alltid kunna nå en människa var avgörande för förtroendet. Vi underskattade arbetet med att hålla katalogen aktuell.",
    personalData: true, dpia: true, risk: "limited", classification: "K2 (intern)", oversight: "Växeltelefonister följer upp felkopplingar varje vecka och justerar katalogen.",
    dataUsed: "Kommunens verksamhetskatalog och anonymiserad samtalsstatistik.", reuse: "Katalogmall, dialogflöde och kravspecifikation finns att dela. Räkna med cirka 200 timmars införande.",
    mailbox: "kontaktcenter@gavle.se", links: [["Kommunens pressmeddelande", "https://www.gavle.se"]],
    adoptions: [
      { org: "sandviken", by: "erik.dahl", status: "adopted", on: "2025-11-10", note: "Vi använder samma dialogflöde med vår egen katalog." },
      { org: "hudiksvall", by: "nils.backstrom", status: "trying", on: "2026-08-20", note: "Pilot i kontaktcentret under hösten." },
    ],
  },
  {
    org: "region-gavleborg", author: "karin.lindqvist", contact: "ali.hassan", visibility: "network", title: "Sammanfattning av remissvar med språkmodell", slug: "sammanfattning-av-remissvar",
    summary: "En språkmodell sammanställer inkomna remissvar per fråga och markerar avvikande synpunkter, så att handläggaren får en första översikt på en timme i stället för en vecka.",
    department: "Regionstyrelsens förvaltning, kansliet", partners: ["rise"], suppliers: "Språkmodell via regionens avtal; egen promptmall.",
    area: "internal_admin", techniques: ["generative_llm"], tool: "Intern AI-assistent med dokumentstöd", status: "pilot", start: "2025-10-01", updated: "2026-10-20", reviewBy: "2027-04-30",
    problem: "Större remisser ger 40–80 svar på många sidor. Att läsa in och sammanställa dem tar en handläggare flera dagar, och risken finns att enskilda synpunkter missas.",
    approach: "Svaren laddas upp som PDF. Modellen sammanfattar varje svar per remissfråga med citat och sidhänvisning, och gör sedan en översikt över samstämmiga och avvikande synpunkter. Handläggaren läser alltid originalen för de synpunkter som går vidare i beslutsunderlaget.",
    outcomes: "Första översikten tar ungefär en timme. Handläggarna upplever att de hittar de avvikande synpunkterna snabbare.",
    figures: [["Tid till första översikt", 1, "timme"], ["Remisser i piloten", 6, "st"]],
    evaluated: "formal", method: "RISE jämförde modellens sammanställningar med handläggarnas för tre remisser (precision och missade synpunkter).",
    lessons: "Modellen tappade ibland synpunkter i långa bilagor, därför krävs sidhänvisningar och stickprov. Citat gör granskningen mycket snabbare.",
    personalData: false, dpia: null, risk: "minimal", classification: "Öppen (allmänna handlingar)", oversight: "Handläggaren ansvarar för beslutsunderlaget och kontrollerar alla citat.",
    dataUsed: "Inkomna remissvar (allmänna handlingar).", reuse: "Promptmallen och granskningschecklistan. Fungerar med de flesta språkmodeller som kan läsa PDF.",
    mailbox: "kansliet@regiongavleborg.se",
    adoptions: [
      { org: "gavle", by: "eva.sjoberg", status: "adopted", on: "2026-05-04", note: "Används för översiktsplanens remiss." },
      { org: "soderhamn", by: "david.andersson", status: "trying", on: "2026-09-01", note: "" },
    ],
  },
  {
    org: "gavle", author: "eva.sjoberg", contact: "peter.nystrom", visibility: "network", title: "Granskning av upphandlingsunderlag", slug: "granskning-av-upphandlingsunderlag",
    summary: "Ett AI-stöd läser förfrågningsunderlag och markerar oklara krav, saknade skall-krav och formuleringar som kan gynna en viss leverantör innan annonsering.",
    department: "Upphandlingsenheten", suppliers: "Egen lösning på kommunens AI-plattform.",
    area: "purchasing", techniques: ["generative_llm", "classification"], tool: "Granskningsassistent för upphandling", status: "pilot", start: "2025-03-01", updated: "2026-06-30", reviewBy: "2027-01-31",
    problem: "Överprövningar kostar tid och pengar, och många beror på otydliga krav. Kollegial granskning hinns inte alltid med.",
    approach: "Underlaget laddas upp och jämförs mot en checklista byggd på Upphandlingsmyndighetens vägledningar och våra egna erfarenheter. Assistenten returnerar en lista med markeringar och förslag; upphandlaren bedömer varje markering.",
    outcomes: "I 14 upphandlingar hittade stödet i snitt fem relevanta förbättringar per underlag. Inga av dem har överprövats hittills.",
    figures: [["Granskade upphandlingar", 14, "st"], ["Relevanta markeringar per underlag", 5, "st"]],
    evaluated: "own_followup", method: "Upphandlarna klassade varje markering som relevant eller inte.",
    lessons: "Generella checklistor ger för många markeringar; vi fick specialisera per upphandlingsområde.",
    personalData: false, dpia: null, risk: "minimal", classification: "K2 (intern) före annonsering", oversight: "Upphandlaren beslutar om varje ändring.",
    dataUsed: "Förfrågningsunderlag och en checklista.", reuse: "Checklistan och promptarna kan delas. Kräver en AI-plattform som får hantera interna handlingar.",
    adoptions: [{ org: "bollnas", by: "oskar.lund", status: "trying", on: "2026-09-15", note: "Testar på två upphandlingar inom livsmedel." }],
  },
  {
    org: "soderhamn", author: "david.andersson", contact: "david.andersson", visibility: "network", title: "HR-policyassistent för chefer", slug: "hr-policyassistent-for-chefer",
    summary: "En chattassistent svarar chefer på frågor om kommunens HR-policyer och kollektivavtal med hänvisning till rätt dokument. HR-konsulterna får färre rutinfrågor.",
    department: "HR-avdelningen", suppliers: "Microsoft Copilot Studio", area: "hr", techniques: ["chatbot_assistant", "generative_llm"], tool: "Copilot Studio",
    status: "production", start: "2025-01-15", updated: "2026-08-01", reviewBy: "2027-02-28",
    problem: "HR-konsulterna fick många frågor om semesterregler, sjuklön och rekrytering som redan besvaras i policyerna, men som var svåra att hitta.",
    approach: "Assistenten söker bara i HR-handboken och gällande avtal, svarar kort och länkar alltid till källan. Frågor om enskilda medarbetare hänvisas till HR.",
    outcomes: "Rutinfrågorna till HR minskade med ungefär en tredjedel. Cheferna uppskattar att svaren finns dygnet runt.",
    figures: [["Färre rutinfrågor till HR", 33, "procent"]],
    evaluated: "own_followup", method: "Ärendestatistik i HR-funktionsbrevlådan och en enkät till 60 chefer.",
    lessons: "Dokumenten måste vara uppdaterade; en gammal version av semesterreglerna gav felaktiga svar de första veckorna.",
    personalData: false, dpia: null, risk: "limited", classification: "K1 (öppen inom kommunen)", oversight: "HR granskar ett urval av konversationer varje månad.",
    dataUsed: "HR-handboken och kollektivavtal.", reuse: "Instruktionerna till assistenten och en lista över 120 testfrågor.",
    mailbox: "hr@soderhamn.se",
    adoptions: [
      { org: "region-gavleborg", by: "sara.holm", status: "adopted", on: "2026-02-01", note: "Anpassad till regionens avtal." },
      { org: "ljusdal", by: "emma.karlsson", status: "trying", on: "2026-10-05", note: "" },
    ],
  },
  {
    org: "sandviken", author: "erik.dahl", contact: "erik.dahl", visibility: "public", title: "Protokoll och minnesanteckningar från möten", slug: "protokoll-och-minnesanteckningar",
    summary: "Mötesinspelningar transkriberas och en språkmodell gör utkast till minnesanteckningar med beslut och åtgärder. Sekreteraren justerar och skickar ut samma dag.",
    department: "Kommunledningskontoret", suppliers: "Transkribering och språkmodell inom kommunens Microsoft 365-miljö.",
    area: "internal_admin", techniques: ["speech", "generative_llm"], tool: "Teams-transkribering med egen mall", status: "production", start: "2024-11-01", updated: "2026-09-01", reviewBy: "2027-06-30",
    problem: "Det tog ofta en vecka innan minnesanteckningar från ledningsgruppens möten skickades ut, och åtgärdspunkter föll mellan stolarna.",
    approach: "Mötet spelas in med deltagarnas samtycke. Transkriberingen går till en mall som listar beslut, åtgärder med ansvarig och öppna frågor. Inspelningen raderas efter justering.",
    outcomes: "Anteckningar skickas i regel ut samma dag. Sekreterarna lägger ungefär hälften så lång tid.",
    figures: [["Tid per möte för anteckningar", 30, "minuter"], ["Möten per månad", 40, "st"]],
    evaluated: "own_followup", method: "Tidsloggning under två månader.",
    lessons: "Fungerar inte för protokoll enligt kommunallagen utan noggrann justering. Bra ljud är viktigare än modellen.",
    personalData: true, dpia: true, risk: "limited", classification: "K2 (intern)", oversight: "Sekreteraren justerar alltid och mötesordföranden godkänner.",
    dataUsed: "Mötesinspelningar (raderas efter justering).", reuse: "Mallen för minnesanteckningar och rutinen för samtycke och radering.",
    adoptions: [
      { org: "hofors", by: "camilla.strom", status: "adopted", on: "2025-09-01", note: "Vi använder mallen i kommunstyrelsens beredning." },
      { org: "ockelbo", by: "goran.ek", status: "adopted", on: "2026-01-15", note: "" },
      { org: "nordanstig", by: "therese.lindberg", status: "trying", on: "2026-10-01", note: "Testar i ekonomiavdelningens möten." },
    ],
  },
  {
    org: "hudiksvall", author: "nils.backstrom", contact: "nils.backstrom", visibility: "public", title: "Automatisk sortering av ärenden i kontaktcentret", slug: "automatisk-sortering-av-arenden",
    summary: "Inkommande e-post och e-tjänsteärenden klassificeras automatiskt och hamnar i rätt kö. Handläggarna slipper sortera för hand.",
    department: "Kontaktcenter", suppliers: "Egen modell tränad av kommunens IT-enhet.", area: "customer_service", techniques: ["classification"], tool: "Klassificeringsmodell i ärendesystemet",
    status: "scaled", start: "2023-05-01", updated: "2026-07-01", reviewBy: "2027-05-31",
    problem: "Cirka 300 e-postmeddelanden om dagen sorterades manuellt till ett 20-tal köer.",
    approach: "En klassificeringsmodell föreslår kö och kategori. Vid låg säkerhet går ärendet till manuell sortering.",
    outcomes: "87 procent av ärendena hamnar rätt utan handpåläggning. Modellen används nu även av socialtjänstens reception.",
    figures: [["Rätt kö automatiskt", 87, "procent"]], evaluated: "formal", method: "Extern utvärdering 2025 med slumpvisa stickprov.",
    lessons: "Modellen måste tränas om när organisationen ändras; vi har en rutin två gånger per år.",
    personalData: true, dpia: true, risk: "limited", classification: "K2 (intern)", oversight: "Osäkra ärenden sorteras av handläggare.",
    dataUsed: "Historiska ärenden, pseudonymiserade för träning.", reuse: "Träningsrutin och kategorimodell.",
  },
  {
    org: "bollnas", author: "elin.svensson", contact: "elin.svensson", visibility: "network", title: "Språkmodell som stöd i lektionsplanering", slug: "sprakmodell-som-stod-i-lektionsplanering",
    summary: "Lärare på två högstadieskolor testar en språkmodell för att planera lektioner och anpassa material för elever med olika behov.",
    department: "Barn- och utbildningsförvaltningen", suppliers: "Skolans licens för en AI-assistent.", area: "schools", techniques: ["generative_llm"], tool: "AI-assistent för lärare",
    status: "exploring", start: "2026-01-10", updated: "2026-10-01", reviewBy: "2027-01-15",
    problem: "Lärare lägger mycket tid på att anpassa material till elever med olika förutsättningar.",
    approach: "Lärarna använder färdiga promptar för att ta fram förslag på upplägg och anpassningar. Inga elevuppgifter matas in.",
    outcomes: "Lärarna sparar tid på anpassningar men behöver granska faktainnehållet noga.",
    evaluated: "no", lessons: "Kollegialt lärande kring promptar var viktigare än verktyget.",
    personalData: false, dpia: null, risk: "minimal", classification: "Öppen", oversight: "Läraren ansvarar för allt material som används.",
    dataUsed: "Kursplaner och lärarnas eget material.", reuse: "Promptbibliotek för lärare.",
  },
  {
    org: "ovanaker", author: "malin.forsberg", contact: "malin.forsberg", visibility: "organisation", title: "Prediktion av fallrisk i hemtjänsten", slug: "prediktion-av-fallrisk-i-hemtjansten",
    summary: "En modell skulle förutsäga fallrisk hos brukare i hemtjänsten utifrån besöksdata. Pausad i väntan på juridisk bedömning.",
    department: "Vård och omsorg", partners: ["rise"], suppliers: "Forskningssamarbete med RISE.", area: "health_social_care", techniques: ["prediction"], tool: "Prototyp",
    status: "paused", start: "2025-04-01", updated: "2026-03-01", reviewBy: "2026-12-31",
    problem: "Fallolyckor är vanliga bland äldre i hemtjänsten och förebyggande insatser sätts ofta in för sent.",
    approach: "En prototyp tränades på historiska besöksdata för att ge en riskindikation till sjuksköterskan.",
    outcomes: "Prototypen visade lovande träffsäkerhet men används inte i verksamheten.",
    evaluated: "no", lessons: "Vi borde ha gjort konsekvensbedömningen och den rättsliga analysen innan tekniken.",
    personalData: true, dpia: false, risk: "high", classification: "K3 (känsliga personuppgifter)", oversight: "Skulle endast vara ett stöd till legitimerad personal.",
    dataUsed: "Besöks- och insatsdata från verksamhetssystemet.", reuse: "Inte redo för återanvändning.",
  },
  {
    org: "region-gavleborg", author: "sara.holm", contact: "ali.hassan", visibility: "organisation", shareWith: ["rise"], title: "Tolkning av pappersremisser med OCR", slug: "tolkning-av-pappersremisser-med-ocr",
    summary: "Inskannade pappersremisser tolkas med OCR och AI så att uppgifterna kan föras in i journalsystemet med färre manuella steg.",
    department: "Hälso- och sjukvårdsförvaltningen", suppliers: "Dokumenttolkning från upphandlad leverantör, RPA i egen regi.", area: "health_social_care", techniques: ["document_ocr", "rpa_ai"], tool: "Dokumenttolkning och RPA",
    status: "production", start: "2024-02-01", updated: "2026-05-01", reviewBy: "2027-02-01",
    problem: "Tusentals remisser per år kommer fortfarande på papper och skrivs in för hand.",
    approach: "Remisserna skannas, fälten tolkas och en robot för in dem. Osäkra fält markeras för kontroll av medicinsk sekreterare.",
    outcomes: "Inskrivningstiden per remiss har minskat från sju till två minuter.",
    figures: [["Tid per remiss", 2, "minuter"]], evaluated: "own_followup", method: "Tidsstudier och felregistrering.",
    lessons: "Handskrivna remisser tolkas fortfarande dåligt.",
    personalData: true, dpia: true, risk: "limited", classification: "K3 (känsliga personuppgifter)", oversight: "Medicinska sekreterare kontrollerar alla markerade fält.",
    dataUsed: "Remisser med patientuppgifter.", reuse: "Kravspecifikation och erfarenheter av leverantörsval.",
  },
  {
    org: "nordanstig", author: "therese.lindberg", contact: "therese.lindberg", visibility: "network", title: "Leverantörsfakturor med RPA och AI", slug: "leverantorsfakturor-med-rpa-och-ai",
    summary: "En robot konterar och attestflödar leverantörsfakturor med hjälp av en modell som föreslår konto och ansvar utifrån tidigare fakturor.",
    department: "Ekonomiavdelningen", suppliers: "RPA-plattform via ramavtal.", area: "internal_admin", techniques: ["rpa_ai", "classification"], tool: "RPA med konteringsmodell",
    status: "production", start: "2023-09-01", updated: "2025-04-01", reviewBy: "2026-04-01",
    problem: "Ekonomiavdelningen är liten och fakturahanteringen tog en stor del av tiden.",
    approach: "Modellen föreslår kontering; roboten skickar fakturan till rätt attestant.",
    outcomes: "Tre av fyra fakturor konteras automatiskt.", figures: [["Automatiskt konterade fakturor", 75, "procent"]],
    evaluated: "own_followup", method: "Uppföljning i ekonomisystemet.", lessons: "Leverantörsregistret måste vara i ordning först.",
    personalData: false, dpia: null, risk: "minimal", classification: "K2 (intern)", oversight: "Attestanten godkänner varje faktura.",
    dataUsed: "Historiska fakturor och konteringar.", reuse: "Robotens processbeskrivning.",
    adoptions: [{ org: "ockelbo", by: "goran.ek", status: "trying", on: "2026-04-01", note: "" }],
  },
  {
    org: "ljusdal", author: "emma.karlsson", contact: "emma.karlsson", visibility: "public", title: "Chattbot för bygglovsfrågor", slug: "chattbot-for-bygglovsfragor",
    summary: "En chattbot skulle svara på vanliga frågor om bygglov. Projektet avslutades efter ett år: svaren blev för osäkra när reglerna var komplexa.",
    department: "Samhällsbyggnad", suppliers: "Chattbotleverantör, avtalet avslutat.", area: "urban_planning", techniques: ["chatbot_assistant"], tool: "Regelbaserad chattbot med språkmodell",
    status: "ended", start: "2024-03-01", updated: "2025-06-01", reviewBy: "2027-06-01",
    problem: "Bygglovshandläggarna får många enkla frågor per telefon.",
    approach: "Chattboten byggdes på kommunens webbtexter och detaljplanebestämmelser.",
    outcomes: "Enkla frågor fick bra svar, men frågor om detaljplaner gav felaktiga svar i för många fall.",
    evaluated: "formal", method: "Utvärdering av 500 konversationer.",
    lessons: "Ett misslyckande vi lärde mycket av: börja med de enklaste frågorna och mät felaktiga svar från dag ett.",
    personalData: false, dpia: null, risk: "limited", classification: "Öppen", oversight: "Handläggare granskade konversationer veckovis.",
    dataUsed: "Webbtexter och planbestämmelser.", reuse: "Utvärderingsmetoden är återanvändbar.",
  },
  {
    org: "ockelbo", author: "asa.norberg", contact: "asa.norberg", visibility: "public", title: "Lättläst och klarspråk med språkmodell", slug: "lattlast-och-klarsprak",
    summary: "Biblioteket och kommunikatörerna använder en språkmodell för att ta fram lättlästa versioner av kommunens information, som sedan granskas av en person med lättläst-kompetens.",
    department: "Kultur och bibliotek", suppliers: "Allmän AI-assistent med kommunlicens.", area: "customer_service", techniques: ["generative_llm"], tool: "AI-assistent",
    status: "pilot", start: "2025-08-01", updated: "2026-08-15", reviewBy: "2027-02-15",
    problem: "Mycket av kommunens information är svår att läsa för många invånare.",
    approach: "Kommunikatören ber modellen om en lättläst version enligt en mall och granskar resultatet mot lättläst-riktlinjerna.",
    outcomes: "Tjugo sidor på webben finns nu på lättläst svenska.", figures: [["Lättlästa sidor", 20, "st"]],
    evaluated: "no", lessons: "Modellen förenklar ibland bort viktiga förbehåll.",
    personalData: false, dpia: null, risk: "minimal", classification: "Öppen", oversight: "Alla texter granskas före publicering.",
    dataUsed: "Kommunens webbtexter.", reuse: "Mallen och granskningslistan.",
  },
  {
    org: "hofors", author: "camilla.strom", contact: "camilla.strom", visibility: "network", title: "Idé: AI-stöd för diarieföring", slug: "ide-ai-stod-for-diarieforing",
    summary: "Idé om ett stöd som föreslår diarienummer, ärendetyp och sekretessmarkering för inkommande handlingar.",
    department: "Kansliet", suppliers: "", area: "internal_admin", techniques: ["classification", "generative_llm"], tool: "",
    status: "idea", start: null, updated: "2026-10-10", reviewBy: "2027-04-10",
    problem: "Registratorerna hinner inte med vid toppar och registreringen blir ojämn.",
    approach: "Vi vill testa om en modell kan föreslå registreringsuppgifter som registratorn bekräftar.",
    outcomes: "Ännu inga resultat.", evaluated: "no", lessons: "Vi söker kommuner som vill pröva tillsammans.",
    personalData: true, dpia: false, risk: "not_assessed", classification: "K2 (intern)", oversight: "Registratorn beslutar alltid.",
    dataUsed: "Diariet.", reuse: "–",
  },
  {
    org: "rise", author: "kristina.blom", contact: "kristina.blom", visibility: "public", title: "Metodstöd för riskklassning enligt AI-förordningen", slug: "metodstod-for-riskklassning",
    summary: "Ett frågebatteri och en arbetsgång som hjälper kommuner och regioner att klassa sina AI-system enligt AI-förordningens riskklasser.",
    department: "Tillämpad AI", partners: ["region-gavleborg"], suppliers: "", area: "law_ethics", techniques: ["other"], tool: "Frågebatteri och workshopmaterial",
    status: "scaled", start: "2024-06-01", updated: "2026-09-30", reviewBy: "2027-03-01",
    problem: "Många organisationer vet inte vilka krav som gäller för deras AI-användning.",
    approach: "En halvdagsworkshop där verksamheten, juristen och IT går igenom systemen med frågebatteriet.",
    outcomes: "Elva organisationer i länet har klassat sammanlagt 48 AI-användningar.", figures: [["Klassade AI-användningar", 48, "st"]],
    evaluated: "formal", method: "Deltagarutvärdering och juristgranskning av klassningarna.",
    lessons: "Det svåra är inventeringen, inte klassningen.",
    personalData: false, dpia: null, risk: "minimal", classification: "Öppen", oversight: "Juristen godkänner klassningen.",
    dataUsed: "Inga.", reuse: "Allt material är fritt att använda.", links: [["AI-förordningen på EUR-Lex", "https://eur-lex.europa.eu/"]],
    adoptions: [
      { org: "gavle", by: "eva.sjoberg", status: "adopted", on: "2025-03-01", note: "" },
      { org: "sandviken", by: "anna.wikstrom", status: "adopted", on: "2025-05-20", note: "" },
      { org: "hudiksvall", by: "maria.eriksson", status: "adopted", on: "2025-10-01", note: "" },
    ],
  },
  {
    org: "gavle", author: "lina.ostman", contact: "lina.ostman", visibility: "organisation", title: "Assistent för IT-servicedesken", slug: "assistent-for-it-servicedesken",
    summary: "En intern assistent hjälper medarbetare att lösa vanliga IT-problem själva innan de ringer servicedesken.",
    department: "IT-avdelningen", suppliers: "Intern AI-plattform.", area: "it", techniques: ["chatbot_assistant", "generative_llm"], tool: "Intern assistent",
    status: "exploring", start: "2025-11-01", updated: "2026-02-01", reviewBy: "2026-08-01",
    problem: "Servicedesken får många frågor om lösenord, skrivare och Teams.",
    approach: "Assistenten använder servicedeskens kunskapsbas och föreslår lösningar steg för steg.",
    outcomes: "För tidigt att säga.", evaluated: "no", lessons: "Kunskapsbasen behövde städas först.",
    personalData: false, dpia: null, risk: "minimal", classification: "K2 (intern)", oversight: "Servicedesken följer upp olösta ärenden.",
    dataUsed: "Kunskapsbasen.", reuse: "–",
  },
];

async function tagsForArea(db: DB, area: string): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('public.tags')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const rows = await db.selectFrom("tags").select("id").where("area", "=", area as "hr").where("merged_into_id", "is", null).orderBy("id").limit(2).execute();
  return rows.map((r) => r.id);
}

export async function seedCases(db: DB): Promise<void> {
  const orgs = Object.fromEntries((await db.selectFrom("organisations").select(["id", "slug"]).execute()).map((o) => [o.slug, o.id]));
  const users = Object.fromEntries((await db.selectFrom("users").select(["id", "handle"]).execute()).map((u) => [u.handle, u.id]));
  for (const c of CASES) {
    const orgId = orgs[c.org];
    if (!orgId || !users[c.author]) continue;
    const found = await db.selectFrom("cases").select("id").where("org_id", "=", orgId).where("slug", "=", c.slug).executeTakeFirst();
    if (found) continue;
    const tagIds = await tagsForArea(db, c.area);
    const at = new Date(`${c.updated}T09:00:00Z`);
    await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto("cases").values({
        org_id: orgId, visibility: c.visibility, shared_org_ids: (c.shareWith ?? []).map((s) => orgs[s]).filter(Boolean),
        state: "published", language: "sv", title: c.title, slug: c.slug, summary: c.summary, department: c.department,
        suppliers: c.suppliers, area: c.area as "hr", techniques: c.techniques as ["other"], tool: c.tool, status: c.status as "idea",
        start_date: c.start, last_updated: c.updated, review_by: c.reviewBy, problem: c.problem, approach: c.approach,
        outcomes: c.outcomes, evaluated: c.evaluated, evaluation_method: c.method ?? "", lessons: c.lessons,
        personal_data: c.personalData, dpia_done: c.dpia, ai_act_risk: c.risk as "minimal", info_classification: c.classification,
        human_oversight: c.oversight, data_used: c.dataUsed, reuse_needs: c.reuse, contact_user_id: users[c.contact] ?? null,
        functional_mailbox: c.mailbox ?? "", created_by: users[c.author], created_at: at, updated_at: at, published_at: at,
      }).returning("id").executeTakeFirstOrThrow();
      const id = row.id;
      const partners = (c.partners ?? []).map((s) => orgs[s]).filter(Boolean);
      if (partners.length) await trx.insertInto("case_partners").values(partners.map((org_id) => ({ case_id: id, org_id }))).execute();
      if (c.figures?.length) await trx.insertInto("case_figures").values(c.figures.map(([label, value, unit], position) => ({ case_id: id, position, label, value, unit }))).execute();
      if (c.links?.length) await trx.insertInto("case_links").values(c.links.map(([label, url], position) => ({ case_id: id, position, label, url }))).execute();
      if (tagIds.length) await trx.insertInto("case_tags").values(tagIds.map((tag_id) => ({ case_id: id, tag_id }))).execute();
      for (const a of c.adoptions ?? []) {
        if (!orgs[a.org] || !users[a.by]) continue;
        await trx.insertInto("adoptions").values({ case_id: id, org_id: orgs[a.org], status: a.status, adopted_on: a.on, note: a.note, created_by: users[a.by] })
          .onConflict((oc) => oc.columns(["case_id", "org_id"]).doNothing()).execute();
      }
      await trx.insertInto("case_revisions").values({ case_id: id, editor_id: users[c.author], action: "create_published", snapshot: JSON.stringify({ seed: true, title: c.title }), created_at: at }).execute();
      await recordSearchChange(trx, "case", id, "upsert");
    });
  }
}
