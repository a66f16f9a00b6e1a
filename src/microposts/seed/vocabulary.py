"""The words seeded posts and people are made of.

Nouns and hashtag topics are listed most common first: the generator draws them with Zipf-like
weights, so a few are everywhere and the rest form a long tail, as words and tags do in real text.
"""

import re


def _words(text: str) -> list[str]:
    # Word lists are written as running text: easier to read and extend than list literals.
    return text.split()


def _verb_forms(text: str) -> list[tuple[str, str, str]]:
    """(base, past, -ing) triples, written "fix fixed fixing / build built building"."""
    triples = (part.split() for part in re.split(r"[/\n]", text) if part.strip())
    return [(base, past, ing) for base, past, ing in triples]


NOUNS = _words(
    """
coffee tea book song movie game team city weather rain sun snow summer winter spring
garden kitchen dinner lunch breakfast bread cheese pizza soup cake train bus bike road
beach mountain river lake park street office meeting project code bug release server
database query test review idea plan draft question answer problem change version
update feature issue patch design library framework language laptop phone screen
keyboard window photo picture video podcast article paper story conference workshop
meetup market shop job school class lesson exam homework teacher doctor flower tree
bird ocean island forest village town country world weekend holiday birthday party
morning evening night week playlist album concert match race season recipe neighbour
friend cat dog kid family sister brother bakery museum
"""
)

VERBS = _verb_forms(
    """
fix fixed fixing / build built building / read read reading / write wrote writing
cook cooked cooking / bake baked baking / watch watched watching / play played playing
learn learned learning / finish finished finishing / start started starting / love loved loving
miss missed missing / find found finding / lose lost losing / share shared sharing
try tried trying / clean cleaned cleaning / plan planned planning / review reviewed reviewing
ship shipped shipping / break broke breaking / visit visited visiting / paint painted painting
draw drew drawing / deploy deployed deploying / test tested testing / order ordered ordering
plant planted planting / walk walked walking
"""
)

ADJECTIVES = _words(
    """
good great new old little big small long short nice fun strange funny lovely terrible
wonderful amazing boring weird useful happy tired busy ready quiet loud early late slow
fast warm cold fresh simple hard easy perfect cozy rainy sunny broken shiny noisy calm
brilliant messy tiny huge favourite
"""
)

TIMES = [
    "today",
    "tonight",
    "this morning",
    "this evening",
    "yesterday",
    "last night",
    "all day",
    "again",
    "at last",
    "for once",
    "this week",
    "on Monday",
    "on Friday",
    "every weekend",
    "right now",
    "before lunch",
    "after work",
    "since January",
    "all summer",
    "before the meeting",
]

ADVERBS = _words(
    """
really honestly finally probably actually almost always sometimes often never still just
"""
)

# Sentence shapes. {noun}, {adjective}, {verb}, {past}, {ing}, {time}, {adverb} are drawn anew
# for every slot, so the same shape gives many different sentences.
TEMPLATES = [
    "{adjective} {noun} {time}",
    "just {past} the {noun}",
    "the {noun} is {adjective} {time}",
    "{ing} my {noun} {time}",
    "anyone else {ing} a {noun} {time}?",
    "I {adverb} {verb} {noun}s",
    "this {noun} is so {adjective}",
    "can't believe the {noun} {past} {time}",
    "new {noun} {time}!",
    "thinking about {noun}s and {noun}s",
    "why is the {noun} always {adjective}?",
    "finally {past} my {noun}",
    "hot take: {noun}s are {adjective}",
    "{time}: {noun}, {noun} and {noun}",
    "we {past} a {adjective} {noun} {time}",
    "{adverb} {ing} the {noun}, {adverb} {ing} the {noun}",
    "does a {adjective} {noun} count as a {noun}?",
    "{ing} {time}. the {noun} is {adjective}",
    "my {noun} {past} the {noun}",
    "a {adjective} {noun} and a {adjective} {noun}",
]

# Every single word above, once: for hashtags, bios and usernames.
WORDS = list(dict.fromkeys([*NOUNS, *ADJECTIVES, *ADVERBS, *(base for base, _, _ in VERBS)]))

FIRST_NAMES = _words(
    """
Ann Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Karl Laura Mallory Niaj Olivia Peggy
Quentin Rupert Sybil Trent Ursula Victor Walter Xena Yusuf Zoe Amara Bilal Chen Dmitri
Elif Farah Goran Hana Ines Jamal Keiko Liam Maya Noor Oskar Priya Rafael Sana Tomas Uma
Vera Wei Ximena Yara Zainab Aiko Bruno Camila Diego Emeka Fatima Gustav Hugo Ingrid Jonas
Kofi Lena Mateo Nadia Omar Paula Rosa Sven Tariq Valentina Yuki Ada Alan Grace Linus Guido
Margaret Barbara Dennis Ken Radia Frances Edsger Donald Leslie Tim Vint Hedy Katherine
"""
)

LAST_NAMES = _words(
    """
Smith Jones Brown Garcia Miller Davis Wilson Moore Taylor Thomas Martin Lee Walker Hall
Allen Young King Wright Lopez Hill Scott Green Adams Baker Nelson Carter Mitchell Perez
Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook
Rogers Morgan Cooper Peterson Reed Bailey Bell Kim Nguyen Chen Singh Kumar Okafor Mensah
Silva Santos Costa Rossi Ferrari Novak Kowalski Nielsen Jensen Berg Larsen Schmidt Weber
Fischer Meyer Wagner Becker Dubois Moreau Laurent Tanaka Suzuki Sato Yamamoto Park Choi
Lovelace Turing Hopper Torvalds Rossum Liskov Ritchie Knuth Lamport Berners Cerf Lamarr
"""
)

# Display names are free text: some people use accents, other scripts or a symbol.
DISPLAY_NAME_EXTRAS = [
    "Zoë Ångström",
    "José Núñez",
    "Chloé Müller",
    "Łukasz Wójcik",
    "Søren Ødegaard",
    "Ngozi Adébáyọ̀",
    "王芳",
    "Дмитрий Иванов",
    "Ayşe Yılmaz",  # noqa: RUF001 - a Turkish name, spelled as it is
    "François ☕",
    "Renée 🌿",
    "Þóra Sigurðardóttir",
]

USERNAME_WORDS = _words(
    """
coffee pixel rust byte cloud river moon star code night owl cat dog fox wolf bear bird
tea bread garden forest ocean retro cyber quiet loud happy lazy busy tiny mega ultra real
"""
)

# Hashtag topics, most popular first. Compound tags made from WORDS extend the long tail.
HASHTAG_TOPICS = _words(
    """
python django news music photography coffee travel books gaming food running cats dogs
linux opensource rust javascript webdev devops security ai science space climate art
design writing poetry history football cycling hiking gardening cooking baking movies
tv podcast jobs remotework startup productivity mentalhealth fitness yoga nature weather
london paris berlin tokyo lagos saopaulo nyc mumbai sydney toronto
monday friday weekend throwbackthursday caturday goodmorning fridayfeeling
"""
)

SENTENCE_ENDS = [".", ".", ".", "!", "?", "…", ""]

BIO_TEMPLATES = [
    "{a} and {b}.",
    "I write about {a}, {b} and {c}.",
    "{a} person. Opinions my own.",
    "Into {a}. Sometimes {b}.",
    "",
    "",
]
