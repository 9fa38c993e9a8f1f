/**
 * What residents type in the search box, and the card that must come first. Written from the review of
 * December 2026 (`shared/reviews/domain-2026-12.md`: the searches it saw fail), the seeds, and how Moroccans
 * name these papers at the counter: Modern Standard Arabic, Darija in Arabic script and in Latin letters
 * ("arabizi", with 3/7/9 for ع/ح/ق), French with and without accents, and Tifinagh in the free and the annexed
 * state. Typos are one letter off, as a thumb on a phone makes them.
 *
 * `expect: null` means no service matches: the answer must then be empty and carry suggestions.
 * Run by `search-relevance.test.ts`, which prints the hit rate and requires every query to pass.
 */
export type QueryLanguage = 'ar' | 'darija' | 'arabizi' | 'fr' | 'zgh';
export type QueryKind = 'name' | 'keyword' | 'typo' | 'spelling' | 'out-of-remit' | 'noise' | 'annexed' | 'none';

export interface RelevanceQuery {
  q: string;
  lang: QueryLanguage;
  kind: QueryKind;
  /** The service code that must rank first, or null when nothing matches. */
  expect: string | null;
}

const q = (lang: QueryLanguage, kind: QueryKind, query: string, expect: string | null): RelevanceQuery => ({ q: query, lang, kind, expect });

