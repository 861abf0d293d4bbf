// Texts of the page in Vietnamese (default) and English, and number, money and time formats.
// Numbers follow the language: vi-VN (1.155.156 · 97,71%) by default, en-US after the toggle.

export const ZONE = 'Asia/Ho_Chi_Minh';

const TEXTS = {
  vi: {
    title: 'Trung tâm chỉ huy phòng, chống dịch COVID-19 {province}',
    subtitle: 'Tiêm chủng và cửa khẩu, cập nhật trực tiếp',
    otherLanguage: 'English',
    stockTitle: 'Tồn kho vắc xin',
    stockWindow: 'Bình quân 7 ngày đến',
    stockAlerts: 'Cảnh báo thiếu vắc xin',
    stockScope: 'Đơn vị',
    stockProvince: 'Toàn tỉnh',
    stockProvinceStore: 'Kho của tỉnh',
    stockProduct: 'Loại vắc xin',
    stockAllocated: 'Được phân bổ',
    stockAdministered: 'Đã tiêm',
    stockOnHand: 'Tồn kho',
    stockAverage: 'Bình quân/ngày (7 ngày)',
    stockDays: 'Đủ dùng (ngày)',
    stockAlertOpen: 'Sắp hết',
    downloadStock: 'Tồn kho',
    vaccination: 'Tiêm chủng vắc xin COVID-19',
    asOf: 'Số liệu đến',
    dosesAdministered: 'Số liều đã tiêm',
    dosesAllocated: 'Số liều được phân bổ',
    dosesUsedPct: 'Tỷ lệ liều đã sử dụng',
    boosterDoses: 'Mũi nhắc lại (18+)',
    ageGroup: 'Nhóm tuổi',
    population: 'Dân số',
    atLeastOneDose: '≥ 1 mũi',
    twoDoses: '2 mũi',
    boosters: 'Mũi nhắc',
    adults: '18 tuổi trở lên',
    teens: '12–17 tuổi',
    mapTitle: 'Tỷ lệ tiêm đủ 2 mũi (18+) theo huyện, thành phố',
    legend: 'Chú giải',
    noData: 'Chưa có số liệu',
    download: 'Tải về:',
    downloadDistricts: 'Theo huyện',
    downloadDaily: 'Số liều theo ngày',
    downloadGates: 'Các cửa khẩu',
    downloadAlerts: 'Cảnh báo',
    downloadMonthlyTrade: 'Kim ngạch theo tháng:',
    downloadHourly: 'Xe qua mỗi giờ:',
    borderTrade: 'Xuất nhập khẩu qua cửa khẩu',
    tradeYear: 'Kim ngạch từ đầu năm',
    againstPlan: 'So với kế hoạch',
    plan: 'Kế hoạch',
    growth: 'So với năm trước',
    previousYear: 'Năm trước',
    exportImport: 'Xuất khẩu / nhập khẩu',
    tradeToday: 'Kim ngạch hôm nay (các cửa khẩu)',
    activeAlerts: 'Cảnh báo đang mở',
    gates: 'Các cửa khẩu',
    tradeTodayShort: 'Hôm nay',
    tradeYearShort: 'Từ đầu năm',
    backlog: 'Xe chờ trong bãi',
    waitP90: 'Thời gian chờ P90',
    waitP50: 'Thời gian chờ P50',
    vehiclesLastHour: 'Xe qua trong giờ trước',
    vehiclesPerHour: 'Xe qua mỗi giờ, 24 giờ qua',
    closed: 'Tạm dừng thông quan',
    kind_INTERNATIONAL_ROAD: 'Cửa khẩu quốc tế (đường bộ)',
    kind_INTERNATIONAL_RAIL: 'Cửa khẩu quốc tế (đường sắt)',
    kind_MAIN: 'Cửa khẩu chính',
    kind_BILATERAL: 'Cửa khẩu song phương',
    alert_BACKLOG: 'Ùn ứ: {value} xe trong bãi (ngưỡng {threshold})',
    alert_WAIT: 'Chờ lâu: P90 {value} phút (ngưỡng {threshold})',
    alertSince: 'từ {time}',
    districtDoses: 'Số liều đã tiêm',
    districtAllocated: 'Số liều phân bổ',
    vehicles: '{n} xe',
    minutes: '{n} phút',
    billionUsd: '{n} tỷ USD',
    millionUsd: '{n} triệu USD',
    usd: '{n} USD',
    connecting: 'Đang kết nối…',
    live: 'Trực tiếp · cập nhật {ago}',
    liveNoData: 'Trực tiếp · chờ số liệu',
    offline: 'Mất kết nối, đang thử lại · số liệu lúc {time}',
    offlineNoData: 'Mất kết nối, đang thử lại',
    stale: 'Số liệu chậm {lag} so với hệ thống',
    unauthorized: 'API yêu cầu xác thực',
    tokenLabel: 'Mã truy cập API',
    signIn: 'Đăng nhập',
    tokenRejected: 'Mã truy cập không đúng',
    signInFailed: 'Không đăng nhập được, hãy thử lại',
    secondsAgo: '{n} giây trước',
    minutesAgo: '{n} phút trước',
    justNow: 'vừa xong',
    lagSeconds: '{n} giây',
    lagMinutes: '{n} phút',
  },
  en: {
    title: '{province} COVID-19 command center',
    subtitle: 'Vaccination and border gates, live',
    otherLanguage: 'Tiếng Việt',
    stockTitle: 'Vaccine stock',
    stockWindow: '7-day average to',
    stockAlerts: 'Stock-out alerts',
    stockScope: 'Holder',
    stockProvince: 'Whole province',
    stockProvinceStore: "Province's own store",
    stockProduct: 'Vaccine',
    stockAllocated: 'Allocated',
    stockAdministered: 'Given',
    stockOnHand: 'On hand',
    stockAverage: 'Per day (7-day average)',
    stockDays: 'Lasts (days)',
    stockAlertOpen: 'Running low',
    downloadStock: 'Stock',
    vaccination: 'COVID-19 vaccination',
    asOf: 'Figures as of',
    dosesAdministered: 'Doses administered',
    dosesAllocated: 'Doses allocated',
    dosesUsedPct: 'Allocated doses used',
    boosterDoses: 'Booster doses (18+)',
    ageGroup: 'Age group',
    population: 'Population',
    atLeastOneDose: '≥ 1 dose',
    twoDoses: '2 doses',
    boosters: 'Boosters',
    adults: '18 and over',
    teens: '12–17',
    mapTitle: 'Two-dose coverage (18+) by district',
    legend: 'Legend',
    noData: 'No figures yet',
    download: 'Download:',
    downloadDistricts: 'By district',
    downloadDaily: 'Doses per day',
    downloadGates: 'Gates',
    downloadAlerts: 'Alerts',
    downloadMonthlyTrade: 'Trade by month:',
    downloadHourly: 'Vehicles per hour:',
    borderTrade: 'Trade through the border gates',
    tradeYear: 'Trade so far this year',
    againstPlan: 'Against plan',
    plan: 'Plan',
    growth: 'Against last year',
    previousYear: 'Last year',
    exportImport: 'Exports / imports',
    tradeToday: 'Trade today (all gates)',
    activeAlerts: 'Open alerts',
    gates: 'Border gates',
    tradeTodayShort: 'Today',
    tradeYearShort: 'This year',
    backlog: 'Vehicles waiting in the yard',
    waitP90: 'Wait, 90th percentile',
    waitP50: 'Wait, median',
    vehiclesLastHour: 'Vehicles crossed last hour',
    vehiclesPerHour: 'Vehicles crossed per hour, last 24 hours',
    closed: 'Clearance suspended',
    kind_INTERNATIONAL_ROAD: 'International gate (road)',
    kind_INTERNATIONAL_RAIL: 'International gate (rail)',
    kind_MAIN: 'Main gate',
    kind_BILATERAL: 'Bilateral gate',
    alert_BACKLOG: 'Congestion: {value} vehicles in the yard (threshold {threshold})',
    alert_WAIT: 'Long waits: p90 {value} min (threshold {threshold})',
    alertSince: 'since {time}',
    districtDoses: 'Doses administered',
    districtAllocated: 'Doses allocated',
    vehicles: '{n} vehicles',
    minutes: '{n} min',
    billionUsd: 'USD {n} billion',
    millionUsd: 'USD {n} million',
    usd: 'USD {n}',
    connecting: 'Connecting…',
    live: 'Live · updated {ago}',
    liveNoData: 'Live · waiting for figures',
    offline: 'Connection lost, retrying · figures from {time}',
    offlineNoData: 'Connection lost, retrying',
    stale: 'Figures {lag} behind the pipeline',
    unauthorized: 'The API needs a token',
    tokenLabel: 'API token',
    signIn: 'Sign in',
    tokenRejected: 'The token was not accepted',
    signInFailed: 'Could not sign in, try again',
    secondsAgo: '{n} s ago',
    minutesAgo: '{n} min ago',
    justNow: 'just now',
    lagSeconds: '{n} s',
    lagMinutes: '{n} min',
  },
};

