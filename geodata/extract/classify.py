"""What kind of happening a clause reports, in ACLED's types, and whether it is said to have happened.

A clause is an event only if it has a trigger: a verb or noun phrase of one of ACLED's sub-event types
("shelled", "clashes", "signed a pact", "arrived at bases"). Statements and commentary ("Seoul called
it a threat", "analysts doubt") have none and give no event. The first matching rule wins, so the
more specific rules come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SD = "Strategic developments"
EXP = "Explosions/Remote violence"
BAT = "Battles"
VAC = "Violence against civilians"
PRO = "Protests"
RIO = "Riots"

_RULES: list[tuple[str, str, str]] = [
    # (event_type, sub_event_type, pattern); patterns are case-insensitive and matched on the clause
    (SD, "Disrupted weapons use", r"intercept(?:ed|s|ing)|shot down|downed (?:\w+ )?(?:drones?|missiles?)|"
                                  r"air defen[cs]es? (?:destroyed|repelled)|defused|seized (?:\w+ )?weapons"),
    (SD, "Other", r"missile tests?|test-fir(?:ed|es|ing)|(?:fired|launched) (?:[\w-]+ ){0,4}(?:ballistic|cruise|"
                  r"hypersonic) missiles?(?: [\w-]+){0,5} (?:into|toward|towards|off) (?:the )?(?:[\w-]+ )?"
                  r"(?:sea|waters|ocean)"),
    (EXP, "Chemical weapon", r"chemical (?:weapons?|attack|munitions?)|chloropicrin|nerve agent|gas attack"),
    (EXP, "Suicide bomb", r"suicide (?:bomb(?:er|ing|s)?|attack|blast)"),
    (EXP, "Air/drone strike", r"air ?strikes?|drones? (?:\w+ ){0,2}(?:strikes?|attack(?:s|ed)?|hit|struck)|bomb(?:ed|ing|s) by (?:aircraft|"
                              r"jets|planes)|kamikaze drones?|shahed|glide bombs?|aerial bomb"),
    (EXP, "Remote explosive/landmine/IED", r"land ?mines?|\bIEDs?\b|roadside bomb|car bomb|improvised explosive|"
                                           r"explosive device"),
    (EXP, "Grenade", r"\bgrenades?\b"),
    (EXP, "Shelling/artillery/missile attack",
     r"shell(?:ed|ing)\b|artillery (?:fire|strikes?|attack)|rocket (?:attacks?|fire|strikes?)|"
     r"missile (?:attacks?|strikes?|struck|hit)|missiles? (?:hit|struck|slammed)|struck by (?:a )?missiles?|"
     r"fired (?:\w+ ){0,3}(?:rockets|shells|artillery|missiles)|"
     r"(?:remains|debris|fragments|wreckage) of (?:an? |the )?[\w -]{0,30}missile|missile[\w ]{0,20}"
     r"(?:was|were) (?:recovered|found)|multiple rocket launchers?"),
    (BAT, "Government regains territory", r"recaptur(?:ed|es|ing)|retook|retak(?:en|es)|liberat(?:ed|es|ing)"),
    (BAT, "Armed clash", r"clash(?:ed|es)?\b|fought|fighting (?:\w+ ){0,2}(?:near|in|around|for)|battles? (?:for|near|in|around)|"
                         r"exchange(?:d)? (?:of )?fire|firefights?|gun ?battle|"
                         r"(?:captured|seized|took control of|taken control of|advanced on|stormed)\b"),
    (VAC, "Sexual violence", r"\brap(?:ed|e|es|ing)\b|sexual (?:violence|assault)"),
    (VAC, "Abduction/forced disappearance", r"abduct(?:ed|ion|s)|kidnap(?:ped|ping|s)|forcibly deported|"
                                            r"forced disappearance|deport(?:ed|ation) of children"),
    (VAC, "Attack", r"executed (?:civilians|prisoners|captives|unarmed)|massacre(?:d|s)?|killed (?:\w+ )?civilians|"
                    r"shot dead (?:\w+ )?civilians|attacked civilians"),
    (RIO, "Mob violence", r"\bmob\b|lynch(?:ed|ing)"),
    (RIO, "Violent demonstration", r"\briot(?:s|ed|ing|ers)?\b(?! police| gear| squad| control)|"
                                   r"violent (?:protests?|demonstrations?)"),
    (PRO, "Excessive force against protesters", r"(?:opened fire on|shot|killed) (?:\w+ )?(?:protesters|demonstrators)"),
    (PRO, "Protest with intervention", r"(?:police|security forces|officers)\b(?=[^.]*\b(?:protest|demonstrat|"
                                       r"rall(?:y|ies)|marchers))[^.]{0,60}?(?:dispers|detain|arrest|broke up|tear "
                                       r"gas|pepper spray|water cannon|rubber bullets)\w*|(?:protest|demonstrat|"
                                       r"rall(?:y|ies)|marchers)[^.]{0,80}?(?:police|security forces|officers) "
                                       r"(?:\w+ ){0,2}(?:dispers|detain|arrest|broke up|fired tear gas|used tear "
                                       r"gas)\w*"),
    (PRO, "Peaceful protest", r"protest(?:ed|ers|s)?\b|demonstrat(?:ed|ion|ions|ors)\b|\brall(?:y|ies|ied)\b|"
                              r"\bmarched\b|picket(?:ed|s)?\b"),
    (SD, "Arrests", r"\barrest(?:ed|s)\b|detained|taken into custody"),
    (SD, "Agreement", r"(?:submitted|introduced|tabled) a bill|ratif(?:y|ied|ies|ication)|sign(?:ed|s|ing) "
                      r"(?:a |an |the )?(?:\w+[ -]){0,3}(?:pact|treaty|agreement|deal|accord|memorandum)|"
                      r"agreed (?:to|on)\b|ceasefire|cease-fire|truce(?! village)|prisoner (?:swap|exchange)|peace deal"),
    (SD, "Headquarters or base established", r"arrived at (?:\w+ )?(?:military )?bases?|stationed at|"
                                             r"established (?:a |new )?(?:base|headquarters)|set up (?:a )?(?:base|"
                                             r"headquarters)"),
    (SD, "Looting/property destruction", r"loot(?:ed|ing)|torch(?:ed|ing)|set (?:fire|ablaze) to|vandali[sz]ed"),
    (SD, "Change to group/activity", r"(?:send|sending|sent|deploy(?:ed|ing|s)?|dispatch(?:ed|ing)?|commit|"
                                     r"committing|transfer(?:red|ring)?) (?:as many as |up to |about |some |more "
                                     r"than |\d[\d,]* |[\w-]+ )*(?:troops|soldiers|forces|units|personnel|"
                                     r"contingent|fighters)|(?:troops?|soldiers?|forces|contingent|units?) (?:(?:being|"
                                     r"were|was|have been|had been|has been|could be|would be|will be|might be|"
                                     r"may be|to be) )?(?:sent|deployed|dispatched)|mobili[sz](?:ed|ation)|withdr(?:ew|awn|awal) of "
                                     r"(?:\w+ )?(?:troops|forces)"),
    (SD, "Other", r"supplying|supplied|supplies (?:\w+ )?(?:with|weapons|ammunition|arms)|provid(?:ed|ing) (?:\w+ )?(?:weapons|ammunition|arms|shells|missiles)|"
                  r"convened|summit|talks with|held talks|met with|\bmet\b|meeting|visited|celebrated|"
                  r"sanctions? (?:on|against)|imposed sanctions|appointed|dismissed|elected|election"),
]
_COMPILED = [(t, s, re.compile(p, re.IGNORECASE)) for t, s, p in _RULES]


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    start: int      # offsets in the clause text
    end: int
    text: str


def find_trigger(clause: str) -> Trigger | None:
    for event_type, sub_type, pattern in _COMPILED:
        match = pattern.search(clause)
        if match:
            return Trigger(event_type, sub_type, match.start(), match.end(), match.group(0))
    return None


_NEGATED = re.compile(r"\b(?:not|never|no|neither|nor|denied|denies|deny|ruled out|rules out|rejected claims|"
                      r"without)\b|n't\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|shall|is (?:getting ready|poised|preparing|set|expected|planning|going) to|"
                     r"are (?:getting ready|poised|preparing|set|expected|planning|going) to|poised to|plans? to|"
                     r"intends? to|prepar(?:es|ing) to|about to|to be sent|would soon|expected to)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:could|might|may|would|if|fear(?:s|ed)? that|possible|possibly|potential(?:ly)?|"
                           r"reportedly considering|unconfirmed)\b", re.IGNORECASE)
_WINDOW = 80   # characters before the trigger that govern it ("has not confirmed that any soldiers have been sent")
_AFTER_MODAL = re.compile(r"^\W*(?:(?:that|which|who|\w+)\s+){0,3}?(?:could|might|may|would|will|is expected to|"
                          r"is set to)\b", re.IGNORECASE)


def _first_verb_group(after: str) -> str:
    """A modal right after a noun trigger governs it: "a ceasefire ... could take effect"."""
    match = _AFTER_MODAL.search(after)
    return match.group(0) if match else ""


def modality(clause: str, trigger: Trigger) -> str:
    """asserted | future | hypothetical | negated, read from the words just before the trigger."""
    before = clause[max(0, trigger.start - _WINDOW):trigger.start]
    after = clause[trigger.end:trigger.end + 30]   # "a ceasefire that could take effect"
    governing = before + " " + trigger.text + " " + _first_verb_group(after)
    if _NEGATED.search(before):
        return "negated"
    if _FUTURE.search(governing):
        return "future"
    if _HYPOTHETICAL.search(governing):
        return "hypothetical"
    return "asserted"
