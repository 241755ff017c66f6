//! Validators for Chinese personal and organisational identifiers.
//!
//! Each validator takes the compact value (no spaces or separators) and says why it is not
//! valid, not just whether: [`InvalidReason`] names the failing part (length, format, date,
//! checksum, region, prefix). Checks run in a fixed order (length, format, checksum, date,
//! region), the order `python-stdnum` uses, so the first failing part is reported.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// Why a value is not a valid identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvalidReason {
    /// Wrong number of characters.
    Length,
    /// A character that is not allowed at its position.
    Format,
    /// The check character does not match.
    Checksum,
    /// The embedded date is not a calendar date, lies in the future or before 1850.
    Date,
    /// The region code's province prefix is not a GB/T 2260 province.
    Region,
    /// The number does not start with a known prefix (mobile segment, card issuer).
    Prefix,
}

impl InvalidReason {
    /// A short lowercase name: `length`, `format`, `checksum`, `date`, `region`, `prefix`.
    pub fn as_str(self) -> &'static str {
        match self {
            InvalidReason::Length => "length",
            InvalidReason::Format => "format",
            InvalidReason::Checksum => "checksum",
            InvalidReason::Date => "date",
            InvalidReason::Region => "region",
            InvalidReason::Prefix => "prefix",
        }
    }
}

impl fmt::Display for InvalidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::error::Error for InvalidReason {}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 1990.
    pub year: u32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl Date {
    /// The date if `year-month-day` exists on the calendar.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Earliest birth year accepted in an ID number.
pub const MIN_BIRTH_YEAR: u32 = 1850;

/// Today's date (UTC) from the system clock.
///
/// On `wasm32-unknown-unknown` there is no clock: the result is 31 December of
/// [`NO_CLOCK_YEAR`], so that dates up to then count as "not in the future" (a graceful
/// fallback: far-future dates are still rejected).
pub fn today() -> Date {
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    {
        Date {
            year: NO_CLOCK_YEAR,
            month: 12,
            day: 31,
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        civil_from_days((secs / 86_400) as i64)
    }
}

/// The year used as "today" where no clock exists (wasm32-unknown-unknown).
pub const NO_CLOCK_YEAR: u32 = 2046;

/// Converts days since 1970-01-01 to a date (Howard Hinnant's algorithm).
#[cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), allow(dead_code))]
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date {
        year: y.max(0) as u32,
        month: m as u32,
        day: d as u32,
    }
}

/// The GB/T 2260 region table shipped in `dictionaries/regions.tsv`: code → name.
pub fn regions() -> &'static HashMap<u32, &'static str> {
    static TABLE: OnceLock<HashMap<u32, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in include_str!("../../../../dictionaries/regions.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            if let (Some(code), Some(name)) = (cols.next(), cols.next()) {
                if let Ok(c) = code.trim().parse::<u32>() {
                    map.insert(c, name.trim());
                }
            }
        }
        map
    })
}

/// How well a 6-digit region code is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionMatch {
    /// Listed in the current table.
    Listed(&'static str),
    /// Not listed, but its province prefix is (abolished or unlisted code).
    ProvinceOnly(&'static str),
}

/// Looks up a 6-digit region code.
///
/// # Errors
/// [`InvalidReason::Format`] when `code` is not 6 ASCII digits, [`InvalidReason::Region`]
/// when its province prefix is not a GB/T 2260 province.
pub fn region(code: &str) -> Result<RegionMatch, InvalidReason> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidReason::Format);
    }
    let n: u32 = code.parse().map_err(|_| InvalidReason::Format)?;
    let table = regions();
    if let Some(name) = table.get(&n) {
        return Ok(RegionMatch::Listed(name));
    }
    match table.get(&(n / 10_000 * 10_000)) {
        Some(name) => Ok(RegionMatch::ProvinceOnly(name)),
        None => Err(InvalidReason::Region),
    }
}

fn digits_value(s: &[u8]) -> u32 {
    s.iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// The ISO 7064 MOD 11-2 check character (`0`–`9` or `X`) of the 17 digits of an ID.
/// Returns `None` when `first17` is not 17 ASCII digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    let v = (12 - sum % 11) % 11;
    Some(if v == 10 {
        'X'
    } else {
        char::from(b'0' + v as u8)
    })
}

