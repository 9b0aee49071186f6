import type { DB } from "../../client";
import type { TagArea } from "../../types/forum";
import { renderMarkdown, RENDERER_VERSION } from "../../../app/lib/markdown.server";
import { recordSearchChange } from "../../../search/outbox";
import { slugify } from "../../../app/forum/slug";
import { PEOPLE } from "./02-people";

// Demo forum: the ten areas' tags and about 60 threads on municipal AI work, built from compact
// tables (titles and questions per thread, answer pools per topic) so the text reads naturally.
// Idempotent: tags upsert on slug; a thread is skipped when its author already has that title.

type TagSeed = [slug: string, sv: string, en: string, area: TagArea, synonyms: string[], description: string];

export const FORUM_TAGS: TagSeed[] = [
  ["kundtjanst", "Kundtjänst", "Customer service", "customer_service", ["kundservice", "kontaktcenter", "medborgarservice"], "Kontaktcenter, växel och service till invånare och företag."],
  ["chattbottar", "Chattbottar", "Chatbots", "customer_service", ["chattbot", "chatbot", "chatbots"], "AI-assistenter som svarar invånare på webben och i andra kanaler."],
  ["e-tjanster", "E-tjänster", "E-services", "customer_service", ["etjänster", "självservice"], "Digitala tjänster och självservice för invånare."],
  ["rekrytering", "Rekrytering", "Recruitment", "hr", ["anställning", "urval"], "Annonser, urval och intervjuer med eller utan AI-stöd."],
  ["kompetensutveckling", "Kompetensutveckling", "Skills development", "hr", ["utbildning", "ai-kunskap"], "Utbildning av medarbetare och chefer i att använda AI."],
  ["arbetsmiljo", "Arbetsmiljö", "Work environment", "hr", ["arbetsmiljö"], "Hur AI påverkar arbetsmiljö, roller och arbetssätt."],
  ["upphandling", "Upphandling", "Procurement", "purchasing", ["inköp", "lou", "offentlig upphandling"], "Att köpa AI-tjänster enligt LOU: krav, avrop och dialog med leverantörer."],
  ["avtal", "Avtal och licenser", "Contracts and licences", "purchasing", ["licenser", "personuppgiftsbiträdesavtal", "pub-avtal"], "Licensvillkor, biträdesavtal och avtalsvillkor för AI-tjänster."],
  ["motestranskribering", "Mötestranskribering", "Meeting transcription", "internal_admin", ["transkribering", "mötesanteckningar", "protokoll"], "Automatisk transkribering och sammanfattning av möten."],
  ["copilot", "Microsoft 365 Copilot", "Microsoft 365 Copilot", "internal_admin", ["m365 copilot", "kontorscopilot", "copilot för microsoft 365"], "Införande och användning av AI-assistenter i kontorsprogrammen."],
  ["promptriktlinjer", "Promptriktlinjer", "Prompt guidelines", "internal_admin", ["prompter", "promptning", "prompt"], "Riktlinjer och exempel för att skriva bra och säkra instruktioner till AI."],
  ["diarieforing", "Diarieföring och arkiv", "Records management", "internal_admin", ["diarieföring", "arkiv", "registratur", "diarium"], "Allmänna handlingar, gallring och diarieföring av AI-material."],
  ["aldreomsorg", "Äldreomsorg", "Elderly care", "health_social_care", ["hemtjänst", "särskilt boende"], "AI-stöd i hemtjänst, särskilt boende och planering."],
  ["socialtjanst", "Socialtjänst", "Social services", "health_social_care", ["individ- och familjeomsorg", "ifo"], "Handläggning och dokumentation inom socialtjänsten."],
  ["skola", "Skola", "Schools", "schools", ["grundskola", "gymnasium"], "AI i grundskola, gymnasium och vuxenutbildning."],
  ["ai-i-undervisningen", "AI i undervisningen", "AI in teaching", "schools", ["bedömning", "läxor"], "Elevers och lärares användning av generativ AI."],
  ["bygglov", "Bygglov", "Building permits", "urban_planning", ["bygglovshandläggning"], "Stöd i bygglovsprocessen och i kontakter med sökande."],
  ["samhallsplanering", "Samhällsplanering", "Urban planning", "urban_planning", ["detaljplan", "översiktsplan"], "Planering, medborgardialog och analys av geodata."],
  ["sprakmodeller", "Språkmodeller", "Language models", "it", ["llm", "gpt", "stora språkmodeller"], "Val, drift och utvärdering av språkmodeller."],
  ["integrationer", "Integrationer", "Integrations", "it", ["api", "systemintegration"], "Att koppla AI-tjänster till verksamhetssystem."],
  ["oppen-kallkod", "Öppen källkod", "Open source", "it", ["open source", "öppna modeller"], "Öppna modeller och verktyg som kan köras i egen drift."],
  ["gdpr", "GDPR", "GDPR", "law_ethics", ["dataskydd", "personuppgifter", "dataskyddsförordningen"], "Dataskydd, rättslig grund och konsekvensbedömningar."],
  ["ai-forordningen", "AI-förordningen", "AI Act", "law_ethics", ["ai act", "ai-akten"], "EU:s AI-förordning: riskklasser, krav och tidsplan."],
  ["etik", "Etik", "Ethics", "law_ethics", ["ai-etik", "bias"], "Rättvisa, transparens och mänsklig kontroll."],
  ["offentlighet-och-sekretess", "Offentlighet och sekretess", "Public access and secrecy", "law_ethics", ["sekretess", "offentlighetsprincipen", "osl"], "Allmänna handlingar och sekretess när AI används."],
  ["informationssakerhet", "Informationssäkerhet", "Information security", "security", ["infosäk", "säkerhet"], "Klassning, åtkomst och risker med AI-tjänster."],
  ["molntjanster", "Molntjänster", "Cloud services", "security", ["moln", "molnet", "tredjelandsöverföring"], "Molntjänster, tredjelandsöverföring och leverantörsberoende."],
];