export const LANGUAGES = Object.keys(TEXTS);

const LOCALES = { vi: 'vi-VN', en: 'en-US' };

let language = 'vi';

export function setLanguage(lang) {
  language = TEXTS[lang] ? lang : 'vi';
  document.documentElement.lang = language;
}

export function currentLanguage() {
  return language;
}

/** The text for a key in the current language, with {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = TEXTS[language][key] ?? TEXTS.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? ''));
}

/** Vietnamese words that begin a province-level unit's official name ("Tỉnh Lạng Sơn", "Thành phố Hà Nội"). */
const PROVINCE_WORDS = ['Tỉnh ', 'Thành phố '];

/**
 * The data set's provinces as a title names them: "tỉnh Lạng Sơn" in Vietnamese, "Lạng Sơn" in English;
 * several joined ("tỉnh Lạng Sơn, tỉnh Cao Bằng", "Lạng Sơn and Cao Bằng"); empty before they are known.
 */
export function provincesText(officialNames) {
  const names = officialNames.map((official) => {
    const word = PROVINCE_WORDS.find((w) => official.toLowerCase().startsWith(w.toLowerCase()));
    if (language === 'vi') return word ? word.toLowerCase() + official.slice(word.length) : 'tỉnh ' + official;
    return word ? official.slice(word.length) : official;
  });
  if (language === 'vi' || names.length < 2) return names.join(', ');
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

/** Every key of every language (the browser test checks that both languages have them all). */
export function textKeys() {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, Object.keys(TEXTS[lang])]));
}