/// Validates an 18-character resident ID number (GB 11643): 17 digits and a check
/// character (`X` or `x` allowed), ISO 7064 MOD 11-2 checksum, a real birth date between
/// [`MIN_BIRTH_YEAR`] and today, a region code whose province is in GB/T 2260.
///
/// ```
/// use zhproof::privacy::{validate_resident_id, InvalidReason};
/// assert_eq!(validate_resident_id("11010519491231002X"), Ok(()));
/// assert_eq!(validate_resident_id("110105194912310021"), Err(InvalidReason::Checksum));
/// ```
///
/// # Errors
/// The first failing part, in the order length, format (a non-digit among the first 17),
/// checksum (also for a last character other than a digit or `X`), date, region.
pub fn validate_resident_id(id: &str) -> Result<(), InvalidReason> {
    validate_resident_id_at(id, today())
}

/// [`validate_resident_id`] with an explicit "today" for the not-in-the-future check.
///
/// # Errors
/// As [`validate_resident_id`].
pub fn validate_resident_id_at(id: &str, today: Date) -> Result<(), InvalidReason> {
    if id.chars().count() != 18 {
        return Err(InvalidReason::Length);
    }
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return Err(InvalidReason::Format);
    }
    // A last character that is neither a digit nor X is a wrong check character.
    let last = b[17].to_ascii_uppercase();
    if resident_id_check_char(&id[..17]) != Some(char::from(last)) {
        return Err(InvalidReason::Checksum);
    }
    check_birth(
        digits_value(&b[6..10]),
        digits_value(&b[10..12]),
        digits_value(&b[12..14]),
        today,
    )?;
    region(&id[..6]).map(|_| ())
}

fn check_birth(year: u32, month: u32, day: u32, today: Date) -> Result<(), InvalidReason> {
    let d = Date::new(year, month, day).ok_or(InvalidReason::Date)?;
    if d > today || year < MIN_BIRTH_YEAR {
        return Err(InvalidReason::Date);
    }
    Ok(())
}

/// Validates a legacy 15-digit resident ID (issued before 1999): region code, birth date
/// `YYMMDD` in the 1900s, 3-digit sequence, no check digit. Because it has no checksum, the
/// region code must be listed in the table (not only its province).
///
/// # Errors
/// [`InvalidReason::Length`], [`InvalidReason::Format`] (not all digits),
/// [`InvalidReason::Date`], [`InvalidReason::Region`].
pub fn validate_legacy_resident_id(id: &str) -> Result<(), InvalidReason> {
    let b = id.as_bytes();
    if id.chars().count() != 15 || b.len() != 15 {
        return Err(InvalidReason::Length);
    }
    if !b.iter().all(u8::is_ascii_digit) {
        return Err(InvalidReason::Format);
    }
    check_birth(
        1900 + digits_value(&b[6..8]),
        digits_value(&b[8..10]),
        digits_value(&b[10..12]),
        today(),
    )?;
    match region(&id[..6])? {
        RegionMatch::Listed(_) => Ok(()),
        RegionMatch::ProvinceOnly(_) => Err(InvalidReason::Region),
    }
}

const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The GB 32100 check character of the first 17 characters of a unified social credit
/// code, or `None` when a character is outside the code's alphabet.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0usize;
    for (&c, w) in b.iter().zip(WEIGHTS) {
        let v = USCC_ALPHABET
            .iter()
            .position(|&a| a == c.to_ascii_uppercase())?;
        sum += v * w;
    }
    Some(char::from(USCC_ALPHABET[(31 - sum % 31) % 31]))
}

/// Validates an 18-character unified social credit code (统一社会信用代码, GB 32100):
/// 8 digits (registering authority, organisation type, region), then 10 characters from
/// `0-9A-HJ-NPQRTUWXY` (lower case accepted), the last a check character.
///
/// ```
/// use zhproof::privacy::validate_uscc;
/// assert!(validate_uscc("91110000802100433B").is_ok());
/// assert!(validate_uscc("91110000802100433C").is_err());
/// ```
///
/// # Errors
/// [`InvalidReason::Length`], [`InvalidReason::Format`] or [`InvalidReason::Checksum`].
pub fn validate_uscc(code: &str) -> Result<(), InvalidReason> {
    let b = code.as_bytes();
    if code.chars().count() != 18 || b.len() != 18 {
        return Err(InvalidReason::Length);
    }
    if !b[..8].iter().all(u8::is_ascii_digit) {
        return Err(InvalidReason::Format);
    }
    if !b[8..]
        .iter()
        .all(|c| USCC_ALPHABET.contains(&c.to_ascii_uppercase()))
    {
        return Err(InvalidReason::Format);
    }
    if uscc_check_char(&code[..17]).map(|c| c as u8) != Some(b[17].to_ascii_uppercase()) {
        return Err(InvalidReason::Checksum);
    }
    Ok(())
}

