"""Phone numbers in captions: international formats anywhere, local formats only where they read as phones.

presidio's PhoneRecognizer accepts every number phonenumbers calls valid in one of its eight default
regions. Adding the regions of the caption languages (ES, IT, CN, JP, VN...) naively turns every 9-digit
catalogue number into a Spanish phone, because a local number has no '+' to tell it from an id. Here a
candidate (phonenumbers' own matcher, valid for its region) is kept when:

* it is written internationally (`+34 ...`, `0034 ...`): as presidio;
* it is written in a local format and a phone cue stands near it ("Tel.", "móvil", "电话", "điện thoại",
  "WhatsApp", "call", "予約"... in any of the caption languages, `CUES`), or
* it is written in a local format of a region of the caption's language (`REGIONS`, from
  auditor.pii.language; captions whose language is undetermined use every scanned region) and has that
  region's shape: the national trunk prefix written ("030 ...", "010-...", "0912 ...", "1-800-...") or
  exactly the digit groups phonenumbers formats the number with ("612 34 56 78", "(312) 555-0198").

A local candidate after a catalogue word (SKU, Ref., Art.-Nr., ISBN, 型番, 货号...), inside a dimension
("612 x 345 mm") or next to a currency ("612 345 678 €", "₫") is rejected. Rejected candidates are
returned with a tiny score and their reason in `recognition_metadata[REJECT_KEY]`, so the stage reports
why (a named cut) instead of losing them silently. With a cue in the caption, phonenumbers' "possible"
numbers are candidates too ("call 555-867-5309" has no area code, Ofcom's drama range is not "valid").

Linear time: one matcher pass per scanned region (phonenumbers caps its own tries), and a regex test of a
bounded window around each candidate.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

import phonenumbers
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from auditor.pii.language import detect
from auditor.pii.recognizers import REJECT_KEY

#: caption language -> regions whose local formats are read without a cue (first = the main one)
REGIONS: dict[str, tuple[str, ...]] = {
    "en": ("US", "GB", "AU", "IN"), "de": ("DE", "AT", "CH"), "fr": ("FR", "BE", "CH"),
    "es": ("ES", "MX", "AR", "CO"), "pt": ("BR", "PT"), "it": ("IT",), "nl": ("NL", "BE"),
    "ja": ("JP",), "zh": ("CN", "TW", "HK"), "hi": ("IN",), "vi": ("VN",), "id": ("ID",), "ko": ("KR",),
    "ru": ("RU",), "th": ("TH",), "ar": ("SA", "AE", "EG"), "he": ("IL",), "el": ("GR",), "bn": ("BD", "IN"),
    "ta": ("IN",),
}
#: regions scanned for every caption: presidio's defaults (CA is found by the US pass: same +1 plan)
DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB", "DE", "FR", "IL", "IN", "BR")
#: words that say "a phone number follows / precedes", per language (lower case; matched as words in
#: Latin script, as substrings in CJK). presidio's own context words are in the English row. Left out on
#: purpose: "ring" (jewellery titles: "Ring Size 48"), "wa" (Washington: "Seattle, WA 98101").
CUES: dict[str, tuple[str, ...]] = {
    "any": ("tel", "tel.", "tél", "tél.", "telf", "tlf", "tlfn", "tfno", "ph", "ph.", "mob", "mob.", "whatsapp",
            "whats app", "viber", "zalo", "wechat", "hotline", "helpline", "fax", "sms", "☎", "☏", "📞",
            "📱"),
    "en": ("phone", "phones", "telephone", "number", "cell", "cellphone", "mobile", "call", "calls", "text",
           "contact", "dial", "bookings", "booking", "reservations"),
    "de": ("telefon", "telefonnummer", "rufnummer", "handy", "mobil", "anrufen", "ruf", "rufen", "fon",
           "festnetz", "kontakt", "erreichbar", "reservierung", "reservierungen"),
    "fr": ("téléphone", "telephone", "portable", "appelez", "appeler", "appel", "contactez", "joindre",
           "réservations", "réservation", "reservations"),
    "es": ("teléfono", "telefono", "móvil", "movil", "celular", "cel", "llama", "llame", "llámanos", "llamar",
           "contacto", "reservas", "reserva"),
    "pt": ("telefone", "celular", "ligue", "ligar", "contato", "contacto", "fone", "zap", "reservas"),
    "it": ("telefono", "cellulare", "cell", "chiama", "chiamare", "chiamaci", "contattaci", "prenotazioni",
           "prenota"),
    "ja": ("電話", "携帯", "問い合わせ", "問合せ", "お問合せ", "予約", "フリーダイヤル", "連絡"),
    "zh": ("电话", "電話", "手机", "手機", "热线", "熱線", "联系", "聯繫", "咨询", "諮詢", "预约", "預約", "微信",
           "客服", "座机", "致电"),
    "hi": ("फ़ोन", "फोन", "मोबाइल", "संपर्क", "कॉल"),
    "vi": ("điện thoại", "đt", "sđt", "sdt", "liên hệ", "gọi", "đặt bàn", "đặt chỗ"),
}
#: words right before a number that make it an id: catalogue, stock, order, book numbers
CATALOGUE = (
    "sku", "ref", "réf", "referencia", "référence", "riferimento", "item", "art", "artikel", "artikelnummer",
    "art-nr", "model", "modelo", "modèle", "modello", "modell", "part", "p/n", "pn", "isbn", "issn", "asin", "upc",
    "ean", "gtin", "code", "código", "codice", "cod", "id", "lot", "serial", "s/n", "order", "pedido", "commande",
    "bestellnummer", "catalog", "catalogue", "katalog", "cat", "style", "stock", "mls", "invoice", "factura",
    "passport", "license", "licence", "account", "product", "producto", "produit", "prodotto", "produkt",
    "article", "artículo", "articolo", "artigo", "型番", "品番", "货号", "貨號", "编号", "編號", "型号", "型號",
    "订单", "商品コード", "注文番号", "mã", "mã số",
)
#: number-word that may stand between a catalogue word and the number ("Item No. 612345678")
_NUMBER_WORD = r"(?:[\s.-]*(?:number|num\.?|no\.?|nr\.?|n[º°o]\.?|nummer|número|numero|numéro|#))?"
_CURRENCY = r"[$€£¥₹₫₩₽￥]|円|元|đ|r\$|rs\.?|eur|usd|gbp|vnd|inr|jpy|cny|rmb|chf|brl|mxn"
_UNIT = r"x|×|cm|mm|m|km|inch|inches|ft|kg|g|mg|ml|l|px|mah|gb|mb|tb|w|kw|v|hz|mhz|ghz|%|°|\"|'"
#: the score a rejected candidate carries: above 0 so presidio keeps it for the stage to name its cut
REJECTED_SCORE = 0.01

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """Word-bounded for Latin/Indic words, plain for CJK (no spaces between words there)."""
    latin = sorted((re.escape(w) for w in words if not _CJK.search(w)), key=len, reverse=True)
    cjk = sorted((re.escape(w) for w in words if _CJK.search(w)), key=len, reverse=True)
    parts = [rf"(?<![^\W_])(?:{'|'.join(latin)})(?![^\W_])"] if latin else []
    parts += [f"(?:{'|'.join(cjk)})"] if cjk else []
    return "|".join(parts)


ALL_CUES = tuple(dict.fromkeys(w for ws in CUES.values() for w in ws))
_CUE = re.compile(_alternation(ALL_CUES), re.IGNORECASE)
#: cues too generic to vouch for a number phonenumbers does not call valid
WEAK_CUES = frozenset({"number", "text", "contact", "contacto", "contato", "kontakt"})
_STRONG_CUE = re.compile(_alternation([w for w in ALL_CUES if w not in WEAK_CUES]), re.IGNORECASE)
_CATALOGUE_BEFORE = re.compile(rf"(?:{_alternation(CATALOGUE)})\.?{_NUMBER_WORD}[\s:#.=/：-]*\(?$", re.IGNORECASE)
_HASH_BEFORE = re.compile(r"#\s*$")
_PRICE_BEFORE = re.compile(rf"(?:{_CURRENCY})\s?$", re.IGNORECASE)
_PRICE_AFTER = re.compile(rf"^\s?(?:{_CURRENCY})(?![^\W\d_])", re.IGNORECASE)
_DIM_BEFORE = re.compile(r"\d\s?[x×*]\s?$", re.IGNORECASE)  # "100 x 612 345": not "TE*415-744-8666" (EDI)
#: a size written inside the candidate itself: "23-1/2 x 17 x 41-1/2"
_DIM_INSIDE = re.compile(r"\d\s?[x×]\s?\d", re.IGNORECASE)  # not '/': "030/1234567" is a German phone
_DIM_AFTER = re.compile(rf"^\s?(?:{_UNIT})(?![^\W\d_])", re.IGNORECASE)
#: fewest digits of a candidate phonenumbers calls only "possible" (a US number without its area code)
POSSIBLE_MIN_DIGITS = 7
#: characters before / after a candidate searched for a cue or a rejecting context
BEFORE, AFTER = 32, 16


def reject_reason(text: str, start: int, end: int) -> str | None:
    """Why a local-format number at [start, end) is not a phone (an id, a size, a price), or None."""
    before = text[max(0, start - BEFORE):start]
    after = text[end:end + AFTER]
    if _CATALOGUE_BEFORE.search(before) or _HASH_BEFORE.search(before):
        return "phone_local_catalog_context"
    if _DIM_BEFORE.search(before) or _DIM_AFTER.match(after) or _DIM_INSIDE.search(text, start, end):
        return "phone_local_dimension"
    if _PRICE_BEFORE.search(before) or _PRICE_AFTER.match(after):
        return "phone_local_price"
    return None


def has_cue(text: str, start: int, end: int, strong: bool = False) -> bool:
    """A phone cue word within BEFORE characters before the number or AFTER characters after it;
    `strong`: one that names a phone, not the generic "number", "text" or "contact"."""
    cue = _STRONG_CUE if strong else _CUE
    return bool(cue.search(text, max(0, start - BEFORE), start) or cue.search(text, end, end + AFTER))


def shape_ok(raw: str, number: phonenumbers.PhoneNumber, region: str) -> bool:
    """Written the way the region writes its numbers: trunk prefix first, or phonenumbers' own groups."""
    digits = re.findall(r"\d+", raw)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if len(digits) >= 2 and digits == re.findall(r"\d+", national):
        return True
    prefix = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = prefix.national_prefix if prefix is not None else None
    written = "".join(digits)
    # one unbroken block longer than 12 digits is an id even when it starts with the trunk prefix
    longest = 12 if len(digits) == 1 else 15
    return bool(trunk) and written.startswith(trunk) and 9 <= len(written) <= longest