type Topic = "chat" | "recruit" | "buy" | "transcribe" | "copilot" | "prompt" | "other";

// Answer pools per topic; each thread draws a few in turn.
const ANSWERS: Record<Topic, string[]> = {
  chat: [
    "Vi började med de tjugo vanligaste frågorna till kontaktcenter och lät boten bara svara på dem. Allt annat går vidare till en handläggare med hela frågan bifogad. Det gjorde att vi vågade gå live efter sex veckor.",
    "Mät andelen ärenden som boten löser utan att invånaren hör av sig igen samma vecka. Den siffran säger mer än antalet samtal.\n\n- Lösta direkt: 41 %\n- Vidare till handläggare: 47 %\n- Avbrutna: 12 %",
    "Tänk på tillgängligheten. Vår första leverantör hade en chattruta som inte gick att använda med skärmläsare. Ställ krav på WCAG 2.1 AA redan i upphandlingen och testa själva.",
    "Vi loggar inga personnummer. Boten känner igen mönstret och ber invånaren ta bort det innan frågan skickas, och texten maskeras i loggen.",
    "Det viktigaste för oss var att boten säger tydligt att den är en AI och hur man når en människa. Klagomålen minskade när vi lade till det i första meddelandet.",
    "Låt kommunikatörerna äga kunskapsbasen. När webbsidorna uppdateras måste botens källor uppdateras samma dag, annars svarar den med gamla öppettider.",
  ],
  recruit: [
    "Vi använder AI för att skriva om annonser till enklare svenska och för att hitta exkluderande formuleringar, men aldrig för att sortera sökande. Den gränsen har facket varit med och satt.",
    "AI-förordningen klassar system för urval och rekrytering som högrisk. Räkna med krav på riskhantering, loggning och mänsklig tillsyn om ni låter ett system rangordna kandidater.",
    "Gör en konsekvensbedömning enligt GDPR innan ni testar. Vår dataskyddsombud ville se hur vi förhindrar att modellen drar slutsatser om kön eller ålder.",
    "Vi testade att låta en språkmodell sammanfatta intervjuanteckningar. Det sparade tid, men sammanfattningarna tonade ner det som sades om bristande erfarenhet. Vi har slutat med det.",
    "Berätta för de sökande i annonsen om och hur AI används. Det är både en fråga om förtroende och om informationsplikten.",
    "Ett bra första steg är att låta HR-specialisterna använda AI för att skapa intervjufrågor utifrån kravprofilen. Där finns inga personuppgifter och nyttan är stor.",
  ],
  buy: [
    "Vi gjorde avrop från Adda-avtalet för programvaror och tjänster och ställde egna krav på datalagring inom EU i förnyade konkurrensutsättningen. Det gick på fem veckor.",
    "Genomför en RFI innan ni skriver kravspecifikation. Marknaden rör sig så snabbt att kraven annars blir inaktuella innan annonsen är ute.",
    "Kräv att leverantören inte får använda era data för att träna sina modeller, och att det står i personuppgiftsbiträdesavtalet, inte bara i en marknadsföringstext.",
    "Direktupphandlingsgränsen räcker för en pilot på några månader, men dokumentera behovet och hur ni valde leverantör. Vi blev granskade av revisorerna efteråt.",
    "Utvärdera på riktiga uppgifter. Vi lät tre leverantörer svara på samma femtio avidentifierade frågor och bedömde svaren blint. Priset avgjorde inte.",
    "Tänk på exit. Skriv in att ni får ut era promptar, kunskapsbaser och loggar i ett öppet format när avtalet tar slut.",
  ],
  transcribe: [
    "Vi transkriberar bara interna arbetsmöten, aldrig möten där enskildas ärenden diskuteras. Det står i riktlinjen och i kallelsen.",
    "En transkribering kan bli en allmän handling. Bestäm i dokumenthanteringsplanen hur länge den sparas, vi gallrar efter att protokollet är justerat.",
    "Alla deltagare måste få veta att mötet transkriberas innan det börjar. Vi har en fast rad i kallelsen och ordföranden säger det vid start.",
    "Kvaliteten på svenska är numera god, men dialekter och fackord blir fel. Låt alltid sekreteraren läsa igenom innan något skickas vidare.",
    "Kontrollera var ljudet behandlas. Vår dataskyddsombud godkände bara en tjänst där både ljud och text stannar inom EU och raderas efter 30 dagar.",
    "Sammanfattningarna är det som sparar mest tid, inte själva texten. Vi använder en fast mall: beslut, ansvariga, nästa steg.",
  ],
  copilot: [
    "Vi startade med 50 licenser till personer som själva sökte och som fick skriva en kort plan för vad de ville prova. Efter tre månader hade vi konkreta exempel att visa ledningen.",
    "Städa behörigheterna först. Copilot hittar allt som en person har åtkomst till, och hos oss låg gamla lönefiler öppna för hela förvaltningen i en Teams-kanal.",
    "Utbildning är viktigare än licenser. En timmes introduktion räcker inte, vi har öppna frågestunder varannan vecka och ett internt exempelbibliotek.",
    "Vi mäter nytta med en kort enkät varje månad: hur mycket tid sparade du, och till vad? Det gav bättre underlag än användningsstatistiken från Microsoft.",
    "Informationsklassa innan ni breddar. Vi har sagt att Copilot inte får användas på information som är klassad som hög konfidentialitet.",
    "Räkna på kostnaden per licens mot tid som faktiskt frigörs. För vissa roller var det tydligt lönsamt, för andra inte alls.",
  ],
  prompt: [
    "Vår riktlinje har tre regler: skriv aldrig in personuppgifter eller sekretessbelagt, granska alltid svaret, och du är ansvarig för det du skickar vidare.",
    "Dela bra promptar i ett gemensamt bibliotek med exempel på indata och utdata. Folk lär sig mest av att se vad kollegor gör.",
    "Be modellen att svara med källhänvisning till dokumenten du gav den, och kontrollera källorna. Det minskar påhitt rejält.",
    "Skriv riktlinjen på en sida. Vår första version var tolv sidor och ingen läste den.",
    "Ange roll, mål, målgrupp och format: \"Du är handläggare. Skriv ett svar till en invånare på enkel svenska, högst 150 ord.\" Det ger jämnare resultat.",
    "Ta med exempel på dåliga promptar också, och förklara varför de är riskabla. Det fastnar bättre än förbud.",
  ],
  other: [
    "Vi har löst det med en enkel intern tjänst där texten aldrig lämnar vår egen miljö. Den är långsammare men dataskyddsombudet är nöjt.",
    "Börja med en konsekvensbedömning och en riskanalys, även om det känns tungt. Den blir underlaget för alla senare beslut.",
    "Prata med er arkivarie tidigt. Frågan om vad som är en allmän handling kommer förr eller senare.",
    "Vi har en referensgrupp med fack, dataskyddsombud, informationssäkerhet och verksamhet som träffas varannan vecka. Det har gjort besluten snabbare, inte långsammare.",
    "Testa med öppna data först. Då kan ni lära er tekniken utan att riskera personuppgifter.",
    "Dokumentera vad ni provar och vad som inte fungerade. Andra kommuner har mycket att lära av era misstag.",
  ],
};