/// Validates the Luhn (mod 10) checksum of a digit string of any length.
///
/// # Errors
/// [`InvalidReason::Format`] for an empty string or a non-digit, [`InvalidReason::Checksum`].
pub fn validate_luhn(number: &str) -> Result<(), InvalidReason> {
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidReason::Format);
    }
    let sum: u32 = number
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                d2 / 10 + d2 % 10
            } else {
                d
            }
        })
        .sum();
    if sum % 10 == 0 {
        Ok(())
    } else {
        Err(InvalidReason::Checksum)
    }
}

/// True when a card number starts with a known issuer prefix: UnionPay `62`, Visa `4`,
/// Mastercard `51`–`55` and `2221`–`2720`, JCB `3528`–`3589`, and the older domestic
/// prefixes `60` (e.g. Bank of China 6013) and `95` (e.g. ICBC 9558).
pub fn known_card_issuer(number: &str) -> bool {
    let b = number.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let p2 = digits_value(&b[..2]);
    let p4 = digits_value(&b[..4]);
    matches!(p2, 62 | 60 | 95 | 51..=55)
        || b[0] == b'4'
        || (2221..=2720).contains(&p4)
        || (3528..=3589).contains(&p4)
}

/// Validates a bank card number: 16–19 digits, a known issuer prefix
/// ([`known_card_issuer`]) and the Luhn checksum.
///
/// Some UnionPay debit cards do not satisfy Luhn; the detector therefore reports a card
/// that fails only the checksum when a context word (银行卡, 卡号, 账号…) is near.
///
/// # Errors
/// [`InvalidReason::Length`], [`InvalidReason::Format`], [`InvalidReason::Prefix`] or
/// [`InvalidReason::Checksum`].
pub fn validate_bank_card(number: &str) -> Result<(), InvalidReason> {
    if !(16..=19).contains(&number.chars().count()) || !(16..=19).contains(&number.len()) {
        return Err(InvalidReason::Length);
    }
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidReason::Format);
    }
    if !known_card_issuer(number) {
        return Err(InvalidReason::Prefix);
    }
    validate_luhn(number)
}

/// Validates a mainland mobile number (11 digits, without country code) against the
/// allocated segments: 13x, 145–149, 150–153, 155–159, 162, 165–167, 170–178, 18x,
/// 190–193, 195–199.
///
/// # Errors
/// [`InvalidReason::Length`], [`InvalidReason::Format`], [`InvalidReason::Prefix`].
pub fn validate_mobile(number: &str) -> Result<(), InvalidReason> {
    let b = number.as_bytes();
    if number.chars().count() != 11 || b.len() != 11 {
        return Err(InvalidReason::Length);
    }
    if !b.iter().all(u8::is_ascii_digit) {
        return Err(InvalidReason::Format);
    }
    let seg = digits_value(&b[..3]);
    let ok = matches!(seg,
        130..=139 | 145..=149 | 150..=153 | 155..=159 | 162 | 165..=167 | 170..=178
        | 180..=189 | 190..=193 | 195..=199);
    if ok {
        Ok(())
    } else {
        Err(InvalidReason::Prefix)
    }
}

/// Validates a mainland passport number: `E` or `G` (ordinary), `D` (diplomatic), `S`
/// (service) or `P` (public affairs) followed by 8 digits, or `E` + a letter (not `I`/`O`)
/// + 7 digits (e-passports since 2017).
///
/// # Errors
/// [`InvalidReason::Length`], [`InvalidReason::Prefix`] (unknown first letter) or
/// [`InvalidReason::Format`].
pub fn validate_passport(number: &str) -> Result<(), InvalidReason> {
    let b = number.as_bytes();
    if number.chars().count() != 9 || b.len() != 9 {
        return Err(InvalidReason::Length);
    }
    let first = b[0].to_ascii_uppercase();
    if !matches!(first, b'E' | b'G' | b'D' | b'S' | b'P') {
        return Err(InvalidReason::Prefix);
    }
    let second = b[1].to_ascii_uppercase();
    let second_ok = second.is_ascii_digit()
        || (first == b'E' && second.is_ascii_uppercase() && second != b'I' && second != b'O');
    if !second_ok || !b[2..].iter().all(u8::is_ascii_digit) {
        return Err(InvalidReason::Format);
    }
    Ok(())
}

