"""Random names the file knows (carried over from the old scrubber's property test): a full
name or surname typed in any case is replaced, whole words only, and the text around it stays."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings, strategies as st

from visitor_app.domain.deidentify import MARKS, Context, Recogniser, redact
from visitor_app.domain.deidentify.data import lexicon
from visitor_app.domain.deidentify.text import fold

_name_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëé", min_size=3, max_size=9)


@settings(max_examples=150, deadline=None)
@given(first=_name_part, last=_name_part, second=st.one_of(st.none(), _name_part),
       upper=st.booleans(), before=st.sampled_from(["Volgens", "Met", "Zoals", "Door"]))
def test_any_full_name_or_surname_typed_in_a_text_is_replaced(first, last, second, upper, before):
    filler = {"volgens", "met", "zoals", "door", "gaat", "het", "goed", "bevestigt", "dat"}
    assume(not {first, last, second} & filler)
    # a surname that is an organisation's name or abbreviation ("Bal": the Besluit activiteiten
    # leefomgeving) stays alone; only with the first name it is the person
    assume(not {(last,), (second,)} & set(lexicon().organisations))
    # nor a title for a first name ("Prof Aaa") or a tussenvoegsel for a surname ("Aaa Der")
    # (compared as the recogniser compares words: without diacritics "bén" is the tussenvoegsel "ben")
    assume(fold(first) not in {fold(t.rstrip(".")) for t in lexicon().titles} and
           not {fold(last), fold(second or "")} & lexicon().particle_words)
    surname = f"{last.title()}-{second.title()}" if second else last.title()
    name = f"{first.title()} {surname}"
    typed = name.upper() if upper else name
    text = f"{before} {typed} gaat het goed; {surname} bevestigt dat."
    out = redact(text, Recogniser(Context(people=(name,))).find(text))
    words = {w.casefold() for w in re.findall(r"\w+", out)}
    assert last.casefold() not in words and (second is None or second.casefold() not in words)
    assert out == f"{before} {MARKS['known_name']} gaat het goed; {MARKS['known_name']} bevestigt dat."