// [topic, kind, title, tags, question, visibility?]: q = question, d = discussion; org = own organisation only, pub = public.
type ThreadSeed = [Topic, "q" | "d", string, string, string, ("org" | "pub")?];

export const FORUM_THREADS: ThreadSeed[] = [
  ["chat", "q", "Hur mäter ni om chattboten faktiskt avlastar kontaktcenter?", "chattbottar,kundtjänst", "Vi har haft en chattbot på webben i fyra månader. Ledningen frågar om den avlastar handläggarna, men vi vet inte vad vi ska mäta. Hur gör ni?"],
  ["chat", "q", "Ska chattboten kunna svara på frågor om försörjningsstöd?", "chattbottar,socialtjänst", "Socialtjänsten vill att boten ska svara på allmänna frågor om försörjningsstöd. Hur drar ni gränsen mot rådgivning i enskilda ärenden?"],
  ["chat", "d", "Erfarenheter av chattbot på flera språk", "chattbottar,e-tjänster", "Vi funderar på att låta boten svara på arabiska, somaliska och ukrainska. Vilka erfarenheter har ni av kvaliteten och av att granska svaren?"],
  ["chat", "q", "Vem ska äga kunskapsbasen bakom chattboten?", "chattbottar,kundtjänst", "Hos oss bollas frågan mellan IT, kommunikation och kontaktcenter. Vem äger innehållet hos er, och hur håller ni det uppdaterat?"],
  ["chat", "q", "Tillgänglighetskrav på chattbottar", "chattbottar,e-tjänster", "Vilka krav ställer ni på chattrutan för att den ska fungera med skärmläsare och tangentbord? Finns det någon som testat med användare?"],
  ["chat", "q", "Hur hanterar chattboten personnummer som invånare skriver in?", "chattbottar,gdpr", "Invånare skriver ofta in personnummer och adresser i chatten trots att vi ber dem låta bli. Hur hanterar ni det tekniskt och i loggarna?"],
  ["chat", "d", "Röstbot i växeln – någon som provat?", "kundtjänst,språkmodeller", "Vi funderar på en röstassistent som tar emot samtal i växeln och kopplar rätt. Har någon kommun i länet provat detta?"],
  ["chat", "q", "Chattbot för bygglovsfrågor", "chattbottar,bygglov", "Bygglovsenheten får många frågor om attefallshus och friggebodar. Går det att låta en bot svara utan att den ger felaktiga besked?", "org"],
  ["chat", "q", "Vad säger ni till invånare om att de pratar med en AI?", "chattbottar,etik", "Hur formulerar ni informationen om att det är en AI som svarar? Vi vill vara tydliga utan att skrämma bort folk."],
  ["recruit", "q", "Får vi använda AI för att sortera ansökningar?", "rekrytering,ai-förordningen", "En leverantör erbjuder ett verktyg som rangordnar sökande utifrån CV. Vad gäller enligt AI-förordningen och hur ser ni på det etiskt?"],
  ["recruit", "q", "AI-stöd för att skriva tydligare platsannonser", "rekrytering,promptriktlinjer", "Vi vill använda AI för att skriva om annonser till klarspråk och få bort krångliga formuleringar. Har ni bra promptar att dela?"],
  ["recruit", "d", "Etiska riktlinjer för AI i rekrytering", "rekrytering,etik", "Vi tar fram riktlinjer för hur AI får användas i rekryteringsprocessen. Har ni något underlag att dela, eller erfarenheter av att ta fram sådant med facket?"],
  ["recruit", "q", "Behövs konsekvensbedömning för AI-sammanfattning av intervjuer?", "rekrytering,gdpr", "Rekryterare vill spela in och sammanfatta intervjuer med AI. Behöver vi göra en konsekvensbedömning, och hur har ni resonerat?"],
  ["recruit", "q", "Hur informerar ni sökande om att AI används?", "rekrytering,gdpr", "Vad skriver ni i annonsen eller i bekräftelsen till sökande om AI-stöd i processen?"],
  ["recruit", "q", "AI för att ta fram intervjufrågor utifrån kravprofil", "rekrytering,kompetensutveckling", "Har någon provat att låta AI föreslå intervjufrågor och bedömningsstöd utifrån kravprofilen? Hur blev kvaliteten?"],
  ["recruit", "d", "Fackets syn på AI i HR-processer", "rekrytering,arbetsmiljö", "Hur har ni samverkat med de fackliga organisationerna när AI införts i HR-arbetet? Vi vill göra rätt från början.", "org"],
  ["recruit", "q", "Risk för diskriminering när AI läser CV", "rekrytering,etik", "Hur testar man om ett AI-verktyg missgynnar vissa grupper? Finns det någon enkel metod som fungerar för en kommun?"],
  ["buy", "q", "Hur upphandlar man en AI-tjänst enligt LOU?", "upphandling,avtal", "Vi ska köpa en AI-assistent för handläggare. Vilket förfarande valde ni, och vilka krav var viktigast?"],
  ["buy", "q", "Finns det ramavtal för generativ AI som vi kan avropa från?", "inköp,avtal", "Vi är en liten kommun utan egen upphandlingsenhet. Finns det ramavtal som täcker språkmodeller och AI-assistenter?"],
  ["buy", "q", "Krav på att leverantören inte tränar på våra data", "upphandling,gdpr", "Hur formulerar ni kravet på att leverantören inte får använda kommunens data för att träna modeller? Var i avtalet står det?"],
  ["buy", "d", "RFI inför upphandling av AI-stöd i socialtjänsten", "upphandling,socialtjänst", "Vi planerar en RFI om AI-stöd för dokumentation i socialtjänsten. Vill någon samordna, så att leverantörerna slipper svara tio gånger?"],
  ["buy", "q", "Direktupphandling för en pilot – hur långt räcker det?", "upphandling", "Vi vill testa en AI-tjänst i tre månader. Räcker direktupphandling, och vad behöver vi dokumentera?"],
  ["buy", "q", "Hur utvärderar ni AI-leverantörer rättvist?", "upphandling,språkmodeller", "Alla leverantörer säger att deras modell är bäst på svenska. Hur har ni jämfört dem på riktigt?"],
  ["buy", "q", "Exitklausuler i avtal om AI-tjänster", "avtal,molntjänster", "Vad skriver ni in om att få ut data, promptar och inställningar när avtalet tar slut?"],
  ["buy", "q", "Personuppgiftsbiträdesavtal med amerikanska AI-leverantörer", "avtal,molntjänster,gdpr", "Hur har ni resonerat om tredjelandsöverföring när leverantören är amerikansk men lovar lagring i EU?", "org"],
  ["transcribe", "q", "Får vi transkribera nämndmöten med AI?", "mötestranskribering,offentlighet-och-sekretess", "Nämndsekreterarna vill använda automatisk transkribering som stöd för protokollet. Vad behöver vi tänka på?"],
  ["transcribe", "q", "Är en AI-transkribering en allmän handling?", "mötestranskribering,diarieföring", "Om vi transkriberar ett möte med AI och sedan skriver protokollet, blir transkriberingen en allmän handling? Hur länge ska den sparas?"],
  ["transcribe", "q", "Transkribering i Teams och GDPR", "mötestranskribering,gdpr", "Vi har transkribering påslagen i Teams. Dataskyddsombudet är tveksamt. Hur har ni gjort?"],
  ["transcribe", "d", "Vilket verktyg använder ni för mötesanteckningar?", "mötestranskribering", "Det finns många verktyg för automatiska mötesanteckningar nu. Vilka använder ni och vad tycker ni om kvaliteten på svenska?"],
  ["transcribe", "q", "Samtycke när möten transkriberas", "mötestranskribering,gdpr", "Behöver vi samtycke från alla deltagare, eller räcker information? Hur gör ni med externa deltagare?"],
  ["transcribe", "q", "Transkribering av samtal i hemtjänsten", "mötestranskribering,äldreomsorg", "Hemtjänsten vill dokumentera genom att prata in anteckningar som transkriberas. Har någon provat i omsorgen?", "org"],
  ["transcribe", "q", "Hur bra är AI-transkribering på dialekt?", "mötestranskribering,språkmodeller", "Vi har fått klagomål på att transkriberingen blir fel när folk pratar hälsingemål. Finns det bättre modeller?"],
  ["transcribe", "d", "Mall för AI-sammanfattningar av möten", "mötestranskribering,promptriktlinjer", "Vi tar fram en gemensam mall för hur AI ska sammanfatta möten. Vill ni dela era?"],
  ["copilot", "q", "Hur många Copilot-licenser började ni med?", "copilot", "Vi ska starta en pilot med Microsoft 365 Copilot. Hur många licenser var lagom, och hur valde ni ut deltagarna?"],
  ["copilot", "q", "Behörighetsstädning inför Copilot", "copilot,informationssäkerhet", "Vi har hört att Copilot kan hitta filer som ligger fel delade. Hur städade ni behörigheterna innan start?"],
  ["copilot", "d", "Vad har Copilot faktiskt gett hos er?", "copilot", "Vi behöver underlag inför budgetbeslutet. Vad har piloten gett i sparad tid eller bättre kvalitet hos er?"],
  ["copilot", "q", "Copilot och sekretessbelagd information", "copilot,offentlighet-och-sekretess", "Får Copilot användas i socialtjänsten där nästan allt omfattas av sekretess? Hur har ni dragit gränsen?"],
  ["copilot", "q", "Utbildningsupplägg för Copilot-användare", "copilot,kompetensutveckling", "Hur har ni utbildat medarbetarna? Räcker Microsofts egna material eller har ni gjort eget?"],
  ["copilot", "q", "Copilot för att skriva tjänsteskrivelser", "copilot,promptriktlinjer", "Handläggare vill använda Copilot för första utkast av tjänsteskrivelser. Har någon tagit fram mallar eller promptar för det?"],
  ["copilot", "q", "Hur mäter ni nyttan av Copilot?", "copilot", "Användningsstatistiken säger inte så mycket. Hur har ni mätt nytta och kvalitet?", "pub"],
  ["copilot", "d", "Copilot i skolans administration", "copilot,skola", "Rektorerna vill ha Copilot för schemaläggning och information till vårdnadshavare. Någon som provat?"],
  ["copilot", "q", "Informationsklassning innan Copilot breddas", "copilot,informationssäkerhet", "Vilka klassningsnivåer tillåter ni i Copilot, och hur har ni kommunicerat det till medarbetarna?", "org"],
  ["prompt", "q", "Har någon en färdig riktlinje för promptar att dela?", "promptriktlinjer", "Vi behöver en riktlinje för medarbetare som använder generativ AI. Gärna kort och konkret. Har någon en att dela?", "pub"],
  ["prompt", "q", "Hur undviker man att AI hittar på källor?", "promptriktlinjer,språkmodeller", "Handläggare har fått svar med påhittade lagrum. Hur skriver man promptar som minskar risken?"],
  ["prompt", "d", "Promptbibliotek för handläggare", "promptriktlinjer,kompetensutveckling", "Vi bygger ett internt bibliotek med promptar som fungerar. Hur har ni organiserat ert, och vem underhåller det?"],
  ["prompt", "q", "Promptar för att skriva på klarspråk", "promptriktlinjer,kundtjänst", "Vilka promptar fungerar bäst för att göra om myndighetstext till klarspråk?"],
  ["prompt", "q", "Ska riktlinjen förbjuda gratistjänster?", "promptriktlinjer,informationssäkerhet", "Många använder gratisversioner av AI-tjänster privat och i jobbet. Förbjuder ni det i riktlinjen?"],
  ["prompt", "q", "Hur lär man ut promptning till chefer?", "promptriktlinjer,kompetensutveckling", "Chefer vill förstå vad AI kan, men har ont om tid. Hur har ni lagt upp det?"],
  ["prompt", "d", "Exempel på dåliga promptar att lära av", "promptriktlinjer,etik", "Vi samlar exempel på promptar som gått fel, till exempel med personuppgifter eller för vaga instruktioner. Dela gärna era!"],
  ["other", "q", "Kör någon en språkmodell i egen drift?", "språkmodeller,öppen källkod", "Vi funderar på att köra en öppen modell på egna servrar för att slippa tredjelandsfrågan. Vilken hårdvara och vilken modell använder ni?"],
  ["other", "q", "Vad kräver AI-förordningen av en kommun under 2026?", "ai-förordningen", "Vilka delar av AI-förordningen gäller redan och vad måste vi ha på plats nu? Finns det en checklista?"],
  ["other", "q", "AI-stöd i bygglovshandläggningen", "bygglov,samhällsplanering", "Har någon provat AI för att kontrollera att bygglovsansökningar är kompletta?"],
  ["other", "d", "AI i undervisningen – hur gör ni med bedömning?", "ai-i-undervisningen,skola", "Lärare undrar hur de ska bedöma inlämningar när eleverna kan använda AI. Hur har era skolor hanterat det?"],
  ["other", "q", "Planering av hemtjänstens rutter med AI", "äldreomsorg,integrationer", "Vi vill optimera hemtjänstens körscheman. Finns det system som fungerar med våra verksamhetssystem?"],
  ["other", "q", "Integrera AI med ärendehanteringssystemet", "integrationer,diarieföring", "Vi vill att AI ska föreslå diarieplan och handläggare för inkommande e-post. Hur har ni integrerat?"],
  ["other", "d", "Medborgardialog med hjälp av AI", "samhällsplanering,etik", "Vi har tusentals synpunkter på en översiktsplan. Kan AI hjälpa till att sammanfatta dem utan att tappa enskilda röster?"],
  ["other", "q", "Riskanalys för AI-tjänster – vilken mall använder ni?", "informationssäkerhet,ai-förordningen", "Finns det en gemensam mall för riskanalys av AI-tjänster som kommunerna i länet kan använda?"],
  ["other", "q", "AI och arbetsmiljön för handläggare", "arbetsmiljö,kompetensutveckling", "Några medarbetare oroar sig för att AI ska ta deras jobb. Hur har ni pratat om det på arbetsplatsträffar?"],
  ["other", "q", "Gallring av AI-genererade utkast", "diarieföring,offentlighet-och-sekretess", "Måste vi spara AI-genererade utkast som diarieförs, eller kan de gallras som arbetsmaterial?"],
  ["other", "d", "Gemensamt AI-nätverk i länet – vad vill ni ha ut av det?", "kompetensutveckling,etik", "Vi startar om nätverket för AI-ambassadörer i Gävleborg. Vad vill ni att vi gör tillsammans under våren?", "pub"],
];