/// Kinds of travel permits recognised by [`validate_travel_permit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermitKind {
    /// 港澳居民来往内地通行证: `H` or `M` + 8 digits (+ 2-digit issue count).
    HkMacauResident,
    /// 台湾居民来往大陆通行证: 8 digits (card form since 2015), or 10 digits.
    TaiwanResident,
    /// 往来港澳通行证 (mainland residents): `C` + 8 digits or `C` + letter + 7 digits.
    MainlandToHkMacau,
    /// 大陆居民往来台湾通行证: `L` + 8 digits.
    MainlandToTaiwan,
}

/// Validates a travel permit number and says which kind it is.
///
/// # Errors
/// [`InvalidReason::Length`] or [`InvalidReason::Format`] when it fits no kind.
pub fn validate_travel_permit(number: &str) -> Result<PermitKind, InvalidReason> {
    let b = number.as_bytes();
    if !(8..=11).contains(&b.len()) || number.chars().count() != b.len() {
        return Err(InvalidReason::Length);
    }
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let first = b[0].to_ascii_uppercase();
    match (first, b.len()) {
        (b'H' | b'M', 9 | 11) if digits(&b[1..]) => Ok(PermitKind::HkMacauResident),
        (b'C', 9)
            if digits(&b[2..])
                && (b[1].is_ascii_digit()
                    || (b[1].is_ascii_alphabetic()
                        && !matches!(b[1], b'I' | b'O' | b'i' | b'o'))) =>
        {
            Ok(PermitKind::MainlandToHkMacau)
        }
        (b'L', 9) if digits(&b[1..]) => Ok(PermitKind::MainlandToTaiwan),
        (_, 8 | 10) if digits(b) => Ok(PermitKind::TaiwanResident),
        _ if digits(b) || b.len() == 9 || b.len() == 11 => Err(InvalidReason::Format),
        _ => Err(InvalidReason::Length),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u32, m: u32, dd: u32) -> Date {
        Date {
            year: y,
            month: m,
            day: dd,
        }
    }

    #[test]
    fn resident_id_reasons() {
        let today = d(2026, 11, 29);
        assert_eq!(validate_resident_id_at("11010519491231002X", today), Ok(()));
        assert_eq!(validate_resident_id_at("11010519491231002x", today), Ok(()));
        assert_eq!(
            validate_resident_id_at("110105194912310021", today),
            Err(InvalidReason::Checksum)
        );
        assert_eq!(
            validate_resident_id_at("1101051949123100", today),
            Err(InvalidReason::Length)
        );
        assert_eq!(
            validate_resident_id_at("11010519491231002Y", today),
            Err(InvalidReason::Checksum)
        );
        assert_eq!(
            validate_resident_id_at("1101051949123100２X", today),
            Err(InvalidReason::Format)
        );
        // 1990-02-30 does not exist; check digit made valid
        let mut bad_date = String::from("11010519900230123");
        bad_date.push(resident_id_check_char(&bad_date).unwrap_or('0'));
        assert_eq!(
            validate_resident_id_at(&bad_date, today),
            Err(InvalidReason::Date)
        );
        // born in the future relative to `today`
        let mut future = String::from("11010520270101123");
        future.push(resident_id_check_char(&future).unwrap_or('0'));
        assert_eq!(
            validate_resident_id_at(&future, today),
            Err(InvalidReason::Date)
        );
        assert_eq!(validate_resident_id_at(&future, d(2027, 1, 1)), Ok(()));
        // province 99 does not exist
        let mut bad_region = String::from("99010519900101123");
        bad_region.push(resident_id_check_char(&bad_region).unwrap_or('0'));
        assert_eq!(
            validate_resident_id_at(&bad_region, today),
            Err(InvalidReason::Region)
        );
        // an abolished code (崇文区 110103) with a valid province prefix is accepted
        let mut abolished = String::from("11010319800101123");
        abolished.push(resident_id_check_char(&abolished).unwrap_or('0'));
        assert_eq!(region("110103"), Ok(RegionMatch::ProvinceOnly("北京市")));
        assert_eq!(validate_resident_id_at(&abolished, today), Ok(()));
    }

    #[test]
    fn leap_days_and_clock() {
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert_eq!(civil_from_days(0), d(1970, 1, 1));
        assert_eq!(civil_from_days(19_723), d(2024, 1, 1));
        assert!(today().year >= 2024);
    }

    #[test]
    fn legacy_ids() {
        assert_eq!(validate_legacy_resident_id("110105491231002"), Ok(()));
        assert_eq!(
            validate_legacy_resident_id("110105491331002"),
            Err(InvalidReason::Date)
        );
        assert_eq!(
            validate_legacy_resident_id("110103491231002"),
            Err(InvalidReason::Region)
        );
        assert_eq!(
            validate_legacy_resident_id("11010549123100"),
            Err(InvalidReason::Length)
        );
    }

    #[test]
    fn uscc_luhn_cards_mobiles() {
        assert_eq!(validate_uscc("91110000802100433B"), Ok(()));
        assert_eq!(validate_uscc("91110000802100433b"), Ok(()));
        assert_eq!(
            validate_uscc("91110000802100433C"),
            Err(InvalidReason::Checksum)
        );
        assert_eq!(
            validate_uscc("9111000080210043IB"),
            Err(InvalidReason::Format)
        );
        assert_eq!(
            validate_uscc("A1110000802100433B"),
            Err(InvalidReason::Format)
        );
        assert_eq!(validate_luhn("79927398713"), Ok(()));
        assert_eq!(validate_luhn("79927398710"), Err(InvalidReason::Checksum));
        assert_eq!(validate_luhn(""), Err(InvalidReason::Format));
        assert_eq!(validate_bank_card("6222021234567890128"), Ok(()));
        assert_eq!(validate_bank_card("4111111111111111"), Ok(()));
        assert_eq!(
            validate_bank_card("1111111111111117"),
            Err(InvalidReason::Prefix)
        );
        assert_eq!(
            validate_bank_card("6222021234567890"),
            Err(InvalidReason::Checksum)
        );
        assert_eq!(
            validate_bank_card("622202123456789"),
            Err(InvalidReason::Length)
        );
        assert_eq!(validate_mobile("13812345678"), Ok(()));
        assert_eq!(validate_mobile("19412345678"), Err(InvalidReason::Prefix));
        assert_eq!(validate_mobile("12345678901"), Err(InvalidReason::Prefix));
        assert_eq!(validate_mobile("1381234567"), Err(InvalidReason::Length));
    }

    #[test]
    fn passports_and_permits() {
        assert_eq!(validate_passport("E12345678"), Ok(()));
        assert_eq!(validate_passport("EA1234567"), Ok(()));
        assert_eq!(validate_passport("G12345678"), Ok(()));
        assert_eq!(validate_passport("X12345678"), Err(InvalidReason::Prefix));
        assert_eq!(validate_passport("EI1234567"), Err(InvalidReason::Format));
        assert_eq!(validate_passport("E1234567"), Err(InvalidReason::Length));
        assert_eq!(
            validate_travel_permit("H12345678"),
            Ok(PermitKind::HkMacauResident)
        );
        assert_eq!(
            validate_travel_permit("M1234567801"),
            Ok(PermitKind::HkMacauResident)
        );
        assert_eq!(
            validate_travel_permit("C12345678"),
            Ok(PermitKind::MainlandToHkMacau)
        );
        assert_eq!(
            validate_travel_permit("CA1234567"),
            Ok(PermitKind::MainlandToHkMacau)
        );
        assert_eq!(
            validate_travel_permit("L12345678"),
            Ok(PermitKind::MainlandToTaiwan)
        );
        assert_eq!(
            validate_travel_permit("12345678"),
            Ok(PermitKind::TaiwanResident)
        );
        assert_eq!(
            validate_travel_permit("Z12345678"),
            Err(InvalidReason::Format)
        );
        assert_eq!(validate_travel_permit("H123"), Err(InvalidReason::Length));
    }
}
