// Labels in Vietnamese (the default) and English, and number and period formats for each.
// Placeholders are {name}; fill them with t(key, {name: value}).

export const LANGUAGES = ['vi', 'en'];
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

const TEXT = {
  vi: {
    skip: 'Bỏ qua, tới nội dung chính',
    brandSub: 'Hội Liên hiệp Phụ nữ · Bảng theo dõi trực tiếp',
    pageTitle: '{unit} · {period} · Pulse',
    language: 'Ngôn ngữ',
    liveConnecting: 'Đang kết nối…',
    liveLive: 'Đang cập nhật trực tiếp',
    liveReconnecting: 'Mất kết nối, đang kết nối lại…',
    liveOffline: 'Chưa kết nối được, sẽ thử lại',
    liveShortConnecting: 'Kết nối…',
    liveShortLive: 'Trực tiếp',
    liveShortReconnecting: 'Mất kết nối',
    liveShortOffline: 'Ngoại tuyến',
    healthUp: 'Hệ thống hoạt động bình thường',
    healthDown: 'Hệ thống gặp sự cố',
    healthUnreachable: 'Không liên lạc được với máy chủ',
    healthChecking: 'Đang kiểm tra hệ thống…',
    healthStreams: 'Luồng xử lý',
    healthViewers: 'Người đang xem',
    healthDeadLetters: 'Bản ghi lỗi',
    deadLettersSummary: '{count} bản ghi lỗi chưa được tính — xem các bản ghi mới nhất',
    deadLettersNote: 'Các bản ghi này không dùng được (sai định dạng hoặc vi phạm quy tắc) và không được tính vào số liệu. Chúng nằm trong chủ đề pipeline.dead-letters.v1 kèm lý do.',
    deadLettersWhen: 'Thời điểm',
    deadLettersSource: 'Nguồn',
    deadLettersReason: 'Lý do',
    healthChecked: 'kiểm tra lúc {time}',
    tokenPrompt: 'Cần mã truy cập để xem số liệu.',
    tokenLabel: 'Mã truy cập',
    tokenSave: 'Lưu',
    tokenClear: 'Xoá mã đã lưu',
    tokenRefused: 'Mã truy cập không được chấp nhận, vui lòng kiểm tra lại.',
    breadcrumb: 'Đường dẫn đơn vị',
    childPicker: 'Xem đơn vị trực thuộc',
    childPickerNone: 'Không có đơn vị trực thuộc',
    childPickerChoose: '— Chọn đơn vị —',
    period: 'Kỳ báo cáo',
    periodKind: 'Loại kỳ',
    year: 'Năm',
    quarter: 'Quý',
    month: 'Tháng',
    periodYearLabel: 'Năm',
    periodPartLabel: 'Quý hoặc tháng',
    periodPrev: 'Kỳ trước',
    periodNext: 'Kỳ sau',
    periodOfYear: 'Năm {year}',
    periodOfQuarter: 'Quý {q}/{year}',
    periodOfMonth: 'Tháng {m}/{year}',
    quarterOption: 'Quý {q}',
    monthOption: 'Tháng {m}',
    monthShort: 'T{m}',
    'level.PROVINCE': 'Cấp tỉnh',
    'level.DISTRICT': 'Cấp huyện',
    'level.COMMUNE': 'Cấp xã',
    'level.BRANCH': 'Chi hội',
    kpiHeading: 'Chỉ số chính',
    rate: 'Tỷ lệ tham gia',
    rateSub: '{participants} / {eligible} hội viên tham gia',
    rateNone: 'Chưa có hội viên trong kỳ',
    activitiesHeld: 'Hoạt động',
    heldSub: '{share} được truyền thông',
    supported: 'Hộ được hỗ trợ',
    supportedSub: 'Hộ nghèo, cận nghèo năm {year}',
    exitedHouseholds: 'Thoát nghèo, cận nghèo',
    exitedSub: '{share} số hộ được hỗ trợ',
    participationTitle: 'Tham gia sinh hoạt',
    participants: 'Hội viên tham gia',
    eligible: 'Hội viên trong kỳ',
    attendances: 'Lượt tham dự',
    trendCaption: 'Tỷ lệ tham gia theo tháng, {from} – {to}',
    trendBar: '{month}: {rate} ({participants}/{eligible})',
    trendMonth: 'Tháng',
    selectedPeriod: 'kỳ đang xem',
    activitiesTitle: 'Hoạt động',
    byMode: 'Hình thức tổ chức',
    'mode.inPerson': 'Trực tiếp',
    'mode.online': 'Trực tuyến',
    'mode.hybrid': 'Kết hợp',
    modeChart: 'Hoạt động theo hình thức: {parts}',
    noActivities: 'Chưa có hoạt động trong kỳ',
    publicised: 'Được truyền thông',
    publicisedDetail: '{n}/{total} hoạt động',
    childrenPublicised: 'Đơn vị trực thuộc có truyền thông',
    childrenPublicisedDetail: '{n}/{total} đơn vị',
    channels: 'Kênh truyền thông',
    'channel.ZALO': 'Zalo',
    'channel.FACEBOOK': 'Facebook',
    'channel.FANPAGE': 'Fanpage',
    'channel.WEBSITE': 'Website',
    'channel.OTHER': 'Khác',
    channelDetail: '{n} ({share})',
    povertyTitle: 'Giảm nghèo',
    povertyNote: 'Năm {year}',
    exitedPoverty: 'Thoát nghèo',
    exitedNearPoverty: 'Thoát cận nghèo',
    relapsed: 'Tái nghèo',
    poorAtYearEnd: 'Hộ nghèo cuối năm',
    nearPoorAtYearEnd: 'Hộ cận nghèo cuối năm',
    exitShareTitle: 'Tỷ lệ thoát nghèo, cận nghèo trong số hộ được hỗ trợ',
    exitShare: '{exited}/{supported} hộ ({share})',
    yearEndTitle: 'Hộ nghèo và cận nghèo cuối năm',
    noYearEnd: 'Không có hộ nghèo hay cận nghèo cuối năm',
    drillTitle: 'Các đơn vị trực thuộc',
    drillCount: '{n} đơn vị',
    drillHint: 'Bấm tên đơn vị để xem chi tiết; bấm tiêu đề cột để sắp xếp.',
    drillCaption: 'Số liệu các đơn vị trực thuộc {unit}, {period}',
    drillEmpty: 'Đơn vị này không có đơn vị trực thuộc.',
    'col.name': 'Đơn vị',
    'col.rate': 'Tỷ lệ tham gia',
    'col.eligible': 'Hội viên',
    'col.participants': 'Tham gia',
    'col.held': 'Hoạt động',
    'col.publicised': 'Được truyền thông',
    'col.supported': 'Hộ được hỗ trợ',
    'col.exited': 'Thoát nghèo, cận nghèo',
    sortAscending: 'sắp xếp tăng dần',
    sortDescending: 'sắp xếp giảm dần',
    notReady: 'Số liệu đang được tính, sẽ tự tải lại sau giây lát…',
    unknownUnit: 'Không tìm thấy đơn vị “{unit}”.',
    loadFailed: 'Không tải được số liệu: {message}',
    asOf: 'Số liệu lúc {time}',
    lastLive: 'cập nhật trực tiếp gần nhất lúc {time}',
    footerNote: 'Số liệu tổng hợp, không có thông tin cá nhân của hội viên hay hộ gia đình.',
  },
  en: {
    skip: 'Skip to the main content',
    brandSub: "Women's Union · Live dashboard",
    pageTitle: '{unit} · {period} · Pulse',
    language: 'Language',
    liveConnecting: 'Connecting…',
    liveLive: 'Live',
    liveReconnecting: 'Connection lost, reconnecting…',
    liveOffline: 'Not connected, will retry',
    liveShortConnecting: 'Connecting…',
    liveShortLive: 'Live',
    liveShortReconnecting: 'Reconnecting',
    liveShortOffline: 'Offline',
    healthUp: 'System healthy',
    healthDown: 'System degraded',
    healthUnreachable: 'Server unreachable',
    healthChecking: 'Checking the system…',
    healthStreams: 'Streams',
    healthViewers: 'Live viewers',
    healthDeadLetters: 'Dead letters',
    deadLettersSummary: '{count} records not counted — show the latest',
    deadLettersNote: 'These records could not be used (not decodable, or breaking the rules) and are not in the figures. They are kept in the topic pipeline.dead-letters.v1 with their reason.',
    deadLettersWhen: 'When',
    deadLettersSource: 'Source',
    deadLettersReason: 'Reason',
    healthChecked: 'checked at {time}',
    tokenPrompt: 'Reading the figures needs an access token.',
    tokenLabel: 'Access token',
    tokenSave: 'Save',
    tokenClear: 'Forget the saved token',
    tokenRefused: 'This access token was refused; please check it.',
    breadcrumb: 'Unit path',
    childPicker: 'Go to a sub-unit',
    childPickerNone: 'No sub-units',
    childPickerChoose: '— Choose a unit —',
    period: 'Period',
    periodKind: 'Kind of period',
    year: 'Year',
    quarter: 'Quarter',
    month: 'Month',
    periodYearLabel: 'Year',
    periodPartLabel: 'Quarter or month',
    periodPrev: 'Previous period',
    periodNext: 'Next period',
    periodOfYear: '{year}',
    periodOfQuarter: 'Q{q} {year}',
    periodOfMonth: '{monthName} {year}',
    quarterOption: 'Q{q}',
    monthOption: '{monthName}',
    monthShort: '{monthShort}',
    'level.PROVINCE': 'Province',
    'level.DISTRICT': 'District',
    'level.COMMUNE': 'Commune',
    'level.BRANCH': 'Branch',
    kpiHeading: 'Key figures',
    rate: 'Participation rate',
    rateSub: '{participants} of {eligible} members took part',
    rateNone: 'No members in this period',
    activitiesHeld: 'Activities',
    heldSub: '{share} publicised',
    supported: 'Households supported',
    supportedSub: 'Poor and near-poor households in {year}',
    exitedHouseholds: 'Out of poverty or near-poverty',
    exitedSub: '{share} of households supported',
    participationTitle: 'Participation',
    participants: 'Members who took part',
    eligible: 'Members in the period',
    attendances: 'Attendances',
    trendCaption: 'Participation rate by month, {from} – {to}',
    trendBar: '{month}: {rate} ({participants}/{eligible})',
    trendMonth: 'Month',
    selectedPeriod: 'period shown',
    activitiesTitle: 'Activities',
    byMode: 'How they were held',
    'mode.inPerson': 'In person',
    'mode.online': 'Online',
    'mode.hybrid': 'Hybrid',
    modeChart: 'Activities by mode: {parts}',
    noActivities: 'No activities in this period',
    publicised: 'Publicised',
    publicisedDetail: '{n} of {total} activities',
    childrenPublicised: 'Sub-units that publicised',
    childrenPublicisedDetail: '{n} of {total} units',
    channels: 'Channels',
    'channel.ZALO': 'Zalo',
    'channel.FACEBOOK': 'Facebook',
    'channel.FANPAGE': 'Fanpage',
    'channel.WEBSITE': 'Website',
    'channel.OTHER': 'Other',
    channelDetail: '{n} ({share})',
    povertyTitle: 'Poverty reduction',
    povertyNote: 'Year {year}',
    exitedPoverty: 'Out of poverty',
    exitedNearPoverty: 'Out of near-poverty',
    relapsed: 'Fell back into poverty',
    poorAtYearEnd: 'Poor at year end',
    nearPoorAtYearEnd: 'Near-poor at year end',
    exitShareTitle: 'Supported households that left poverty or near-poverty',
    exitShare: '{exited} of {supported} households ({share})',
    yearEndTitle: 'Poor and near-poor households at year end',
    noYearEnd: 'No poor or near-poor household at year end',
    drillTitle: 'Sub-units',
    drillCount: '{n} units',
    drillHint: 'Select a unit to see its figures; select a column heading to sort.',
    drillCaption: 'Figures of the sub-units of {unit}, {period}',
    drillEmpty: 'This unit has no sub-units.',
    'col.name': 'Unit',
    'col.rate': 'Participation rate',
    'col.eligible': 'Members',
    'col.participants': 'Took part',
    'col.held': 'Activities',
    'col.publicised': 'Publicised',
    'col.supported': 'Households supported',
    'col.exited': 'Out of (near-)poverty',
    sortAscending: 'sorted ascending',
    sortDescending: 'sorted descending',
    notReady: 'The figures are still being computed; reloading shortly…',
    unknownUnit: 'There is no unit “{unit}”.',
    loadFailed: 'Could not load the figures: {message}',
    asOf: 'Figures as of {time}',
    lastLive: 'last live update at {time}',
    footerNote: 'Aggregate figures only: nothing about any single member or household.',
  },
};

let current = 'vi';
let formats = makeFormats('vi');

function makeFormats(lang) {
  const locale = LOCALES[lang];
  return {
    number: new Intl.NumberFormat(locale),
    percent: new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    percentShort: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    monthLong: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }),
    monthShort: new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }),
  };
}

export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'vi';
  formats = makeFormats(current);
  return current;
}

export function language() {
  return current;
}

export function t(key, values = {}) {
  const text = TEXT[current][key] ?? TEXT.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

export function formatNumber(n) {
  return n == null ? '–' : formats.number.format(n);
}

/** A share (0..1) as a percentage with one decimal; '–' when there is nothing to divide. */
export function formatPercent(share) {
  return share == null || Number.isNaN(share) ? '–' : formats.percent.format(share);
}

export function formatPercentShort(share) {
  return share == null || Number.isNaN(share) ? '–' : formats.percentShort.format(share);
}

export function formatTime(date) {
  return formats.time.format(date);
}

function monthDate(m) {
  return new Date(Date.UTC(2000, m - 1, 1));
}

export function monthName(m) {
  return formats.monthLong.format(monthDate(m));
}

export function monthShortName(m) {
  return t('monthShort', { m, monthShort: formats.monthShort.format(monthDate(m)) });
}