const formats = new Map();
function numberFormat(fractionDigits) {
  const key = language + fractionDigits;
  if (!formats.has(key)) {
    formats.set(key, new Intl.NumberFormat(LOCALES[language], {
      minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits,
    }));
  }
  return formats.get(key);
}

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

export const DASH = '—';

/** A count: 1.155.156 (vi) or 1,155,156 (en). */
export function integer(value) {
  return isNumber(value) ? numberFormat(0).format(value) : DASH;
}

/** A percentage as the API rounds it, with 2 decimals: 97,71%. */
export function percent(value) {
  return isNumber(value) ? numberFormat(2).format(value) + '%' : DASH;
}

/** Growth with its sign: +55,80%. */
export function signedPercent(value) {
  return isNumber(value) ? (value > 0 ? '+' : '') + percent(value) : DASH;
}

/** Money in USD, shortened: 4,38 tỷ USD · 812,40 triệu USD · 950 USD. */
export function usd(value) {
  if (!isNumber(value)) return DASH;
  if (Math.abs(value) >= 1e9) return t('billionUsd', { n: numberFormat(2).format(value / 1e9) });
  if (Math.abs(value) >= 1e6) return t('millionUsd', { n: numberFormat(2).format(value / 1e6) });
  return t('usd', { n: numberFormat(0).format(value) });
}

/** Money in USD to the cent (tooltips). */
export function usdExact(value) {
  return isNumber(value) ? t('usd', { n: numberFormat(2).format(value) }) : DASH;
}

export function minutes(value) {
  return isNumber(value) ? t('minutes', { n: integer(value) }) : DASH;
}

/** An instant as local time in Lạng Sơn: 09/01/2022 23:59. */
export function dateTime(iso) {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(date);
}

/** A wall-clock time of this screen (when figures last arrived): 14:05:09. */
export function clockTime(date) {
  return new Intl.DateTimeFormat(LOCALES[language], {
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(date);
}

/** How long ago, coarse: vừa xong · 12 giây trước · 3 phút trước. */
export function ago(millis) {
  const seconds = Math.floor(millis / 1000);
  if (seconds < 2) return t('justNow');
  if (seconds < 120) return t('secondsAgo', { n: seconds });
  return t('minutesAgo', { n: Math.floor(seconds / 60) });
}

/** A lag: 45 giây · 3 phút. */
export function duration(millis) {
  const seconds = Math.round(millis / 1000);
  return seconds < 120 ? t('lagSeconds', { n: seconds }) : t('lagMinutes', { n: Math.round(seconds / 60) });
}

/** Adds a module's own texts ({vi: {...}, en: {...}}), so a panel keeps its texts beside its code. */
export function addTexts(texts) {
  for (const lang of LANGUAGES) Object.assign(TEXTS[lang], texts[lang] ?? {});
}

/** A number with a fixed number of decimals, as the API gives it: 3.078,43 (vi) or 3,078.43 (en). */
export function decimal(value, fractionDigits) {
  return isNumber(value) ? numberFormat(fractionDigits).format(value) : DASH;
}

/** A calendar day (YYYY-MM-DD, no time zone involved): 09/01/2022 (vi) or 01/09/2022 (en). */
export function day(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return DASH;
  return language === 'vi' ? `${match[3]}/${match[2]}/${match[1]}` : `${match[2]}/${match[3]}/${match[1]}`;
}

/** A month (YYYY-MM): 01/2021 in either language. */
export function month(iso) {
  const match = /^(\d{4})-(\d{2})$/.exec(iso ?? '');
  return match ? `${match[2]}/${match[1]}` : DASH;
}