export const RELEVANCE_QUERIES: readonly RelevanceQuery[] = [
  // ---- Arabic: names and the words of the counter
  q('ar', 'name', 'تصحيح الإمضاء', 'signature-legalisation'),
  q('ar', 'spelling', 'تصحيح الامضاء', 'signature-legalisation'),
  q('ar', 'keyword', 'المصادقة على التوقيع', 'signature-legalisation'),
  q('ar', 'keyword', 'نسخة طبق الأصل', 'copy-certification'),
  // The law 55.19 wordings the catalogue refuses in what a card demands still find the service itself (issue 10).
  q('ar', 'keyword', 'بإمضاء مصحح', 'signature-legalisation'),
  q('ar', 'keyword', 'توقيع مصحح', 'signature-legalisation'),
  q('ar', 'keyword', 'نسخة مطابقة للأصل', 'copy-certification'),
  q('ar', 'name', 'الإشهاد على مطابقة النسخ', 'copy-certification'),
  q('ar', 'name', 'نسخة موجزة من رسم الولادة', 'birth-certificate-extract'),
  q('ar', 'keyword', 'عقد الازدياد', 'birth-certificate-extract'),
  q('ar', 'spelling', 'عقد الإزدياد', 'birth-certificate-extract'),
  q('ar', 'name', 'نسخة كاملة من رسم الولادة', 'birth-certificate-full-copy'),
  q('ar', 'name', 'البطاقة الشخصية للحالة المدنية', 'individual-civil-status-record'),
  q('ar', 'keyword', 'البطاقة العائلية', 'family-civil-status-record'),
  q('ar', 'keyword', 'دفتر الحالة المدنية', 'family-booklet'),
  q('ar', 'keyword', 'التصريح بالولادة', 'birth-declaration'),
  q('ar', 'keyword', 'تسجيل مولود جديد', 'birth-declaration'),
  q('ar', 'name', 'التصريح بالوفاة', 'death-declaration'),
  q('ar', 'keyword', 'رسم الوفاة', 'death-certificate-copy'),
  q('ar', 'name', 'رخصة البناء', 'building-permit'),
  q('ar', 'keyword', 'رخصة السكنى', 'occupancy-permit'),
  q('ar', 'name', 'رخصة السكن', 'occupancy-permit'),
  q('ar', 'name', 'رخصة الإصلاح', 'repair-permit'),
  q('ar', 'name', 'رخصة الهدم', 'demolition-permit'),
  q('ar', 'name', 'شهادة المطابقة', 'conformity-certificate'),
  q('ar', 'name', 'رخصة التجزئة', 'subdivision-permit'),
  q('ar', 'keyword', 'احتلال الملك العمومي', 'public-domain-occupation'),
  q('ar', 'keyword', 'رخصة فتح محل تجاري', 'business-licence'),
  q('ar', 'keyword', 'شكاية', 'complaint'),
  q('ar', 'keyword', 'الحصول على المعلومات', 'access-to-information'),
  q('ar', 'keyword', 'عريضة', 'petition'),
  q('ar', 'keyword', 'الرسم على الأراضي غير المبنية', 'undeveloped-urban-land-tax'),
  q('ar', 'name', 'شهادة الإبراء الجبائي', 'tax-clearance-certificate'),
  q('ar', 'name', 'نقل الأموات', 'hearse-service'),
  q('ar', 'keyword', 'سيارة الإسعاف', 'ambulance-service'),
  q('ar', 'keyword', 'رخصة الدفن', 'death-certification-burial-permit'),
  q('ar', 'keyword', 'الكلاب الضالة', 'stray-dogs'),
  q('ar', 'keyword', 'تغيير الاسم العائلي', 'family-name-change'),
  q('ar', 'keyword', 'تغيير الاسم الشخصي', 'first-name-change'),
  q('ar', 'keyword', 'تصحيح الاسم', 'name-rectification'),
  q('ar', 'name', 'مكتب الضبط', 'mail-to-the-commune'),
  q('ar', 'keyword', 'صباغة الواجهة', 'repair-permit'),
  q('ar', 'keyword', 'الإشهار', 'advertising-permit'),

  // ---- Arabic: one letter off, missing hamza, ة written ه
  q('ar', 'typo', 'شهادة الاقمة', 'residence-certificate'),
  q('ar', 'typo', 'تصحيح الامضا', 'signature-legalisation'),
  q('ar', 'typo', 'رخصة البنا', 'building-permit'),
  q('ar', 'typo', 'عقد الازدياذ', 'birth-certificate-extract'),
  q('ar', 'spelling', 'شهاده السكنى', 'residence-certificate'),
  q('ar', 'spelling', 'رخصه السكنى', 'occupancy-permit'),
  q('ar', 'spelling', 'الاشهار', 'advertising-permit'),
  q('ar', 'spelling', 'نسخه طبق الاصل', 'copy-certification'),
  q('ar', 'typo', 'رخصة الهذم', 'demolition-permit'),
  q('ar', 'typo', 'الكناش العائلى', 'family-booklet'),

  // ---- Arabic: what another body handles
  q('ar', 'out-of-remit', 'شهادة السكنى', 'residence-certificate'),
  q('ar', 'out-of-remit', 'شهادة الإقامة', 'residence-certificate'),
  q('ar', 'out-of-remit', 'البطاقة الوطنية', 'national-identity-card'),
  q('ar', 'out-of-remit', 'تجديد البطاقة الوطنية', 'national-identity-card'),
  q('ar', 'out-of-remit', 'السجل العدلي', 'criminal-record-extract'),
  q('ar', 'out-of-remit', 'عقد الزواج', 'marriage-act'),
  q('ar', 'out-of-remit', 'مذكرة المعلومات التعميرية', 'urban-planning-note'),
  q('ar', 'out-of-remit', 'الضريبة على السكنى', 'housing-tax'),
  q('ar', 'out-of-remit', 'رسم السكن', 'housing-tax'),
  q('ar', 'out-of-remit', 'رسم الخدمات الجماعية', 'housing-tax'),
  q('ar', 'out-of-remit', 'الرسم المهني', 'professional-tax'),

  // ---- Arabic: problems in the street (lighting, waste)
  q('ar', 'keyword', 'الإنارة العمومية', 'report-a-problem'),
  q('ar', 'keyword', 'الازبال', 'report-a-problem'),
  q('ar', 'keyword', 'جمع النفايات', 'report-a-problem'),

  // ---- Darija in Arabic script, with the words around it
  q('darija', 'keyword', 'لاليگاليزاسيون', 'signature-legalisation'),
  q('darija', 'keyword', 'نصحح الورقة', 'signature-legalisation'),
  q('darija', 'keyword', 'الكناش', 'family-booklet'),
  q('darija', 'keyword', 'لاكارط ناسيونال', 'national-identity-card'),
  q('darija', 'keyword', 'البيرمي', 'building-permit'),
  q('darija', 'keyword', 'الضو ديال الزنقة', 'report-a-problem'),
  q('darija', 'keyword', 'الزبل', 'report-a-problem'),
  q('darija', 'keyword', 'لافيش', 'individual-civil-status-record'),
  q('darija', 'noise', 'شهادة السكنى ديالي', 'residence-certificate'),
  q('darija', 'noise', 'بغيت نصاوب البطاقة الوطنية', 'national-identity-card'),
  q('darija', 'noise', 'فين نصحح الإمضاء', 'signature-legalisation'),
  q('darija', 'keyword', 'الفيشة العائلية', 'family-civil-status-record'),

  // ---- Darija in Latin letters (arabizi)
  q('arabizi', 'keyword', "tasdi9 l'imda2", 'signature-legalisation'),
  q('arabizi', 'keyword', 'l3a9d dyal lizdiyad', 'birth-certificate-extract'),
  q('arabizi', 'keyword', 'kounach', 'family-booklet'),
  q('arabizi', 'keyword', 'rokhsat lbni', 'building-permit'),
  q('arabizi', 'keyword', 'chahadat sokna', 'residence-certificate'),
  q('arabizi', 'keyword', 'lkarta lwatania', 'national-identity-card'),
  q('arabizi', 'keyword', 'chkaya', 'complaint'),
  q('arabizi', 'keyword', 'zbel', 'report-a-problem'),
  q('arabizi', 'keyword', '3a9d zwaj', 'marriage-act'),
  q('arabizi', 'keyword', 'nos5a moujaza', 'birth-certificate-extract'),

  // ---- French
  q('fr', 'name', 'Légalisation de signature', 'signature-legalisation'),
  q('fr', 'spelling', 'legalisation signature', 'signature-legalisation'),
  q('fr', 'keyword', 'copie conforme', 'copy-certification'),
  q('fr', 'keyword', 'copie certifiée conforme', 'copy-certification'),
  q('fr', 'keyword', 'copie certifiée', 'copy-certification'),
  q('fr', 'name', "Extrait d'acte de naissance", 'birth-certificate-extract'),
  q('fr', 'keyword', 'extrait de naissance', 'birth-certificate-extract'),
  q('fr', 'keyword', 'acte de naissance', 'birth-certificate-extract'),
  q('fr', 'keyword', 'copie intégrale', 'birth-certificate-full-copy'),
  q('fr', 'keyword', 'fiche individuelle', 'individual-civil-status-record'),
  q('fr', 'keyword', 'livret de famille', 'family-booklet'),
  q('fr', 'keyword', 'déclaration de naissance', 'birth-declaration'),
  q('fr', 'keyword', 'permis de construire', 'building-permit'),
  q('fr', 'name', "permis d'habiter", 'occupancy-permit'),
  q('fr', 'out-of-remit', 'certificat de résidence', 'residence-certificate'),
  q('fr', 'out-of-remit', 'certificat de residence', 'residence-certificate'),
  q('fr', 'out-of-remit', "carte d'identité nationale", 'national-identity-card'),
  q('fr', 'out-of-remit', 'CNIE', 'national-identity-card'),
  q('fr', 'out-of-remit', 'casier judiciaire', 'criminal-record-extract'),
  q('fr', 'out-of-remit', 'acte de mariage', 'marriage-act'),
  q('fr', 'out-of-remit', 'note de renseignements urbanistiques', 'urban-planning-note'),
  q('fr', 'out-of-remit', "taxe d'habitation", 'housing-tax'),
  q('fr', 'out-of-remit', 'taxe de services communaux', 'housing-tax'),
  q('fr', 'out-of-remit', 'taxe professionnelle', 'professional-tax'),
  q('fr', 'keyword', 'éclairage public', 'report-a-problem'),
  q('fr', 'keyword', 'ordures ménagères', 'report-a-problem'),
  q('fr', 'keyword', 'réclamation', 'complaint'),
  q('fr', 'keyword', 'terrasse café', 'public-domain-occupation'),
  q('fr', 'keyword', 'TNB', 'undeveloped-urban-land-tax'),
  q('fr', 'name', 'quitus fiscal', 'tax-clearance-certificate'),
  q('fr', 'keyword', 'changement de prénom', 'first-name-change'),

  // ---- French: typos and missing accents
  q('fr', 'typo', 'legalisaton signature', 'signature-legalisation'),
  q('fr', 'typo', 'acte de naisance', 'birth-certificate-extract'),
  q('fr', 'typo', 'permis de construir', 'building-permit'),
  q('fr', 'typo', 'certificat de residance', 'residence-certificate'),
  q('fr', 'spelling', 'declaration de deces', 'death-declaration'),
  q('fr', 'spelling', 'extrait d acte de deces', 'death-certificate-copy'),
  q('fr', 'typo', 'copie certifee', 'copy-certification'),
  q('fr', 'spelling', 'ECLAIRAGE PUBLIC', 'report-a-problem'),

  // ---- Tifinagh: names, and nouns in the other state than the card's
  q('zgh', 'name', 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ', 'signature-legalisation'),
  q('zgh', 'annexed', 'ⴰⵣⵎⵓⵍ', 'signature-legalisation'),
  q('zgh', 'name', 'ⴰⵙⵏⵖⵎⵙ ⵏ ⵜⵍⴰⵍⵉⵜ', 'birth-declaration'),
  q('zgh', 'name', 'ⵜⵓⵔⴰⴳⵜ ⵏ ⵓⴱⵏⴰⵢ', 'building-permit'),
  q('zgh', 'annexed', 'ⴰⴱⵏⴰⵢ', 'building-permit'),
  q('zgh', 'name', 'ⵜⴰⵛⵜⴽⵉⵜ', 'complaint'),
  q('zgh', 'name', 'ⴰⴽⵓⵏⵏⵛ ⵏ ⵡⴰⴷⴷⴰⴷ ⴰⵖⵔⴼⴰⵏ', 'family-booklet'),
  q('zgh', 'annexed', 'ⴰⴽⵓⵏⵏⵛ ⵏ ⴰⴷⴷⴰⴷ ⴰⵖⵔⴼⴰⵏ', 'family-booklet'),
  q('zgh', 'annexed', 'ⵜⴰⴱⵔⴰⵜ ⵖⵔ ⵜⴰⵎⵙⵏⴰⴹⵜ', 'mail-to-the-commune'),
  q('zgh', 'annexed', 'ⵜⴰⵙⵓⵜⵔⴰ ⵖⵔ ⴰⵙⵇⵇⵉⵎ', 'petition'),
  q('zgh', 'annexed', 'ⵜⵉⵏⵖⵍⵉⵏ', 'copy-certification'),
  q('zgh', 'name', 'ⴰⵙⵎⵓⵜⵜⵢ ⵏ ⵉⵎⵎⵓⵜⵏ', 'hearse-service'),
  q('zgh', 'name', 'ⴰⵎⵏⵖⵉ ⵏ ⵉⵇⵊⴷⴰⵏ ⵏ ⵓⴱⵔⵉⴷ', 'stray-dogs'),
  q('zgh', 'annexed', 'ⵜⴰⵣⴷⵖⴰ', 'occupancy-permit'),
  q('zgh', 'out-of-remit', 'ⵜⴰⴽⴰⵕⴹⴰ ⵜⴰⵏⴰⵎⵓⵔⵜ ⵏ ⵜⵎⴰⴳⵉⵜ', 'national-identity-card'),
  q('zgh', 'annexed', 'ⵜⴰⴹⵕⵉⴱⵜ ⵖⴼ ⵉⴽⴰⵍⵏ', 'undeveloped-urban-land-tax'),
  q('zgh', 'keyword', 'ⴰⴳⵣⵣⵓⵍ ⵏ ⵓⵣⵎⵎⴻⵎ ⵏ ⵜⵍⴰⵍⵉⵜ', 'birth-certificate-extract'),

  // ---- Written after the ranking was tuned, to check it on queries the data was not shaped for
  q('ar', 'keyword', 'نسخة من عقد الازدياد', 'birth-certificate-extract'),
  q('darija', 'noise', 'كيفاش نصحح الإمضاء', 'signature-legalisation'),
  q('ar', 'keyword', 'رخصة فتح مقهى', 'business-licence'),
  q('darija', 'keyword', 'ترخيص التيراس', 'public-domain-occupation'),
  q('ar', 'keyword', 'تسجيل الازدياد خارج الأجل', 'late-birth-declaration'),
  q('ar', 'keyword', 'حكم تصريحي', 'late-birth-declaration'),
  q('ar', 'keyword', 'حجز ملعب', 'sports-ground-use'),
  q('ar', 'keyword', 'نقل مريض إلى المستشفى', 'ambulance-service'),
  q('ar', 'keyword', 'الربط بالكهرباء', 'utility-connection-authorisation'),
  q('fr', 'noise', "demande d'autorisation de construire", 'building-permit'),
  q('fr', 'spelling', 'raccordement eau electricite', 'utility-connection-authorisation'),
  q('fr', 'keyword', 'autorisation de démolir', 'demolition-permit'),
  q('fr', 'keyword', 'inscription conservatoire', 'cultural-facilities-registration'),
  q('fr', 'keyword', 'corbillard', 'hearse-service'),
  q('fr', 'keyword', 'chiens errants', 'stray-dogs'),
  q('fr', 'keyword', 'dératisation', 'pest-control'),
  q('fr', 'out-of-remit', 'fiche anthropométrique', 'criminal-record-extract'),
  q('fr', 'out-of-remit', 'patente', 'professional-tax'),
  q('fr', 'out-of-remit', 'extrait de casier', 'criminal-record-extract'),
  q('fr', 'keyword', 'taxe sur les terrains non bâtis', 'undeveloped-urban-land-tax'),
  q('zgh', 'annexed', 'ⵜⴰⵛⵜⴽⵉⵜ ⵖⵔ ⵜⵎⵙⵏⴰⴹⵜ', 'complaint'),
  q('zgh', 'annexed', 'ⵜⵉⴹⵕⵉⴱⵉⵏ ⵏ ⵜⵣⴷⵖⴰ', 'housing-tax'),
  q('fr', 'typo', 'legalistion', 'signature-legalisation'),
  q('ar', 'typo', 'شهادة المطابقه', 'conformity-certificate'),

  // ---- Nothing in the catalogue: an empty answer with suggestions
  q('fr', 'none', 'zzzzqqqq', null),
  q('fr', 'none', 'passeport biométrique', null),
  q('fr', 'none', 'permis de conduire', null),
  q('ar', 'none', 'رخصة السياقة', null),
];
