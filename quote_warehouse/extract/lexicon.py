"""Word lists the extractor's rules are made of.

General English news vocabulary: verbs of saying, role nouns, words that make
a name an organisation, countries and their adjectives. Nothing here names a
particular article's people; the speaker registry (a dbt seed) is where known
people live.
"""

from __future__ import annotations

import re

# Verbs of saying and their forms, grouped by lemma. The value says how the
# content follows: "that" (clause, "that" optional), "of" (warned of X),
# "np" (an object phrase: "called it X", "expressed readiness"), or "any".
_SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "warn": ("warn", "warns", "warned", "warning"),
    "stress": ("stress", "stresses", "stressed", "stressing"),
    "note": ("noted", "noting", "notes"),
    "claim": ("claim", "claims", "claimed", "claiming", "clams"),
    "suggest": ("suggest", "suggests", "suggested", "suggesting"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "state": ("stated", "stating"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "continue": ("continue", "continues", "continued"),
    "believe": ("believe", "believes", "believed"),
    "write": ("wrote", "writes", "write", "writing"),
    "report": ("reported", "reports"),
    "emphasize": ("emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised", "emphasizing", "emphasising"),
    "assert": ("assert", "asserts", "asserted"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "deny": ("deny", "denies", "denied", "denying"),
    "reply": ("replied", "replies", "replying"),
    "respond": ("responded", "responds", "responding"),
    "answer": ("answered",),
    "ask": ("ask", "asks", "asked", "asking"),
    "recall": ("recall", "recalls", "recalled", "recalling"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "promise": ("promised", "promises", "promising"),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "urge": ("urge", "urges", "urged", "urging"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "maintain": ("maintain", "maintains", "maintained"),
    "contend": ("contend", "contends", "contended", "contending"),
    "observe": ("observe", "observes", "observed"),
    "remark": ("remarked", "remarking"),
    "comment": ("commented",),
    "complain": ("complain", "complains", "complained", "complaining"),
    "concede": ("concede", "concedes", "conceded", "conceding"),
    "tweet": ("tweeted", "tweets", "tweeting"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "reiterate": ("reiterate", "reiterates", "reiterated", "reiterating"),
    "indicate": ("indicate", "indicates", "indicated"),
    "caution": ("caution", "cautions", "cautioned", "cautioning"),
    "point out": ("point out", "points out", "pointed out", "pointing out"),
    "draw attention": ("draw attention to", "draws attention to", "drew attention to", "drawing attention to"),
    "go on to say": ("go on to say", "goes on to say", "went on to say"),
    "make clear": ("made clear", "makes clear", "making clear", "make clear", "made it clear", "makes it clear",
                   "making it clear", "make it clear"),
    "make the point": ("made the point", "makes the point", "making the point", "make the point",
                       "made the case", "makes the case", "making the case", "make the case"),
    "call": ("called", "calling", "calls", "call"),
    "call for": ("called for", "calling for", "calls for", "call for"),
    "talk about": ("talked about", "talking about", "talks about", "talk about"),
    "speak about": ("spoke about", "speaking about", "speaks about", "spoken about", "speak about"),
    "describe": ("described", "describes", "describing"),
    "cite": ("cited", "citing", "cites"),
    "express": ("expressed", "expresses"),
    "dismiss": ("dismissed", "dismissing"),
    "accuse": ("accused", "accuses", "accusing"),
    "estimate": ("estimated",),
    "boast": ("boasted", "boasting"),
    "quip": ("quipped", "quip", "quips"),
    "joke": ("joked", "joking"),
    "exclaim": ("exclaim", "exclaims", "exclaimed"),
    "mention": ("mentioned", "mentioning", "mentions", "mention"),
    "counter": ("countered",),
    "shout": ("shout", "shouts", "shouted", "shouting"),
    "conclude": ("concluded", "concludes", "concluding"),
    "elaborate": ("elaborated", "elaborates"),
    "agree": ("agrees", "agreed"),
    "go on": ("went on", "goes on"),
    "put it": ("put it", "puts it"),
    "read": ("reads", "read"),
    "pledge": ("pledged", "pledges", "pledging"),
    "assure": ("assured", "assures", "assuring"),
    "chant": ("chanted", "chants", "chanting"),
    "yell": ("yelled", "yells", "yelling"),
    "criticize": ("criticized", "criticised", "criticizes", "criticises", "criticizing", "criticising"),
    "praise": ("praised", "praises", "praising"),
    "blame": ("blamed", "blames", "blaming"),
    "thank": ("thanked", "thanks"),
    "decry": ("decried", "decries", "decrying"),
    "denounce": ("denounced", "denounces", "denouncing"),
    "condemn": ("condemned", "condemns", "condemning"),
    "mock": ("mocked", "mocks", "mocking"),
    "slam": ("slammed", "slams", "slamming"),
    "blast": ("blasted", "blasts", "blasting"),
    "charge": ("charged", "charges"),
    "lament": ("lamented", "laments", "lamenting"),
    "bemoan": ("bemoaned", "bemoans"),
    "proclaim": ("proclaimed", "proclaims", "proclaiming"),
    "label": ("labeled", "labelled", "labels"),
    "dub": ("dubbed", "dubs"),
    "demand": ("demanded", "demands", "demanding"),
    "question": ("questioned", "questioning"),
    "retort": ("retorted",),
    "snap": ("snapped",),
    "bark": ("barked",),
    "scoff": ("scoffed",),
    "muse": ("mused",),
    "reveal": ("revealed", "reveals", "revealing"),
    "post": ("posted",),
    "echo": ("echoed", "echoing"),
    "recount": ("recounted", "recounts", "recounting"),
    "brag": ("bragged", "brags"),
    "exhort": ("exhorted",),
    "encourage": ("encouraged", "encouraging"),
    "propose": ("proposed", "proposes", "proposing"),
    "reject": ("rejected", "rejects", "rejecting"),
    "discuss": ("discussed", "discusses", "discussing"),
}

# Cues that only attribute speech with an explicit content clause or quote
# next to them; alone they are too vague ("she continued her trip").
WEAK_CUES = frozenset({"deny", "continue", "call", "describe", "cite", "express", "dismiss",
                       "accuse", "believe", "agree", "report", "ask", "mention",
                       "answer", "respond", "reply", "recall", "estimate", "indicate",
                       "promise", "urge", "counter", "maintain", "observe", "comment",
                       "pledge", "assure", "chant", "criticize", "praise", "blame", "thank",
                       "decry", "denounce", "condemn", "mock", "slam", "blast", "charge",
                       "label", "dub", "demand", "question", "reveal", "post", "echo",
                       "exhort", "encourage", "read", "lament", "bemoan", "shout", "yell",
                       "call for", "talk about", "speak about", "propose", "reject", "discuss", "snap", "bark"})

# Cues that report belief rather than speech; kept for quotes and "that"
# clauses because news uses them for what a speaker said ("X believes that").
BELIEF_CUES = frozenset({"believe"})

CUE_FORMS: dict[str, str] = {
    form: lemma for lemma, forms in _SPEECH_VERBS.items() for form in forms
}
def trie_pattern(words: list[str] | frozenset[str] | set[str]) -> str:
    """One regex alternation for many words, factored by common prefixes.

    `said|says|saying` becomes `sa(?:id|ys|ying)`: Python's regex engine
    tries an alternation branch by branch, so a prefix tree is several times
    faster on long word lists. Longer continuations come first, so a
    multi-word cue ("pointed out") wins over its first word. A space in a
    word matches any run of white space.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [(re.escape(ch) if ch != " " else r"\s+") + build(child)
                    for ch, child in sorted(node.items(), key=lambda kv: kv[0], reverse=True) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_CUE_ALTERNATION = trie_pattern(set(CUE_FORMS))
# Verbs are matched in lower case: "States" or "Notes" at a capital is a name.
# "went on" says something only before its words ("went on: …", "went on to say"),
# not before a noun ("went on Twitter", "the Senate goes on recess") or another
# verb ("went on to endorse Ayotte")
_SAYING_BASE_FORMS = ("say add argue claim insist note warn tell call describe suggest predict explain praise "
                      "criticize accuse ask promise pledge vow urge stress emphasize acknowledge admit deny "
                      "recall point assert state declare announce blame attack dismiss defend reflect").split()
CUE_ALT = (rf"(?:{_CUE_ALTERNATION})\b(?!(?<=\son)\s+(?!that\b|to\s+(?:{'|'.join(_SAYING_BASE_FORMS)})\b)"
           r"[A-Za-z])")
CUE_RE = re.compile(rf"\b{CUE_ALT}")

# The days of the week, as a regex alternation: a time, never a source or a name
WEEKDAY_ALT = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# The parts of a day, as a regex alternation: "said Wednesday morning"
DAY_PART_ALT = "morning|afternoon|evening|night"
# A form of "be" before a participle, as a regex ending in the space before it:
# "is said to", "were told", "I'm told" (never "'s", which may be "has")
PASSIVE_AUX = r"(?:\b(?:am|is|are|was|were|be|been|being)|\w[’'](?:m|re))\s+"
# Titles of courtesy: the name after one is a surname ("Mr Major")
COURTESY_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss"})

# "According to X, …" and its kin "As reported by X, …": a source with no verb of its own
ACCORDING_TO_RE = re.compile(r"\b(?:[Aa]ccording\s+to|[Aa]s\s+(?:first\s+)?reported\s+by)\b")

# Heads of noun phrases that name a person by role.
ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson diplomat ambassador minister president
    premier chancellor secretary envoy official senator congressman congresswoman
    lawmaker legislator governor mayor candidate nominee leader chairman chairwoman
    chair director head chief commander general admiral colonel prosecutor judge
    justice attorney adviser advisor aide analyst expert economist strategist
    spokesmen representative delegate commissioner deputy ceo executive founder
    manager negotiator counsel king queen prince princess pope speaker
    vice-president officer researcher professor scientist activist lawyer
    campaigner chief-executive boss coach manager""".split()
)
# Role nouns that are ranks or titles in front of a name ("Foreign Minister X").
TITLE_WORDS = frozenset(
    """president vice prime minister foreign defence defense interior finance
    deputy secretary general secretary-general ambassador spokesman spokeswoman
    spokesperson senator sen sen. rep rep. representative governor gov gov. mayor
    chancellor premier king queen prince princess pope judge justice attorney
    chairman chairwoman chair director chief executive ceo commander gen gen.
    admiral colonel col col. lt lt. captain capt major sergeant dr dr. mr mr. mrs
    mrs. ms ms. miss sir dame lord lady professor prof prof. rabbi reverend rev
    rev. father sister brother sheikh ayatollah state speaker leader candidate
    nominee envoy head officer commissioner economy trade justice health energy
    education labour labor transport environment home treasury house senate
    majority minority whip democratic republican former acting interim incoming
    outgoing first lady gentleman congressman congresswoman presidential
    emeritus assistant associate principal senior junior top""".split()
)
# Words naming the body a title belongs to, which may stand before it in lower
# case: "foreign ministry spokesman Ali Smith", "campaign press secretary Jo Lee"
TITLE_MODIFIERS = frozenset(
    """ministry department campaign press affairs party council agency committee
    office communications policy political national security military police
    white government company union league association federal city county
    district regional""".split()
)
FEMALE_WORDS = frozenset("she her herself woman mother wife daughter girl grandmother businesswoman spokeswoman chairwoman congresswoman mrs mrs. ms ms. miss queen princess lady dame madam".split())
MALE_WORDS = frozenset("he him his himself man father husband son boy grandfather businessman spokesman chairman congressman mr mr. king prince lord sir".split())

# Lowercase words in -ly that are no adverbs: "likely voters", "a rally", "the family"
NOT_ADVERBS = frozenset("only early likely family rally ally supply elderly daily weekly monthly friendly "
                        "holy ugly lonely silly bully assembly anomaly monopoly".split())

# Words that open or join phrases but name nothing: no name or description is made of them alone
FUNCTION_WORDS = frozenset(
    """a an the this that these those on in at of to for from with by about after before
    during since until as and or but nor so yet while when where who which whose what
    is are was were be been has have had do does did will would can could may might
    shall should must not no also then than there here it its his her their our my
    your we they he she i you him them us me last next earlier later today yesterday
    tonight tomorrow recently reporters journalists""".split()
)
QUANTIFIERS = frozenset("one some many most all none each any both several few two three".split())

# Past tenses that do not end in -ed: "Cruz made an unprompted …"
IRREGULAR_PAST = frozenset("made took gave went came began brought sent held kept left met paid won lost ran "
                           "got put felt thought spent built".split())

# Finite auxiliaries and modals: a clause has begun where one follows a subject
AUXILIARIES = frozenset("is are was were has have had will would could can may might should must do does did".split())
# the same as a regex alternation, with and without the forms of "do"
AUXILIARY_ALT = "|".join(sorted(AUXILIARIES))
MODAL_BE_HAVE_ALT = "|".join(sorted(AUXILIARIES - {"do", "does", "did"}))

# Words that make a capitalised name an organisation.
ORG_HEADS = frozenset(
    """ministry kremlin department agency council commission committee office
    government administration parliament congress senate house assembly duma
    party union bank fund court police army navy military forces service
    services embassy mission organization organisation alliance bloc company
    corporation corp inc ltd group association federation institute university
    campaign board authority authorities pentagon cabinet secretariat
    presidency command network channel newspaper agency broadcaster times post
    journal news press tribune herald guardian observer telegraph""".split()
)
# Last words of capitalised names that are places, events or things, never a
# person whom "he" or "she" could mean ("Wall Street", "Middle East", "Super
# Tuesday", "Keystone Pipeline", "Palo Alto", "Social Security").
NON_PERSON_TAILS = frozenset(
    """street avenue road square park east west north south city county valley island islands beach
    bay river lake mountains shoal hook alto angeles vegas york airport station center centre hall
    club pipeline media security amendment convention caucus caucuses primary tuesday time wage
    foundation act plan program programme report poll survey index market exchange war summit
    mavericks tank others netizens belt plaza tower hotel hill""".split()
)
# First words of a place's name: "Lake Erie", "Mount Vernon", "Fort Worth"
NON_PERSON_HEADS = frozenset({"A", "An", "Lake", "Mount", "Fort", "Cape"})
# Capitalised function words that mark a headline fragment, not a name
# ("Things Latinos Said In", "To Pipe Down Real")
HEADLINE_WORDS = frozenset("In To For Of The And About Down Out Up With On At By From Is Are Was Has Says Said".split())
# Acronyms and names that are organisations on their own.
ORG_NAMES = frozenset(
    """NATO EU UN OSCE WHO IMF OPEC FBI CIA NSA KGB FSB IAEA ECB WTO G7 G20 BBC
    CNN RT TASS AFP AP Reuters Kremlin Pentagon Congress Parliament Senate
    Interfax Xinhua Sputnik Bloomberg Newsweek Izvestia Politico Axios
    GOP DNC RNC EPA IRS DOJ DHS NASA NAACP ACLU AARP NRA SEC FCC FDA CDC""".split()
)

# Countries and their adjectives (demonyms). Enough for country of a role and
# for telling a country from a person.
_COUNTRIES = {
    "Afghanistan": "Afghan", "Albania": "Albanian", "Algeria": "Algerian",
    "Argentina": "Argentine", "Armenia": "Armenian", "Australia": "Australian",
    "Austria": "Austrian", "Azerbaijan": "Azerbaijani", "Belarus": "Belarusian",
    "Belgium": "Belgian", "Bosnia": "Bosnian", "Brazil": "Brazilian",
    "Bulgaria": "Bulgarian", "Canada": "Canadian", "Chile": "Chilean",
    "China": "Chinese", "Colombia": "Colombian", "Croatia": "Croatian",
    "Cuba": "Cuban", "Cyprus": "Cypriot", "Czech Republic": "Czech",
    "Denmark": "Danish", "Egypt": "Egyptian", "Estonia": "Estonian",
    "Ethiopia": "Ethiopian", "Finland": "Finnish", "France": "French",
    "Georgia": "Georgian", "Germany": "German", "Greece": "Greek",
    "Hungary": "Hungarian", "Iceland": "Icelandic", "India": "Indian",
    "Indonesia": "Indonesian", "Iran": "Iranian", "Iraq": "Iraqi",
    "Ireland": "Irish", "Israel": "Israeli", "Italy": "Italian",
    "Japan": "Japanese", "Jordan": "Jordanian", "Kazakhstan": "Kazakh",
    "Kenya": "Kenyan", "Kosovo": "Kosovar", "Kuwait": "Kuwaiti",
    "Latvia": "Latvian", "Lebanon": "Lebanese", "Libya": "Libyan",
    "Lithuania": "Lithuanian", "Luxembourg": "Luxembourgish",
    "Malaysia": "Malaysian", "Mexico": "Mexican", "Moldova": "Moldovan",
    "Mongolia": "Mongolian", "Montenegro": "Montenegrin", "Morocco": "Moroccan",
    "Netherlands": "Dutch", "New Zealand": "New Zealander", "Nigeria": "Nigerian",
    "North Korea": "North Korean", "Norway": "Norwegian", "Pakistan": "Pakistani",
    "Palestine": "Palestinian", "Peru": "Peruvian", "Philippines": "Filipino",
    "Poland": "Polish", "Portugal": "Portuguese", "Qatar": "Qatari",
    "Romania": "Romanian", "Russia": "Russian", "Saudi Arabia": "Saudi",
    "Serbia": "Serbian", "Slovakia": "Slovak", "Slovenia": "Slovenian",
    "South Africa": "South African", "South Korea": "South Korean",
    "Spain": "Spanish", "Sweden": "Swedish", "Switzerland": "Swiss",
    "Syria": "Syrian", "Taiwan": "Taiwanese", "Tajikistan": "Tajik",
    "Thailand": "Thai", "Tunisia": "Tunisian", "Turkey": "Turkish",
    "Turkmenistan": "Turkmen", "Ukraine": "Ukrainian",
    "United Arab Emirates": "Emirati", "United Kingdom": "British",
    "United States": "American", "Uzbekistan": "Uzbek", "Venezuela": "Venezuelan",
    "Vietnam": "Vietnamese", "Yemen": "Yemeni",
}
_COUNTRY_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States",
    "America": "United States", "UK": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "Russian Federation": "Russia",
    "England": "United Kingdom", "Scotland": "United Kingdom",
}
COUNTRY_OF: dict[str, str] = {}
for _country, _adj in _COUNTRIES.items():
    COUNTRY_OF[_country] = _country
    COUNTRY_OF[_adj] = _country
COUNTRY_OF.update(_COUNTRY_ALIASES)

# Capitals and seats of government used as metonyms ("Moscow said").
CAPITALS = frozenset(
    """Moscow Washington Kiev Kyiv London Paris Berlin Beijing Brussels Tokyo
    Tehran Ankara Warsaw Minsk Riga Vilnius Tallinn Rome Madrid Ottawa Canberra
    Damascus Baghdad Kabul Jerusalem Cairo Delhi Islamabad Seoul Pyongyang
    Havana Caracas Budapest Prague Vienna Bern Geneva Stockholm Oslo Helsinki
    Copenhagen Athens Sofia Bucharest Belgrade Tbilisi Yerevan Baku""".split()
)

# The US states and their postal abbreviations as news writes them: places,
# never people, though a state and a surname look alike ("Ohio", "Tex").
US_STATES = frozenset(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
    Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
    Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio
    Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington
    Wisconsin Wyoming Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md
    Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo""".split()
) | frozenset({"New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
               "Rhode Island", "South Carolina", "South Dakota", "West Virginia"})

# Capitalised words that start sentences or clauses and are never names.
# Verbs of saying that open a sentence before their speaker ("Said Comey, …",
# "Stated Stone: …"): never part of a name.
SENTENCE_INITIAL_CUES = ("Said", "Says", "Stated", "Added", "Told", "Wrote", "Writes", "Asked",
                         "Explained", "Continued", "Replied", "Declared", "Noted")

NON_NAME_WORDS = frozenset(SENTENCE_INITIAL_CUES) | frozenset(
    """Like Unlike
    The A An In On At However According But And Or So Yet This That These
    Those It He She They We I You His Her Their Our Its Also While When Where
    Why How What Which Who Whom If As After Before Since Until Although Though
    Because For From To With Without By Of Into Over Under Between Among
    During Despite Meanwhile Moreover Furthermore Nevertheless Still Then There
    Here Now Today Yesterday Tomorrow Earlier Later Last Next First Second
    Third Finally Indeed Instead Otherwise Some Many Most Several All Both
    Each Every No Not Speaking Asked Read More Mr Mrs Ms Dr
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Western Eastern Northern
    Southern European Soviet Democrats Republicans Officials Sources Critics
    Analysts Experts People Police Troops Allies Leaders Lawmakers
    Once Citing Inside Outside Together Alongside Neither Either Nor Even Just
    Only Already Again Perhaps Maybe Above Across Against Along Amid Around
    Behind Below Beyond Near Through Throughout Toward Towards Upon Within
    Whether Unless Whereas Whatever Whoever Such Nobody Somebody Someone Everyone
    Everybody Anyone Anybody Another Hours Minutes Days Weeks Months Years Moments""".split()
) | frozenset(  # auxiliaries that open a question ("Had Sanders won …"); not "Will", a first name
    f"{w}{neg}" for w in ("Had", "Has", "Have", "Was", "Were", "Is", "Are", "Did", "Does", "Do", "Would",
                          "Could", "Should", "Can", "Must", "Shall")
    for neg in ("", "n't", "n’t")
) | frozenset(("Don't", "Don’t", "Won't", "Won’t", "Can't", "Can’t")) | frozenset(
    # contractions of pronouns ("I'm old enough to remember President …")
    f"{p}{apo}{c}" for p in ("I", "We", "You", "They", "He", "She", "It") for apo in "'’"
    for c in ("m", "d", "s", "ll", "ve", "re")
)

ADJECTIVE_OF: dict[str, str] = dict(_COUNTRIES)

# Objects of "expressed" that make it a speech act ("expressed the readiness").
EXPRESSED_OBJECTS = frozenset(
    """readiness hope hopes concern concerns confidence regret support willingness
    opposition gratitude satisfaction doubt doubts disappointment frustration
    optimism skepticism scepticism interest desire intention condolences outrage
    alarm anger surprise belief view wish determination""".split()
)