const HOUR = 3_600_000;

export async function seedForum(db: DB): Promise<void> {
  for (const [slug, sv, en, area, synonyms, description] of FORUM_TAGS) {
    await db
      .insertInto("tags")
      .values({ slug, name_sv: sv, name_en: en, area, synonyms, description })
      .onConflict((oc) => oc.column("slug").doNothing())
      .execute();
  }
  const tags = await db.selectFrom("tags").select(["id", "slug", "name_sv", "synonyms"]).execute();
  const tagId = (word: string) => {
    const w = word.trim().toLowerCase();
    const t = tags.find((x) => x.slug === w || x.name_sv.toLowerCase() === w || x.synonyms.includes(w));
    if (!t) throw new Error(`seed: unknown tag ${word}`);
    return t.id;
  };
  const users = await db.selectFrom("users").select(["id", "handle", "primary_org_id"]).execute();
  const byHandle = new Map(users.map((u) => [u.handle, u]));
  const people = PEOPLE.filter((p) => byHandle.has(p.handle));
  if (people.length < 4) return;
  const start = Date.UTC(2026, 8, 1, 7, 0, 0); // 1 September 2026

  for (const [i, [topic, kind, title, tagWords, question, vis]] of FORUM_THREADS.entries()) {
    // Public threads come from ambassadors and admins, who may publish publicly.
    const pool = vis === "pub" ? people.filter((p) => p.role !== "member") : people;
    const asker = byHandle.get(pool[(i * 7) % pool.length].handle)!;
    const exists = await db.selectFrom("threads").select("id").where("author_id", "=", asker.id).where("title", "=", title).executeTakeFirst();
    if (exists) continue;
    const created = new Date(start + i * 31 * HOUR);
    const nReplies = [2, 3, 1, 4, 0, 3, 2, 5][i % 8];
    const orgId = asker.primary_org_id!;
    // Org-only threads are answered by colleagues in the same organisation (or nobody).
    const repliers = users.filter((u) => u.id !== asker.id && (vis !== "org" || u.primary_org_id === orgId));
    await db.transaction().execute(async (trx) => {
      const body = `${question}\n\n${CONTEXT[i % CONTEXT.length]}`;
      const t = await trx
        .insertInto("threads")
        .values({
          kind: kind === "q" ? "question" : "discussion", title, slug: slugify(title), body_md: body, body_html: renderMarkdown(body),
          renderer_version: RENDERER_VERSION, org_id: orgId, visibility: vis === "org" ? "organisation" : vis === "pub" ? "public" : "network",
          author_id: asker.id, created_at: created, updated_at: created, last_activity_at: created,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const ids = [...new Set(tagWords.split(",").map(tagId))];
      await trx.insertInto("thread_tags").values(ids.map((tag_id) => ({ thread_id: t.id, tag_id }))).execute();
      await trx.insertInto("thread_watchers").values({ thread_id: t.id, user_id: asker.id }).onConflict((oc) => oc.doNothing()).execute();
      await recordSearchChange(trx, "thread", t.id);
      const postIds: { id: string; votes: number }[] = [];
      let last = created;
      for (let k = 0; k < Math.min(nReplies, repliers.length); k++) {
        const author = repliers[(i * 5 + k * 11) % repliers.length];
        const text = ANSWERS[topic][(i * 2 + k) % ANSWERS[topic].length]; // distinct within a thread (≤ 5 replies, 6 answers)
        last = new Date(created.getTime() + (k + 1) * (3 + ((i + k) % 20)) * HOUR);
        const p = await trx
          .insertInto("posts")
          .values({ thread_id: t.id, number: k + 1, author_id: author.id, body_md: text, body_html: renderMarkdown(text), renderer_version: RENDERER_VERSION, created_at: last, updated_at: last })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx.insertInto("thread_watchers").values({ thread_id: t.id, user_id: author.id }).onConflict((oc) => oc.doNothing()).execute();
        const voters = repliers.filter((u) => u.id !== author.id).slice((i + k) % 5, ((i + k) % 5) + ((i * 3 + k * 5) % 6));
        if (voters.length) await trx.insertInto("votes").values(voters.map((u) => ({ post_id: p.id, user_id: u.id }))).onConflict((oc) => oc.doNothing()).execute();
        await trx.updateTable("posts").set({ votes: voters.length }).where("id", "=", p.id).execute();
        postIds.push({ id: p.id, votes: voters.length });
        await recordSearchChange(trx, "post", p.id);
      }
      // About two thirds of answered questions are solved; the asker picks the most helpful answer.
      const accepted = kind === "q" && postIds.length > 0 && i % 3 !== 2 ? [...postIds].sort((a, b) => b.votes - a.votes)[0].id : null;
      await trx.updateTable("threads").set({ reply_count: postIds.length, last_activity_at: last, accepted_post_id: accepted }).where("id", "=", t.id).execute();
      // "We have this question too" from a couple of people elsewhere.
      if (kind === "q" && vis !== "org") {
        const followers = users.filter((u) => u.id !== asker.id && u.primary_org_id !== orgId).slice(i % 7, (i % 7) + (i % 3));
        if (followers.length) await trx.insertInto("question_followers").values(followers.map((u) => ({ thread_id: t.id, user_id: u.id }))).onConflict((oc) => oc.doNothing()).execute();
      }
    });
  }
}

// A closing line per thread, so questions carry a little local context.
const CONTEXT = [
  "Vi är en mindre kommun och har ingen egen AI-kompetens, så enkla lösningar uppskattas.",
  "Tacksam för tips, gärna med erfarenheter av vad som *inte* fungerade.",
  "Frågan kommer från vår ledningsgrupp som vill ha ett underlag före årsskiftet.",
  "Vi har pratat med vårt dataskyddsombud men vill gärna höra hur andra resonerat.",
  "Om någon har dokument att dela går det bra att länka eller skicka till mig.",
  "Vi är i början av arbetet och vill undvika att uppfinna hjulet igen.",
];
