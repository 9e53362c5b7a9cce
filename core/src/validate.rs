//! Validators for answers, one per dictionary [`Kind`], returning the normalised value or a [`Problem`].
//!
//! Input comes from people typing on phones: full-width digits and letters (`１２３`, `Ｘ`), the ideographic space,
//! stray spaces and lower-case letters are normalised before checking. Nothing here indexes a `&str` by byte
//! position; code-like values are checked as ASCII byte slices only after they are known to be ASCII, so no input
//! can panic. "Today" is always a parameter: the core never reads the clock.
//!
//! Sources of the rules: GB 11643-1999 (公民身份号码, ISO 7064 MOD 11-2), GB 32100-2015 (统一社会信用代码) with the
//! GB 11714-1997 organisation-code check on positions 9–17, GB/T 2261.1-2003 (sex codes, 1 男 / 2 女).

use std::fmt;

use crate::dictionary::{Constraints, DateRange, Kind, OptionItem};

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// A real calendar date (proleptic Gregorian). Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Earliest year accepted in a date answer: no one alive was born earlier, and it catches a mistyped century.
pub const EARLIEST_YEAR: u32 = 1800;
/// Latest year accepted in a date answer (far-off deadlines such as 出资期限 stay possible).
pub const LATEST_YEAR: u32 = 2199;

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year` (0 for a month that does not exist).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date that exists in the calendar, years 1–9999.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        let real =
            (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        real.then_some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }

    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The date as Chinese text reads it: `2026年1月31日` (no leading zeros).
    pub fn zh(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// Strict `YYYY-MM-DD`, the stored form of every date answer.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(digits_value(&b[0..4])?, digits_value(&b[5..7])?, digits_value(&b[8..10])?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The value of a run of ASCII digits (at most 9, so it fits), or `None` if any byte is not a digit.
fn digits_value(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

/// What is wrong with one answer. [`Problem::message_zh`] words it for people, naming the field.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A required answer is missing; `choice` picks 请选择 over 请填写.
    Required {
        choice: bool,
    },
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    /// Line breaks or other control characters where one line of text belongs.
    ControlCharacter,
    /// A code of fixed length has another length.
    WrongLength {
        expected: u32,
        found: usize,
    },
    /// A first-generation 15-digit ID number.
    OldIdNumber,
    /// Characters or layout not allowed; `expected` describes the format in words.
    Format {
        expected: &'static str,
    },
    /// The first two digits of an ID number are no province of GB/T 2260.
    IdRegion,
    /// Digits 7–14 of an ID number are no real date.
    IdBirthDate,
    /// The check character does not match (ID number, credit code).
    CheckCharacter,
    /// A credit code character outside the GB 32100 alphabet.
    UsccAlphabet {
        found: char,
    },
    /// Positions 9–17 of a credit code fail the GB 11714 organisation-code check.
    OrganisationCode,
    /// Not a date, or no real date.
    NotADate,
    /// A date outside the years accepted in answers.
    YearOutOfRange,
    /// A date that cannot lie in the future (birth, death) does.
    InFuture,
    /// A date that cannot lie in the past (an appointment) does.
    InPast,
    /// Something other than digits where only digits belong (银行账号), spaces not counted.
    DigitsOnly,
    NotANumber,
    /// More integer digits than any amount in these forms.
    NumberTooLong,
    TooManyDecimals {
        max: u32,
    },
    /// A number outside the element's range; the message states the whole range with its unit (`5%至12%`).
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
        unit: String,
    },
    NotAnOption {
        found: String,
    },
    NotYesNo,
}

/// A bound as people write it: `100`, `0.5`.
fn show_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

impl Problem {
    /// The message for people, naming the field (`公民身份号码（母亲）`).
    pub fn message_zh(&self, name: &str) -> String {
        match self {
            Problem::Required { choice: true } => format!("请选择{name}"),
            Problem::Required { choice: false } => format!("请填写{name}"),
            Problem::TooShort { min } => format!("{name}至少应有{min}个字"),
            Problem::TooLong { max } => format!("{name}不能超过{max}个字"),
            Problem::ControlCharacter => format!("{name}不能包含换行等控制字符"),
            Problem::WrongLength { expected, found } => {
                format!("{name}应为{expected}位，现在是{found}位")
            }
            Problem::OldIdNumber => {
                format!("{name}应为18位，15位的旧号码请按居民身份证上的18位号码填写")
            }
            Problem::Format { expected } => format!("{name}格式不正确：{expected}"),
            Problem::IdRegion => format!("{name}前两位（省级行政区划代码）不正确"),
            Problem::IdBirthDate => format!("{name}第7至14位不是有效的出生日期"),
            Problem::CheckCharacter => format!("{name}的最后一位与前面的数字对不上，请逐位核对"),
            Problem::UsccAlphabet { found } => {
                format!("{name}含有不能使用的字符“{found}”（只用数字和除 I、O、Z、S、V 以外的大写字母）")
            }
            Problem::OrganisationCode => {
                format!("{name}第9至17位（组织机构代码）校验不正确，请核对")
            }
            Problem::NotADate => format!("{name}不是有效的日期，请按“2024-01-31”的格式填写"),
            Problem::YearOutOfRange => format!("{name}的年份应在{EARLIEST_YEAR}年至{LATEST_YEAR}年之间"),
            Problem::InFuture => format!("{name}不能晚于今天"),
            Problem::InPast => format!("{name}不能早于今天，请选择今天或以后的日期"),
            Problem::DigitsOnly => format!("{name}只能填写数字（空格可以不填）"),
            Problem::NotANumber => format!("{name}应填写数字"),
            Problem::NumberTooLong => format!("{name}数值过大，请核对"),
            Problem::TooManyDecimals { max: 0 } => format!("{name}应填写整数"),
            Problem::TooManyDecimals { max } => format!("{name}最多保留{max}位小数"),
            Problem::OutOfRange { min: Some(min), max: Some(max), unit } => {
                format!("{name}应在{}{unit}至{}{unit}之间", show_number(*min), show_number(*max))
            }
            Problem::OutOfRange { min: Some(min), max: None, unit } => {
                format!("{name}不能小于{}{unit}", show_number(*min))
            }
            Problem::OutOfRange { min: None, max: Some(max), unit } => {
                format!("{name}不能大于{}{unit}", show_number(*max))
            }
            Problem::OutOfRange { min: None, max: None, .. } => format!("{name}超出可填写的范围"),
            Problem::NotAnOption { found } => format!("{name}的选项“{found}”不在可选范围内"),
            Problem::NotYesNo => format!("{name}请选择“是”或“否”"),
        }
    }

    /// The same message in English, for the English interface (the field's name stays as the form names it).
    pub fn message_en(&self, name: &str) -> String {
        match self {
            Problem::Required { choice: true } => format!("Please choose {name}."),
            Problem::Required { choice: false } => format!("Please fill in {name}."),
            Problem::TooShort { min } => format!("{name}: at least {min} characters."),
            Problem::TooLong { max } => format!("{name}: at most {max} characters."),
            Problem::ControlCharacter => format!("{name}: line breaks and other control characters are not allowed."),
            Problem::WrongLength { expected, found } => {
                format!("{name} must have {expected} characters; it now has {found}.")
            }
            Problem::OldIdNumber => {
                format!("{name} must have 18 characters; for an old 15-digit number, enter the 18-digit number on the ID card.")
            }
            Problem::Format { expected } => match format_in_english(expected) {
                Some(expected) => format!("{name} is not in the expected format: {expected}"),
                None => format!("{name} is not in the expected format."),
            },
            Problem::IdRegion => format!("{name}: the first two digits (province code) are not valid."),
            Problem::IdBirthDate => format!("{name}: digits 7 to 14 are not a valid date of birth."),
            Problem::CheckCharacter => {
                format!("{name}: the last character does not fit the others; please check it digit by digit.")
            }
            Problem::UsccAlphabet { found } => format!(
                "{name} contains “{found}”, which is not allowed (digits and capital letters except I, O, Z, S, V only)."
            ),
            Problem::OrganisationCode => {
                format!("{name}: characters 9 to 17 (organisation code) fail their check; please check them.")
            }
            Problem::NotADate => format!("{name} is not a valid date; please write it as 2024-01-31."),
            Problem::YearOutOfRange => format!("{name}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}."),
            Problem::InFuture => format!("{name} cannot be later than today."),
            Problem::InPast => format!("{name} cannot be earlier than today; please choose today or a later date."),
            Problem::DigitsOnly => format!("{name} may contain digits only (spaces do not matter)."),
            Problem::NotANumber => format!("{name} must be a number."),
            Problem::NumberTooLong => format!("{name} is too large; please check it."),
            Problem::TooManyDecimals { max: 0 } => format!("{name} must be a whole number."),
            Problem::TooManyDecimals { max } => format!("{name}: at most {max} decimal places."),
            Problem::OutOfRange { min: Some(min), max: Some(max), unit } => {
                format!("{name} must be between {}{unit} and {}{unit}.", show_number(*min), show_number(*max))
            }
            Problem::OutOfRange { min: Some(min), max: None, unit } => {
                format!("{name} cannot be less than {}{unit}.", show_number(*min))
            }
            Problem::OutOfRange { min: None, max: Some(max), unit } => {
                format!("{name} cannot be more than {}{unit}.", show_number(*max))
            }
            Problem::OutOfRange { min: None, max: None, .. } => format!("{name} is out of range."),
            Problem::NotAnOption { found } => format!("{name}: “{found}” is not one of the choices."),
            Problem::NotYesNo => format!("{name}: please choose yes or no."),
        }
    }
}

/// The English of a [`Problem::Format`] description, so that an English message also says what is expected.
fn format_in_english(expected: &str) -> Option<&'static str> {
    Some(match expected {
        "由17位数字和1位数字或字母X组成" => "17 digits followed by a digit or the letter X.",
        "应为区号加7至8位号码，如0631-5201234" => {
            "an area code and a 7- or 8-digit number, such as 0631-5201234."
        }
        "应为6位数字" => "6 digits.",
        "应为电子邮箱地址，如name@example.com" => "an e-mail address such as name@example.com.",
        "应为G加8位数字，或E加1位字母或数字再加7位数字" => {
            "G and 8 digits, or E, a letter or digit and 7 digits."
        }
        "应为C加1位字母再加7位数字" => "C, a letter and 7 digits.",
        "应为H或M加8位（或10位）数字" => "H or M and 8 (or 10) digits.",
        "应为8位数字" => "8 digits.",
        "应为2至30位字母或数字" => "2 to 30 letters or digits.",
        _ => return None,
    })
}

/// How a field is named in messages: the element's label with the role in brackets, `公民身份号码（母亲）`.
/// Explanatory brackets of a role label are dropped (`经办人（代办人）` → `经办人`) to avoid nested brackets;
/// an item's own questions (`is_item_role`) need no role.
pub fn field_name(element_label: &str, role_label: &str, is_item_role: bool) -> String {
    let short_role = role_label.split(['（', '(']).next().unwrap_or(role_label).trim();
    if is_item_role || short_role.is_empty() {
        element_label.to_owned()
    } else {
        format!("{element_label}（{short_role}）")
    }
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/// Full-width ASCII forms (U+FF01–U+FF5E) become ASCII and the ideographic space a space: Chinese input methods
/// produce them in numbers and codes.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A code as typed, folded to ASCII width, without any whitespace, upper-cased.
fn compact_code(s: &str) -> String {
    fold_width(s).chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

fn all_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

// ---------------------------------------------------------------------------------------------
// Resident ID number, GB 11643-1999
// ---------------------------------------------------------------------------------------------

/// Sex as coded in GB/T 2261.1-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The GB/T 2261.1 code: `1` 男, `2` 女.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "1",
            Sex::Female => "2",
        }
    }
}

/// A checked 公民身份号码 and what it encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    /// 18 characters, a final `x` upper-cased.
    pub number: String,
    pub birth: Date,
    /// From the 17th digit: odd is male, even female (GB 11643 §4.3).
    pub sex: Sex,
}

/// GB 11643 weights of positions 1–17 (2^(18−i) mod 11).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for S mod 11 = 0…10.
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The MOD 11-2 check character of 17 ASCII digits.
pub fn id_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !all_digits(first17) {
        return None;
    }
    let sum: u32 = first17.iter().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    ID_CHECK.get((sum % 11) as usize).copied()
}

/// Province-level codes of GB/T 2260 (and 71 台湾, 81 香港, 82 澳门, 83 as used by residence permits).
fn known_province(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// Length, characters and check of an 18-character MOD 11-2 number (ID-number layout), normalised.
fn mod11_number(raw: &str) -> Result<String, Problem> {
    let number = compact_code(raw);
    let b = number.as_bytes();
    if !number.is_ascii() {
        return Err(Problem::Format { expected: "由17位数字和1位数字或字母X组成" });
    }
    if b.len() == 15 && all_digits(b) && old_id_birth_ok(b) {
        return Err(Problem::OldIdNumber);
    }
    if b.len() != 18 {
        return Err(Problem::WrongLength { expected: 18, found: number.chars().count() });
    }
    let last_ok = b[17].is_ascii_digit() || b[17] == b'X';
    if !all_digits(&b[..17]) || !last_ok {
        return Err(Problem::Format { expected: "由17位数字和1位数字或字母X组成" });
    }
    Ok(number)
}

/// Whether 15 digits can be a first-generation ID number: digits 7–12 are a birth date `YYMMDD` of the 1900s.
/// A longer number cut short (a pasted `3710 0219 9001 …` under a length limit) rarely is, and is then told
/// its length instead of being sent looking for an old card.
fn old_id_birth_ok(b: &[u8]) -> bool {
    let part = |r: std::ops::Range<usize>| b.get(r).and_then(digits_value);
    match (part(6..8), part(8..10), part(10..12)) {
        (Some(y), Some(m), Some(d)) => Date::new(1900 + y, m, d).is_some(),
        _ => false,
    }
}

fn check_mod11(number: &str) -> Result<(), Problem> {
    let b = number.as_bytes();
    match b.get(..17).and_then(id_check_char) {
        Some(c) if b.get(17) == Some(&c) => Ok(()),
        _ => Err(Problem::CheckCharacter),
    }
}

/// Checks a 公民身份号码 (GB 11643-1999): 18 characters, a known province, a real birth date not after `today`
/// (and not before [`EARLIEST_YEAR`]; births before 1900 are valid), and the MOD 11-2 check character.
pub fn resident_id(raw: &str, today: Date) -> Result<ResidentId, Problem> {
    let number = mod11_number(raw)?;
    let b = number.as_bytes();
    if !digits_value(&b[0..2]).is_some_and(known_province) {
        return Err(Problem::IdRegion);
    }
    let birth = digits_value(&b[6..10])
        .zip(digits_value(&b[10..12]))
        .zip(digits_value(&b[12..14]))
        .and_then(|((y, m), d)| Date::new(y, m, d))
        .filter(|d| d.year() >= EARLIEST_YEAR)
        .ok_or(Problem::IdBirthDate)?;
    if birth > today {
        return Err(Problem::IdBirthDate);
    }
    check_mod11(&number)?;
    let sex = if (b[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
    Ok(ResidentId { number, birth, sex })
}

/// 港澳台居民居住证 numbers follow GB 11643 with the fixed region codes 810000 / 820000 / 830000.
fn hmt_residence_permit(raw: &str, today: Date) -> Result<String, Problem> {
    let id = resident_id(raw, today)?;
    let region_ok = ["810000", "820000", "830000"].iter().any(|p| id.number.starts_with(p));
    if region_ok {
        Ok(id.number)
    } else {
        Err(Problem::Format { expected: "港澳台居民居住证号码以810000、820000或830000开头" })
    }
}

/// 外国人永久居留身份证: the 2023 card has 18 characters starting with 9 and the MOD 11-2 check; the 2004 card
/// has 15 characters, a three-letter nationality code and 12 digits (format only).
fn foreigner_permanent_id(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    let b = code.as_bytes();
    let old_card = b.len() == 15 && b[..3].iter().all(u8::is_ascii_uppercase) && all_digits(&b[3..]);
    if old_card {
        return Ok(code);
    }
    let number = mod11_number(raw).map_err(|_| Problem::Format {
        expected: "应为以9开头的18位号码，或3位字母加12位数字的15位号码",
    })?;
    if !number.starts_with('9') {
        return Err(Problem::Format {
            expected: "应为以9开头的18位号码，或3位字母加12位数字的15位号码"
        });
    }
    check_mod11(&number)?;
    Ok(number)
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code, GB 32100-2015
// ---------------------------------------------------------------------------------------------

/// The 31 characters of GB 32100, in value order 0–30 (no I, O, Z, S, V).
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17: 3^(i−1) mod 31.
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// GB 11714 weights of the organisation code's first eight characters.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// GB 11714 values characters with the full alphabet: 0–9, then A=10 … Z=35.
fn org_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The GB 11714 check character of an organisation code's first eight characters.
pub fn organisation_check_char(first8: &[u8]) -> Option<u8> {
    if first8.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first8.iter().zip(ORG_WEIGHTS) {
        sum += org_value(*c)? * w;
    }
    match 11 - sum % 11 {
        10 => Some(b'X'),
        11 => Some(b'0'),
        n => Some(b'0' + n as u8),
    }
}

/// The GB 32100 check character of the first 17 characters.
pub fn uscc_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.iter().zip(USCC_WEIGHTS) {
        sum += uscc_value(*c)? * w;
    }
    USCC_ALPHABET.get(((31 - sum % 31) % 31) as usize).copied()
}

/// Checks a 统一社会信用代码: 18 characters of the GB 32100 alphabet, its check character, and the GB 11714
/// check of the organisation code in positions 9–17.
pub fn uscc(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    let length = code.chars().count();
    if length != 18 {
        return Err(Problem::WrongLength { expected: 18, found: length });
    }
    if let Some(bad) = code.chars().find(|c| !c.is_ascii() || !USCC_ALPHABET.contains(&(*c as u8))) {
        return Err(Problem::UsccAlphabet { found: bad });
    }
    let b = code.as_bytes();
    if uscc_check_char(&b[..17]) != Some(b[17]) {
        return Err(Problem::CheckCharacter);
    }
    if organisation_check_char(&b[8..16]) != Some(b[16]) {
        return Err(Problem::OrganisationCode);
    }
    Ok(code)
}

// ---------------------------------------------------------------------------------------------
// Phones, post, mail
// ---------------------------------------------------------------------------------------------

/// A mainland mobile number: `1[3-9]` and 9 more digits, optionally after `+86` or `0086`; spaces and dashes are
/// ignored. Returns the 11 digits.
pub fn mobile(raw: &str) -> Result<String, Problem> {
    let s: String = fold_width(raw).chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let national = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")).unwrap_or(&s);
    let b = national.as_bytes();
    let ok = b.len() == 11 && all_digits(b) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    if ok {
        Ok(national.to_owned())
    } else {
        Err(Problem::Format { expected: "应为以13至19开头的11位手机号码" })
    }
}

/// Area codes of three digits are 010 and 020–029; all others have four.
fn area_code_len(digits: &[u8]) -> usize {
    if digits.starts_with(b"01") || digits.starts_with(b"02") {
        3
    } else {
        4
    }
}

fn local_number_ok(b: &[u8]) -> bool {
    (7..=8).contains(&b.len()) && all_digits(b) && !matches!(b[0], b'0' | b'1')
}

/// A fixed-line number: optional area code (0 + 2–3 digits), a 7–8 digit local number, optional extension.
/// Returns `0631-5201234`, `0631-5201234-801` or the local number alone.
pub fn landline(raw: &str) -> Result<String, Problem> {
    let bad = || Problem::Format { expected: "应为区号加7至8位号码，如0631-5201234" };
    let s: String = fold_width(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '(')
        .map(|c| if c == ')' { '-' } else { c })
        .collect();
    let parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    let (area, local, ext): (&[u8], &[u8], &[u8]) = match parts.as_slice() {
        [one] if one.starts_with('0') => {
            let b = one.as_bytes();
            let n = area_code_len(b).min(b.len());
            (&b[..n], &b[n..], b"")
        }
        [one] => (b"", one.as_bytes(), b""),
        [a, l] => (a.as_bytes(), l.as_bytes(), b""),
        [a, l, e] => (a.as_bytes(), l.as_bytes(), e.as_bytes()),
        _ => return Err(bad()),
    };
    let area_ok = area.is_empty() || ((3..=4).contains(&area.len()) && all_digits(area) && area[0] == b'0');
    let ext_ok = ext.is_empty() || (ext.len() <= 6 && all_digits(ext));
    if !(area_ok && ext_ok && local_number_ok(local)) {
        return Err(bad());
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut out = text(local);
    if !area.is_empty() {
        out = format!("{}-{out}", text(area));
    }
    if !ext.is_empty() {
        out = format!("{out}-{}", text(ext));
    }
    Ok(out)
}

/// A 邮政编码: six digits.
pub fn postal_code(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    if code.len() == 6 && all_digits(code.as_bytes()) {
        Ok(code)
    } else {
        Err(Problem::Format { expected: "应为6位数字" })
    }
}

fn email_local_ok(local: &str) -> bool {
    const SPECIAL: &str = ".!#$%&'*+/=?^_`{|}~-";
    (1..=64).contains(&local.len())
        && local.chars().all(|c| c.is_ascii_alphanumeric() || SPECIAL.contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn email_domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld_ok = labels.last().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

/// An e-mail address (ASCII): one `@`, a plain local part, a domain with a top-level label. The domain is
/// lower-cased.
pub fn email(raw: &str) -> Result<String, Problem> {
    let s = fold_width(raw).trim().to_owned();
    let bad = || Problem::Format { expected: "应为电子邮箱地址，如name@example.com" };
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    if s.len() > 254 || !email_local_ok(local) || !email_domain_ok(domain) {
        return Err(bad());
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

// ---------------------------------------------------------------------------------------------
// Travel documents (format only: no check digits are published)
// ---------------------------------------------------------------------------------------------

/// A letter other than I and O (which would read as 1 and 0), or a digit.
fn letter_or_digit_not_io(c: u8) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != b'I' && c != b'O')
}

/// A PRC ordinary passport: `G` + 8 digits, or `E` + a letter or digit (not I/O) + 7 digits.
pub fn passport(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    let b = code.as_bytes();
    let ok = b.len() == 9
        && match b[0] {
            b'G' => all_digits(&b[1..]),
            b'E' => letter_or_digit_not_io(b[1]) && all_digits(&b[2..]),
            _ => false,
        };
    if ok {
        Ok(code)
    } else {
        Err(Problem::Format { expected: "应为G加8位数字，或E加1位字母或数字再加7位数字" })
    }
}

/// A 往来港澳通行证 (mainland residents): `C` + a letter (not I/O) + 7 digits. A digit in the second place is
/// also accepted, so that no real card with an all-digit number is turned away; there is no check digit.
pub fn hk_macau_permit(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    let b = code.as_bytes();
    let ok = b.len() == 9 && b[0] == b'C' && letter_or_digit_not_io(b[1]) && all_digits(&b[2..]);
    if ok {
        Ok(code)
    } else {
        Err(Problem::Format { expected: "应为C加1位字母再加7位数字" })
    }
}

/// A 港澳居民来往内地通行证 (回乡证): `H` (Hong Kong) or `M` (Macao) + 8 or 10 digits.
pub fn home_return_permit(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    let b = code.as_bytes();
    let ok = matches!(b.len(), 9 | 11) && matches!(b[0], b'H' | b'M') && all_digits(&b[1..]);
    if ok {
        Ok(code)
    } else {
        Err(Problem::Format { expected: "应为H或M加8位（或10位）数字" })
    }
}

/// A 台湾居民来往大陆通行证 (台胞证): 8 digits.
pub fn taiwan_permit(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    if code.len() == 8 && all_digits(code.as_bytes()) {
        Ok(code)
    } else {
        Err(Problem::Format { expected: "应为8位数字" })
    }
}

/// A document number whose kind is not known (or is a foreign passport): letters, digits and `-`, 2–30 long.
fn generic_document(raw: &str) -> Result<String, Problem> {
    let code = compact_code(raw);
    let ok = (2..=30).contains(&code.len())
        && code.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'-');
    if ok {
        Ok(code)
    } else {
        Err(Problem::Format { expected: "应为2至30位字母或数字" })
    }
}

