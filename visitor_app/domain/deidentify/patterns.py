"""Personal data with a fixed shape: e-mail, phone, BSN, IBAN, licence plate, address,
date of birth. Each finder yields (start, end, kind) on the source text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .kinds import ADDRESS, BIRTH_DATE, BSN, IBAN, PHONE, PLATE
from .text import fold

Span = tuple[int, int, str]

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

# Dutch numbers: 10 digits with a leading 0 (+31 / 0031 instead of the 0), in any grouping.
_PHONE = re.compile(r"(?<![\w+/.,:-])(?<![A-Z]{4} )(?:(?:\+|00)\s?31[\s.-]?(?:\(0\)[\s.-]?)?|\(0\d{1,3}\)[\s.-]?|0)"
                    r"\d(?:(?:[ ]?[.\-\u2013][ ]?|/|[ \u00a0])?\d){4,10}(?![\w])")
# Foreign numbers: "+32 475 12 34 56", "+49 30 1234567": a country code (not 31), then 8-12 digits in groups.
_FOREIGN = re.compile(r"(?<![\w+.,])(?:\+|00)(?!31)[1-9]\d{0,2}(?:[ .\-\u2013]?\(0\))?"
                      r"(?:[ .\-\u2013]?\d{1,5}){2,6}(?![\w])")
# "(0318) 45 67 89", "(010) 123 45 67": an area code in brackets, then short groups.
_AREA_CODE = re.compile(r"\(0[1-9]\d{0,2}\)")
_DATE_LIKE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)")
_SEP_END = re.compile(r"[ ]?[\s.\-\u2013/]\d+$")


def _phone_digits(s: str) -> str:
    d = re.sub(r"\D", "", s.replace("(0)", ""))
    st = s.lstrip()
    if st.startswith("+31") or st.startswith("+ 31"):
        d = "0" + d[2:]
    elif st.startswith("0031") or st.startswith("00 31"):
        d = "0" + d[4:]
    return d


def phones(text: str) -> Iterator[Span]:
    for m in _FOREIGN.finditer(text):
        cc = re.match(r"(?:\+|00)(\d{1,3})", m.group())
        rest = re.sub(r"\D", "", m.group()[cc.end():].replace("(0)", ""))
        if re.search(r"[ .\-\u2013]", m.group()[cc.end():]) and 7 <= len(rest) <= 12:
            yield m.start(), m.end(), PHONE
    yield from _dutch_phones(text)


def _dutch_phones(text: str) -> Iterator[Span]:
    pos = 0
    while True:
        m = _PHONE.search(text, pos)
        if not m:
            return
        s = m.group()
        pos = m.end()
        if _DATE_LIKE.match(s):
            continue   # "01-12-2026 12:30": a date and a time
        while s:
            d = _phone_digits(s)
            area = bool(_AREA_CODE.match(s))
            if (len(d) == 10 or (area and len(d) == 9)) and d[0] == "0" and d[1] != "0":
                yield m.start(), m.start() + len(s), PHONE
                pos = m.start() + len(s)
                break
            if len(d) < 10:
                break
            cut = _SEP_END.search(s)   # one group too many: "06 1234 5678 12"
            if not cut:
                break
            s = s[:cut.start()]


_BSN = re.compile(r"(?<![\w.,/+-])(?:\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{2}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{4})"
                  r"(?![\w/+-]|[.,]\d)")


def elf_proef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def bsns(text: str) -> Iterator[Span]:
    for m in _BSN.finditer(text):
        if elf_proef(re.sub(r"\D", "", m.group())):
            yield m.start(), m.end(), BSN


_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![A-Za-z0-9])")


def iban_valid(s: str) -> bool:
    s = s.replace(" ", "").upper()
    if not (15 <= len(s) <= 34) or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    if s.startswith("NL") and (len(s) != 18 or not s[4:8].isalpha() or not s[8:].isdigit()):
        return False
    moved = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
    except ValueError:
        return False


def ibans(text: str) -> Iterator[Span]:
    for m in _IBAN.finditer(text):
        s = m.group()
        while len(s) >= 15:
            if iban_valid(s):
                yield m.start(), m.start() + len(s), IBAN
                break
            if " " not in s:
                break
            s = s[:s.rfind(" ")]


# Licence plates: the sidecodes, written with hyphens. X a capital, 9 a digit.
_SIDECODES = ["XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9",
              "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9"]


def _sidecode(code: str) -> str:
    return "".join("[A-Z]" if c == "X" else r"\d" if c == "9" else "[-\u2010\u2011]" for c in code)


_PLATE = re.compile(r"(?<![\w-])(?:" + "|".join(_sidecode(c) for c in _SIDECODES) + r")(?![\w-])")
_PLATE_ANY_CASE = re.compile(_PLATE.pattern, re.IGNORECASE)
_PLATE_BARE = re.compile(r"(?i:kenteken(?:nummer)?s?|auto|bus|wagen|voertuig)\b[^.\n]{0,25}?\b([A-Z0-9]{6})\b")


def plates(text: str, abbreviations: frozenset[str] = frozenset()) -> Iterator[Span]:
    for m in _PLATE.finditer(text):
        groups = re.split(r"[-\u2010\u2011]", m.group())
        letters = [g for g in groups if g.isalpha()]
        if any(g.lower() in abbreviations and (len(g) > 2 or len(letters) == 1) for g in letters):
            continue
        yield m.start(), m.end(), PLATE
    for m in _PLATE_ANY_CASE.finditer(text):   # "kenteken 47-kdp-8"
        if m.group().isupper():
            continue
        if m.group().islower() or re.search(r"(?i)(?:kenteken|auto|bus|wagen|voertuig)\w*\W{1,3}(?:\w+\W{1,3}){0,4}$",
                                            text[max(0, m.start() - 30):m.start()]):   # "kv-207-s"
            yield m.start(), m.end(), PLATE
    for m in _PLATE_BARE.finditer(text):
        s = m.group(1)
        if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            yield m.start(1), m.end(1), PLATE


_MONTHS = (r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
           r"|jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?")
_DATE = (rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
         rf"|\d{{1,2}}[-/.]\d{{1,2}}[-/.]['’]\d{{2}}"
         rf"|\d{{1,2}}(?:e|ste|de)?\s+{_MONTHS}\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+['’]\d{{2}})")
_BIRTH = re.compile(rf"(?i)(?:\b(?:geboren|geb\.|geb\b|geboortedatum|geboortedag|geboortejaar|geboorte|"
                    rf"date of birth|dob)(?!\w)[^!?\n]{{0,40}}?|[°\u2217][ ]?)"   # "(°14/08/1962)": born
                    rf"(?<![\w])({_DATE}|(?:19|20)\d{{2}})(?![\w'’])")
_BIRTH_BEFORE = re.compile(rf"(?i)(?<![\w])({_DATE})\s*(?:\)|,)?\s*(?:\(?geboren|\(?geb\.|\(?geboortedatum)")


def birth_dates(text: str) -> Iterator[Span]:
    for m in _BIRTH.finditer(text):
        yield m.start(1), m.end(1), BIRTH_DATE
    for m in _BIRTH_BEFORE.finditer(text):
        yield m.start(1), m.end(1), BIRTH_DATE


_POSTCODE = r"[1-9]\d{3}[ \u00a0]?(?!SA|SD|SS)[A-Z]{2}"
_HOUSE = r"\d{1,5}(?:[ ]?[a-zA-Z](?![\w])|[-/]\d{1,4}|-[a-zA-Z](?![\w])|[ -]?(?:hs|bis|zw|rd|huis|I{1,3})(?![\w]))?"
_STREET_END = (r"(?:straat|straatweg|weg|laan|plein|singel|gracht|kade|dijk|dreef|steeg|pad|hof|park|"
               r"markt|baan|binnenring|buitenring|wal|burgwal|haven|veld|dam|kanaal|plantsoen|boulevard|allee|hoeve|"
               r"veste|vest|zijde|poort|pier|bolwerk|horst|oord|akker|weide|kamp|berg|"
               r"dreef|pleintje|hof|brink|heide|straatje)")
_CITY = r"(?:[ \u00a0]+(?:'s-|’s-)?[A-Z][\w'’-]+(?:[ \u00a0](?:aan|op|bij|en|den|de|a/d)[ \u00a0][A-Z][\w'’-]+)?)"
_STREET = (rf"(?:[A-Z][\w'’.-]*[ \u00a0](?:(?:[A-Z][\w'’.-]*|van|de|der|den|ter|ten|'t|het)[ \u00a0]){{0,2}})?"
           rf"(?=[A-Z])[\w'’.-]*?(?i:{_STREET_END})[ \u00a0]+{_HOUSE}")
_HOUSE_WORD = r"(?:,?[ \u00a0]+(?:huisnummer|huisnr\.?|nr\.?|nummer)[ \u00a0]+" + _HOUSE + ")"
_ADDRESS = re.compile(
    rf"(?<![\w])(?:{_STREET}(?:,?[ \u00a0]+{_POSTCODE})?"
    rf"|{_POSTCODE}(?:[ \u00a0]+{_HOUSE}|{_HOUSE_WORD}|,?[ \u00a0]+[A-Z][\w'’-]*{_STREET_END}[ \u00a0]+{_HOUSE})?)"
    rf"(?![\w])")
# "Kerkring 9, 4501 BK": a street name without a street ending, the postcode after it confirms it.
_ADDRESS_PC = re.compile(rf"(?<![\w])[A-Z][a-z\u00e0-\u00ff'’-]{{2,}}"
                         rf"(?:[ \u00a0][A-Z][a-z\u00e0-\u00ff'’-]+){{0,2}}"
                         rf"[ \u00a0]+{_HOUSE},?[ \u00a0]+{_POSTCODE}(?![\w])")


_STREET_WORD = re.compile(r"([^\W\d_][\w'’.-]*)[ \u00a0]+\d")


def addresses(text: str, abbreviations: frozenset[str] = frozenset(),
              places: frozenset[str] = frozenset()) -> Iterator[Span]:
    for m in _ADDRESS_PC.finditer(text):
        pc = re.search(_POSTCODE + "$", m.group())
        if pc and 1900 <= int(pc.group()[:4]) <= 2099 and pc.group()[-2:].lower() in abbreviations:
            continue   # "Tabel 4, 2023 AB": a number, a year and the algemeen bestuur
        if fold(m.group().split()[0]) in places:
            continue   # "Goes 3, 2024 AB"
        yield m.start(), m.end(), ADDRESS
    for m in _ADDRESS.finditer(text):
        s = m.group()
        w = _STREET_WORD.search(s)
        if w and not s[0].isdigit() and fold(w.group(1)) in places:
            continue   # "in Rotterdam 3 controles", "Moerdijk 2": a place and a number
        if re.search(r"(?i)\bpostbus\s+\d+,?\s*$", text[max(0, m.start() - 20):m.start()]):
            continue   # an organisation's postbus
        pc = re.fullmatch(_POSTCODE, s)
        if pc:  # a postcode alone: not "2024 AB" (a year and the algemeen bestuur)
            digits, letters = s[:4], s[-2:]
            told = re.search(r"(?i)\b(?:postcode|pc|adres)\W{0,3}$", text[max(0, m.start() - 12):m.start()])
            if not told and (letters.lower() in abbreviations or 1900 <= int(digits) <= 2099):
                continue
        if not pc and re.search(r"[ \u00a0](?:19|20)\d\d$", s) and not re.search(_POSTCODE, s):
            continue   # "Staat van de Uitvoering 2023": a title and a year
        yield m.start(), m.end(), ADDRESS