def _international(raw: str) -> bool:
    head = raw.lstrip("( ")
    return head.startswith("+") or head.startswith("00")


class CaptionPhoneRecognizer(LocalRecognizer):
    """PHONE_NUMBER: international numbers, and local ones with a cue or the caption language's shape."""

    ENTITY = "PHONE_NUMBER"
    SCORE = PhoneRecognizer.SCORE  # 0.4, as presidio

    def __init__(self, supported_language: str = "en", leniency: int = 1) -> None:
        self.leniency = leniency
        super().__init__(supported_entities=[self.ENTITY], name="CaptionPhoneRecognizer",
                         supported_language=supported_language,
                         context=list(dict.fromkeys(PhoneRecognizer.CONTEXT + list(ALL_CUES))))

    def load(self) -> None:
        """Nothing to load: phonenumbers' metadata is imported with the module."""

    def candidates(self, text: str) -> tuple[dict[tuple[int, int], tuple[str, phonenumbers.PhoneNumber, str]],
                                             tuple[str, ...]]:
        """{(start, end): (raw, number, region)} from one matcher pass per scanned region; native regions."""
        lang = detect(text)
        native = REGIONS.get(lang, ()) if lang != "und" else ()
        cue = _CUE.search(text) is not None
        # a cue word anywhere: also the main region of every language, for a local number with that cue
        extra = tuple(regions[0] for regions in REGIONS.values()) if cue else ()
        scan = tuple(dict.fromkeys(native + DEFAULT_REGIONS + REGIONS["en"] + extra))
        found: dict[tuple[int, int], tuple[str, phonenumbers.PhoneNumber, str]] = {}
        for region in scan:
            for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=self.leniency):
                found.setdefault((m.start, m.end), (m.raw_string, m.number, region))
        if cue:  # with a cue, "possible" numbers too (no area code, fictional ranges)
            spans = sorted(found)
            starts, reach = [s for s, _ in spans], list(accumulate((e for _, e in spans), max))
            for m in phonenumbers.PhoneNumberMatcher(text, scan[0], leniency=phonenumbers.Leniency.POSSIBLE):
                i = bisect_left(starts, m.end)  # candidates starting before this one ends
                if sum(ch.isdigit() for ch in m.raw_string) < POSSIBLE_MIN_DIGITS:
                    continue  # "Tel. 1234": an extension, not a number one can dial
                if not (i and reach[i - 1] > m.start):  # overlaps none: a new candidate
                    found.setdefault((m.start, m.end), (m.raw_string, m.number, ""))
        return found, (native if lang != "und" else scan)

    def judge(self, text: str, start: int, end: int, raw: str, number: phonenumbers.PhoneNumber, region: str,
              native: tuple[str, ...]) -> str | None:
        """None to keep the candidate, else the reason it is not a phone."""
        cue = has_cue(text, start, end)
        if _international(raw):
            return None if region or cue else "phone_possible_without_cue"
        reason = reject_reason(text, start, end)
        if reason:
            return reason
        if not region:  # not valid, only possible: it needs a cue that names a phone, not "number"/"text"
            return None if has_cue(text, start, end, strong=True) else "phone_possible_without_cue"
        if cue:
            return None
        if region in native and shape_ok(raw, number, region):
            return None
        return "phone_local_without_cue"

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        found, native = self.candidates(text)
        out = []
        for (start, end), (raw, number, region) in sorted(found.items()):
            reason = self.judge(text, start, end, raw, number, region, native)
            meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
            if reason:
                meta.update({REJECT_KEY: reason, RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True})
            score = REJECTED_SCORE if reason else self.SCORE
            why = AnalysisExplanation(recognizer=self.name, original_score=score,
                                      textual_explanation=reason or f"phone number ({region or 'possible'})")
            out.append(RecognizerResult(self.ENTITY, start, end, score, analysis_explanation=why,
                                        recognition_metadata=meta))
        return out