/// A 证件号码 checked by its 证件类型 (codes of the `id_doc_type` option list); an unknown or unanswered type
/// gets the generic check. Foreign passports have no common format, so `passport` is checked generically too.
pub fn document_number(raw: &str, doc_type: Option<&str>, today: Date) -> Result<String, Problem> {
    match doc_type {
        Some("resident_id") => resident_id(raw, today).map(|id| id.number),
        Some("home_return_permit") => home_return_permit(raw),
        Some("taiwan_permit") => taiwan_permit(raw),
        Some("hmt_residence_permit") => hmt_residence_permit(raw, today),
        Some("foreigner_permanent_id") => foreigner_permanent_id(raw),
        _ => generic_document(raw),
    }
}

// ---------------------------------------------------------------------------------------------
// Dates, numbers, choices, text
// ---------------------------------------------------------------------------------------------

/// A date as people type it: `2024-01-31`, `2024/1/31`, `2024.1.31`, `2024年1月31日` or `20240131`, full-width
/// digits allowed. The year must lie between [`EARLIEST_YEAR`] and [`LATEST_YEAR`].
pub fn date(raw: &str) -> Result<Date, Problem> {
    let s: String = fold_width(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '日')
        .map(|c| if matches!(c, '年' | '月' | '/' | '.') { '-' } else { c })
        .collect();
    let b = s.as_bytes();
    let parts: Vec<&[u8]> = if b.len() == 8 && all_digits(b) {
        vec![&b[0..4], &b[4..6], &b[6..8]]
    } else {
        b.split(|c| *c == b'-').collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(Problem::NotADate);
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return Err(Problem::NotADate);
    }
    let date = digits_value(y)
        .zip(digits_value(m))
        .zip(digits_value(d))
        .and_then(|((y, m), d)| Date::new(y, m, d))
        .ok_or(Problem::NotADate)?;
    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        return Err(Problem::YearOutOfRange);
    }
    Ok(date)
}

/// The most integer digits accepted: beyond any amount or count in these forms, and exact in an `f64`.
const MAX_INTEGER_DIGITS: usize = 15;

/// Checks a number or an amount against `rules` (decimals, min, max) and returns it written plainly:
/// no leading zeros, and for money exactly the allowed decimals (2 unless the element says otherwise).
fn number(raw: &str, rules: &Constraints, money: bool) -> Result<String, Problem> {
    let mut s: String = fold_width(raw).chars().filter(|c| !c.is_whitespace()).collect();
    // People add the unit the label already shows: "100元", "50%".
    if let Some(rest) = rules.unit.as_deref().or(money.then_some("元")).and_then(|unit| s.strip_suffix(unit)) {
        s = rest.to_owned();
    }
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if !all_digits(int.as_bytes()) || !(frac.is_empty() || all_digits(frac.as_bytes())) {
        return Err(Problem::NotANumber);
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.len() > MAX_INTEGER_DIGITS {
        return Err(Problem::NumberTooLong);
    }
    let allowed = rules.decimals.unwrap_or(if money { 2 } else { 6 });
    if frac.len() > allowed as usize {
        return Err(Problem::TooManyDecimals { max: allowed });
    }
    let int = if int.is_empty() { "0" } else { int };
    let zero = int == "0" && frac.is_empty();
    let sign = if negative && !zero { "-" } else { "" };
    let plain = if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") };
    let value: f64 = plain.parse().map_err(|_| Problem::NotANumber)?;
    let below = rules.min.is_some_and(|min| value < min);
    let above = rules.max.is_some_and(|max| value > max);
    if below || above {
        let unit = rules.unit.as_deref().or(money.then_some("元")).unwrap_or("").to_owned();
        return Err(Problem::OutOfRange { min: rules.min, max: rules.max, unit });
    }
    if money && allowed > 0 {
        let padded = format!("{frac:0<width$}", width = allowed as usize);
        return Ok(format!("{sign}{int}.{padded}"));
    }
    Ok(plain)
}

/// The code of one option, given its code or its exact label.
fn option_code(options: &[OptionItem], answer: &str) -> Result<String, Problem> {
    options
        .iter()
        .find(|o| o.code == answer || o.label == answer)
        .map(|o| o.code.clone())
        .ok_or_else(|| Problem::NotAnOption { found: answer.to_owned() })
}

/// Several options, separated by `,` `，` `、` or spaces; returned as codes in list order joined by `,`.
fn option_codes(options: &[OptionItem], answer: &str) -> Result<String, Problem> {
    let mut chosen = Vec::new();
    for part in answer.split([',', '，', '、', ' ', '\u{3000}']).map(str::trim).filter(|p| !p.is_empty()) {
        let code = option_code(options, part)?;
        if !chosen.contains(&code) {
            chosen.push(code);
        }
    }
    Ok(options.iter().filter(|o| chosen.contains(&o.code)).map(|o| o.code.as_str()).collect::<Vec<_>>().join(","))
}

fn yes_no(answer: &str) -> Result<String, Problem> {
    match fold_width(answer).trim() {
        "1" | "是" => Ok("1".to_owned()),
        "0" | "否" => Ok("0".to_owned()),
        _ => Err(Problem::NotYesNo),
    }
}

/// Text: trimmed, line breaks only where several lines belong, length counted in characters.
fn text(raw: &str, rules: &Constraints, multi_line: bool) -> Result<String, Problem> {
    let value = raw.replace("\r\n", "\n").trim().to_owned();
    let allowed = |c: char| multi_line && (c == '\n' || c == '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(Problem::ControlCharacter);
    }
    check_length(&value, rules)?;
    Ok(value)
}

/// A number that is digits only (银行账号): spaces and full-width digits as pasted from a bank app are folded away
/// first, so that the length limits count digits, not what the paste happened to contain.
fn digits(raw: &str, rules: &Constraints) -> Result<String, Problem> {
    let value = compact_code(raw);
    if !all_digits(value.as_bytes()) {
        return Err(Problem::DigitsOnly);
    }
    check_length(&value, rules)?;
    Ok(value)
}

/// A date answer, checked against the side of today it must lie on.
fn dated(raw: &str, rules: &Constraints, today: Date) -> Result<String, Problem> {
    let value = date(raw)?;
    match rules.dates {
        Some(DateRange::NotFuture) if value > today => Err(Problem::InFuture),
        Some(DateRange::NotPast) if value < today => Err(Problem::InPast),
        _ => Ok(value.to_string()),
    }
}

fn check_length(value: &str, rules: &Constraints) -> Result<(), Problem> {
    let n = value.chars().count();
    if let Some(min) = rules.min_len.filter(|m| n < *m as usize) {
        return Err(Problem::TooShort { min });
    }
    if let Some(max) = rules.max_len.filter(|m| n > *m as usize) {
        return Err(Problem::TooLong { max });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// One entry point per field
// ---------------------------------------------------------------------------------------------

/// What a value's check may depend on besides the value itself.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The date dates are compared with (birth dates cannot lie after it).
    pub today: Date,
    /// For a 证件号码: the sibling 证件类型 answer.
    pub doc_type: Option<&'a str>,
}

/// Checks one answer and returns it normalised. A blank answer (only whitespace) is `Ok("")`: whether it may be
/// blank is the form's decision, not the value's.
pub fn check(rules: &Constraints, raw: &str, ctx: Context<'_>) -> Result<String, Problem> {
    if fold_width(raw).trim().is_empty() {
        return Ok(String::new());
    }
    let value = match rules.kind {
        Kind::Text if rules.digits_only => digits(raw, rules)?,
        Kind::Text | Kind::Address => text(raw, rules, false)?,
        Kind::LongText => text(raw, rules, true)?,
        Kind::Enum => option_code(&rules.options, raw.trim())?,
        Kind::MultiEnum => option_codes(&rules.options, raw)?,
        Kind::YesNo => yes_no(raw)?,
        Kind::Date => dated(raw, rules, ctx.today)?,
        Kind::Number => number(raw, rules, false)?,
        Kind::Money => number(raw, rules, true)?,
        Kind::ResidentId => resident_id(raw, ctx.today)?.number,
        Kind::Uscc => uscc(raw)?,
        Kind::Mobile => mobile(raw)?,
        Kind::Landline => landline(raw)?,
        Kind::PostalCode => postal_code(raw)?,
        Kind::Email => email(raw)?,
        Kind::Passport => passport(raw)?,
        Kind::HkMacauPermit => hk_macau_permit(raw)?,
        Kind::HomeReturnPermit => home_return_permit(raw)?,
        Kind::TaiwanPermit => taiwan_permit(raw)?,
        Kind::DocumentNumber => document_number(raw, ctx.doc_type, ctx.today)?,
    };
    if matches!(rules.kind, Kind::DocumentNumber | Kind::Email) {
        check_length(&value, rules)?;
    }
    Ok(value)
}

/// Whether a kind is answered by picking (请选择) rather than typing (请填写).
pub fn is_choice(kind: Kind) -> bool {
    matches!(kind, Kind::Enum | Kind::MultiEnum | Kind::YesNo | Kind::Date)
}

/// 2000-01-01: a fallback where a date must exist (the browser's clock always gives a real date).
impl Default for Date {
    fn default() -> Self {
        Date { year: 2000, month: 1, day: 1 }
    }
}
