"""The word lists the entity rules read: titles, organisation words, nationalities, portfolios,
places and the capitalised words that are nobody's name, and the English dictionary (which words
are ordinary words). Rules live in `entities.py`."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import marisa_trie

TITLES = [
    "Ambassador", "Amb.", "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "PM",
    "Foreign Minister", "FM", "Minister", "Deputy Minister", "Vice Minister", "State Secretary", "Secretary",
    "Secretary of State", "Assistant Secretary", "A/S", "Under Secretary", "U/S", "Deputy Secretary",
    "Senator", "Congressman", "Representative", "Rep.", "Governor", "Mayor", "Speaker", "Deputy Speaker",
    "Chairman", "Chairwoman", "Chair", "Director", "Director General", "Deputy Director", "Head", "Chief",
    "General", "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Gen.", "Admiral", "Adm.", "Colonel", "Col.", "Major",
    "Captain", "Commander", "King", "Queen", "Prince", "Princess", "Crown Prince", "Emir", "Amir", "Sheikh",
    "Sheikha", "Sultan", "Pope", "Cardinal", "Archbishop", "Bishop", "Patriarch", "Imam", "Ayatollah", "Rabbi",
    "Chief Rabbi",
    "Judge", "Justice", "Prosecutor", "Attorney General", "Charge", "Charge d'Affaires", "DCM", "Consul",
    "Consul General", "CG", "Poloff", "Econoff", "Spokesman", "Spokeswoman", "Adviser", "Advisor", "Counselor",
    "Mr.", "Mrs.", "Ms.", "Dr.", "Professor", "Prof.", "Senior Advisor", "Deputy Chief of Mission", "Leader",
    "Opposition Leader", "Party Leader", "First Daughter", "First Lady", "MP", "Deputy", "Ombudsman",
    "Envoy", "Special Envoy", "Commissioner", "Chancellor", "Premier", "Defense Minister", "Interior Minister",
    "Finance Minister", "Justice Minister", "Sen.", "Gov.", "Pres.", "Min.", "Dep.", "Undersecretary", "Permrep",
    "PermRep", "Resrep", "Officer", "Staffer", "Aide", "Permanent Secretary", "Attorney", "State Attorney",
    "Magistrate", "Editor", "Candidate", "Lawyer", "Congresswoman", "Manager", "General Manager", "Country Manager",
    "Country Director",
    # ranks and titles as cables abbreviate them
    "ADM", "GEN", "LTG", "LtGen", "MG", "BG", "COL", "RADM", "VADM", "LTC", "SYG", "SecGen", "UNSYG", "Minstate",
]
STAFF_TITLES = {"Officer", "Staffer", "Aide"}  # a staff title names a whole name (not `Flag Officer Discussions`)
ORG_WORDS = {
    "Committee", "Council", "Party", "Ministry", "Bureau", "Commission", "Administration", "Parliament",
    "Senate", "Government", "Embassy", "Union", "Organization", "Organisation", "Agency", "Bank", "Court",
    "Office", "Department", "Institute", "University", "Association", "Group", "Front", "Movement", "Forces",
    "Army", "Police", "Service", "Assembly", "Congress", "Duma", "Mazhilis", "Majlis", "Cabinet", "Company",
    "Corporation", "Fund", "Foundation", "Center", "Centre", "Alliance", "Coalition", "League", "Federation",
    "Directorate", "Secretariat", "Authority", "Board", "Chamber", "Tribunal", "Mission", "Consulate",
    "Navy", "Guard", "Network", "Society", "Club", "Academy", "School", "Trust", "Watch",
    "Brigade", "Battalion", "Division", "Command", "Corps", "Inc.", "Ltd.",
    "Review", "Times", "Post", "News", "Television", "Radio", "AB", "SA", "AG", "GmbH",
    "Headquarters", "Forum", "Battalions", "Brigades", "Commissions", "Committees", "Councils", "Ministries",
    "Democrats",  # (`Sweden Democrats`, `Christian Democrats`: parties)
    # what ends a company's name
    "Inc", "Co.", "Corp.", "LLC", "PLC", "Plc", "SAS", "SpA", "KG", "Ltd", "LTD", "Pharma", "Pharmaceuticals",
    "Biotech", "Biologicals", "Biologika", "Industries", "Technologies", "Airlines", "Airways", "Lines",
    "Enterprise", "Enterprises", "Holdings", "Trading", "Pharmazeutika", "Optronique", "Systems", "Institut",
    "Instituto", "Istituto", "Chancellery", "Nations", "Magazine",
}
# A company's legal form, ending its name (`Recip AB`, `Sanofi Pasteur SA`, `Vetter Pharma Fertigung GmbH & Co KG`):
# the name without it is the company's, the name with it an alias; what follows it is no part of the name.
LEGAL_FORMS = {"Inc", "Ltd", "LTD", "Co", "Corp", "LLC", "PLC", "Plc", "SA", "AG", "AB", "GmbH", "SAS", "SpA", "KG",
               "NV", "BV", "ASA", "Oy", "Oyj", "SRL", "Srl", "SARL", "Pty", "Bhd", "BHD", "JSC", "OJSC", "CJSC", "OAO",
               "ZAO", "OOO", "LLP"}
# (not the acronyms alone: in `CJSC and CHOD`, CJSC is the Chairman of the Joint Chiefs of Staff)
ORG_WORDS |= {"Co", "Corp", "Oy", "Oyj", "Srl", "Pty", "Bhd"} | {f"{form}." for form in LEGAL_FORMS}
# Articles that open a publication's or a body's name in Spanish, Italian and German (`El Pais`, `Der
# Spiegel`), never a person's (a capital `La` or `Le` may: `Le Pen`).
ARTICLES = {"El", "Los", "Las", "Il", "Der", "Die", "Das"}
CONNECTORS = {"of", "for", "and", "on", "the", "de", "in", "to", "&"}
PARTICLES = {"al", "al-", "el", "bin", "ibn", "bint", "abu", "van", "von", "der", "de", "da", "di", "du", "la", "le",
             "del", "dos", "das"}
SINGLE_ORGS = {"Senate", "Parliament", "Mazhilis", "Majlis", "Duma", "Knesset", "Congress",
               "Politburo", "Rada", "Sejm", "Bundestag", "Cortes", "Storting", "Riksdag", "Hizballah", "Hezbollah",
               "Hamas", "Taliban", "Interpol", "Europol", "Gazprom", "Fatah", "Mossad", "Oxfam", "al-Qa'ida", "al-Qaida",
               "Mercosur", "Mercosul",
    "al-Qaeda", "al Qaeda", "al Qa'ida", "Al-Qaeda", "Al Qaeda", "Al-Qa'ida", "Lashkar-e-Taiba", "Hezbollah",
    "Jemaah Islamiyah"}
NATIONALITIES = {
    "Kazakhstani", "American", "Arab", "European", "Russian", "Chinese", "Spanish", "French", "German", "British",
    "Iranian", "Iraqi", "Afghan", "Pakistani", "Israeli", "Palestinian", "Turkish", "Brazilian", "Venezuelan",
    "Colombian", "Mexican", "Saudi", "Syrian", "Lebanese", "Egyptian", "Yemeni", "Uzbek", "Qatari", "Emirati",
    "Kuwaiti", "Omani", "Bahraini", "Somali", "Sudanese", "Jordanian", "Libyan", "Algerian", "Moroccan", "Tunisian",
    "Indian", "Japanese", "Korean", "Italian", "Dutch", "Polish", "Ukrainian", "Armenian", "Azerbaijani", "Turkmen",
    "Kyrgyz", "Tajik", "Chilean", "Argentine", "Peruvian", "Bolivian", "Ecuadorian", "Cuban", "Nigerian", "Kenyan",
    "Ethiopian", "Zimbabwean", "Norwegian", "Swedish", "Danish", "Finnish", "Estonian", "Canadian", "Australian",
    # the rest of the world's (`the Serbian government` names no Mr Serbian)
    "Albanian", "Andorran", "Angolan", "Austrian", "Bangladeshi", "Belarusian", "Belgian", "Beninese", "Bhutanese",
    "Bosnian", "Botswanan", "Bulgarian", "Burkinabe", "Burmese", "Burundian", "Cambodian", "Cameroonian",
    "Chadian", "Congolese", "Croatian", "Cypriot", "Czech", "Djiboutian", "Dominican", "Eritrean", "Filipino",
    "Gabonese", "Gambian", "Georgian", "Ghanaian", "Greek", "Guatemalan", "Guinean", "Guyanese", "Haitian",
    "Honduran", "Hungarian", "Icelandic", "Indonesian", "Irish", "Ivorian", "Jamaican", "Kazakh", "Kosovar",
    "Kosovan", "Lao", "Laotian", "Latvian", "Liberian", "Lithuanian", "Luxembourgish", "Macedonian", "Malagasy",
    "Malawian", "Malaysian", "Maldivian", "Malian", "Maltese", "Mauritanian", "Mauritian", "Moldovan", "Mongolian",
    "Montenegrin", "Mozambican", "Namibian", "Nepalese", "Nepali", "Nicaraguan", "Nigerien", "Panamanian",
    "Paraguayan", "Portuguese", "Romanian", "Rwandan", "Salvadoran", "Senegalese", "Serbian", "Slovak",
    "Slovenian", "Singaporean", "Sri Lankan", "Swiss", "Taiwanese", "Tanzanian", "Thai", "Togolese", "Ugandan",
    "Uruguayan", "Vietnamese", "Zambian", "Scottish", "Welsh", "English", "Kurdish", "Chechen", "Basque",
    "Catalan", "Andalusian", "Baloch", "Pashtun", "Tamil", "Tibetan", "Uighur", "Uyghur", "Cuban-American",
}
# Languages that are no nationality's adjective (`Arabic and English dailies`)
LANGUAGES = {"Arabic", "Persian", "Farsi", "Dari", "Pashto", "Urdu", "Hindi", "Hebrew", "Swahili", "Bengali", "Malay",
             "Tagalog", "Amharic", "Berber", "Creole", "Latin"}
# Adjectives that open organisations' names (`Foreign Ministry`, `Arab League`) but never a person's.
ADJECTIVES = NATIONALITIES | {
    "African", "Asian", "Bolivarian", "Islamic", "Islamist", "Muslim", "Christian", "Catholic", "Sunni", "Shia", "Shi'a", "Western", "Eastern", "Northern",
    "Southern", "Central", "Foreign", "Legal",
}
NOT_NAMES = ADJECTIVES | {
    "The", "This", "That", "These", "Those", "He", "She", "It", "We", "They", "In", "On", "At", "As", "If", "But",
    "And", "Or", "For", "With", "By", "From", "To", "Of", "A", "An", "Post", "Embassy", "Mission", "Department",
    "Washington", "Summary", "Comment", "End", "Note", "Action", "Request", "Begin", "Reftel", "Ref", "Para",
    "Paragraph", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Although", "However", "While", "Following", "According", "During", "After", "Before", "Since",
    "Both", "Many", "Some", "All", "Most", "Other", "Several", "Also", "Unless", "Encourage", "Stability",
    "Troubling", "Americans", "U.S.", "US", "USG", "GOK", "NGO", "NGOs", "Secretary", "Minister", "President",
    "Ambassador", "Government", "Prime", "Deputy", "General", "Director", "Chief", "Head", "Chairman", "Leader",
    "Council", "Party", "Committee", "Senate", "Parliament", "Ministry", "First", "Second", "Third", "No", "Yes",
    "Our", "Their", "His", "Her", "Its", "Ms", "Mr", "Mrs", "Dr",
    "Gen", "Lt", "Maj", "Brig", "Col", "Capt", "Adm", "Sgt",  # ranks and months written without a full stop
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
}
# What a minister or secretary is of (`Minister of Justice`, `Secretary of Defense`): never a name.
# A portfolio ends on a noun: after `Minister of National` who knows where the name starts.
PORTFOLIO_ADJECTIVES = {"Foreign", "Public", "Internal", "External", "Economic", "National", "Social", "Religious",
                        "Homeland", "International", "Regional"}
PORTFOLIOS = PORTFOLIO_ADJECTIVES | {
    "Defense", "Defence", "Justice", "State", "Treasury", "Commerce", "Agriculture", "Energy", "Interior", "Labor",
    "Labour", "Education", "Health", "Finance", "Affairs", "Economy", "Trade", "Industry", "Security", "Culture",
    "Tourism", "Environment", "Transport", "Transportation", "Communications", "Information", "Planning",
    "Development", "Housing", "Welfare", "Staff", "Works", "Water", "Resources", "Oil", "Petroleum", "Mines",
    "Fisheries", "Immigration", "Youth", "Sports", "Women", "Science", "Technology", "Intelligence",
    "Reconstruction", "Investment", "Presidency", "Cooperation", "Integration", "Emergencies",
}
# Possessives that belong to a name (`Pakistan People's Party`, `Lord's Resistance Army`), not to its owner.
COLLECTIVES = {"People", "Women", "Children", "Lord", "Citizens", "Workers", "Veterans", "Farmers", "Martyrs",
               "Mothers", "Journalists", "Students", "Writers", "Peoples"}
# Words that make a capitalised run a place, a building, a street, a site or a thing.
PLACE_WORDS = {
    "Island", "Islands", "Isle", "Station", "Street", "Road", "Avenue", "Square", "Bridge", "Dam", "Port", "Bay",
    "River", "Lake", "Mountain", "Mountains", "Mount", "Valley", "Province", "Region", "District", "City", "Town",
    "Township", "Village", "County", "Airfield", "Airbase", "Base", "Camp", "Fort", "Mine", "Mines", "Plant",
    "Terminal", "Pipeline", "Canal", "Strait", "Straits", "Gulf", "Sea", "Ocean", "Desert", "Peninsula", "Coast",
    "Park", "Palace", "Mosque", "Church", "Cathedral", "Temple", "Hotel", "Hospital", "Prison", "Teleport",
    "Complex", "Facility", "Junction", "Tunnel", "Highway", "Boulevard", "Plaza", "Heights", "Hills", "Falls",
    "Downs", "Ridge", "Harbor", "Harbour", "Oasis", "Ciudad", "Injection", "Vaccine", "Vaccines", "Reactor", "Zone", "Line", "Crossing",
}
# Words that make a capitalised run a document, event or policy, or a role without a name.
NOT_PERSON_WORDS = {
    "Agreement", "Article", "Convention", "Protocol", "Treaty", "Process", "Policy", "Strategy", "Session", "Summit",
    "Desk", "Force", "Delegation", "Notice", "Operation", "Plan", "Act", "Law", "Resolution", "Declaration",
    "Ltd", "Laundering", "Assistance", "Development", "Governance", "Airport", "Crossing", "Unit",
    "Counselor", "Adviser", "Advisor", "Commissioner", "Spokesman", "Spokeswoman", "Spokesperson", "Coordinator",
    "Watcher", "Officer", "Attache", "Representative", "Staff", "Section", "Report", "Accord", "Accords", "Cup",
    "Games", "Olympics", "Election", "Elections", "Day", "Week", "Year", "Revolution", "War", "Era", "State",
    "Program", "Programme", "Initiative",  # (programmes are no bodies: `Proliferation Security Initiative`)
    "Conference", "Conferences",  # (events, as the labelling rules say: `Munich Security Conference`)
} | PLACE_WORDS
# What a body issues or holds: a run where one follows an organisation word names a document or an
# event (`Security Council Resolution 1737`, `EU Summit`), not the body.
DOCUMENTS = {"Resolution", "Resolutions", "Agreement", "Convention", "Protocol", "Treaty", "Declaration", "Summit",
             "Session", "Report", "Plan", "Act", "Law", "Decision", "Decree", "Meeting", "Statement", "Communique",
             "Ministerial"}
# Lone capitalised words that speak in cables without being anyone's name.
NOT_SURNAMES = {
    "When", "Where", "What", "Why", "How", "Then", "There", "Here", "Now", "Source", "Sources", "Contact", "Contacts",
    "Official", "Officials", "Interlocutor", "Interlocutors", "Participants", "Others", "Observers", "Analysts",
    "Diplomats", "Representatives", "Members", "Experts", "Everyone", "Nobody", "Someone", "Polcouns", "Poloffs",
    "Emboffs", "Econoffs", "Businessmen",
    "Reuters", "Xinhua", "Interfax", "Itar-Tass", "Dawn",
}
# Words that open a sentence before a name without being part of it (`Despite Saleh`, `What Chavez`,
# `Unlike Putin`): wh-words, prepositions, conjunctions and sentence adverbs. A capitalised word ending
# in -ing or -ly that the dictionary has (`Citing Maliki`, `Echoing Miqdad`) opens a sentence so too.
OPENERS = {
    "What", "When", "Where", "Why", "How", "Who", "Whom", "Whose", "Which", "Whether", "Whatever", "Whenever",
    "Despite", "Under", "Given", "Though", "Among", "Amongst", "Only", "Unlike", "Like", "Yet", "Through",
    "Besides", "Even", "Once", "Until", "Till", "Upon", "Without", "Within", "Against", "Between", "Beyond",
    "Because", "So", "Thus", "Then", "Now", "Still", "Meanwhile", "Moreover", "Furthermore", "Indeed", "Instead",
    "Nevertheless", "Nonetheless", "Perhaps", "Whereas", "Outside", "Inside", "Toward", "Towards", "Via", "Did",
    "Does", "Do", "Has", "Had", "Have", "Is", "Was", "Were", "Are", "Will", "Would", "Should", "Could", "Can",
    "Might", "Must", "Let", "Not", "Neither", "Nor", "Either", "Unless", "Whilst", "Behind", "Beside",
    "Above", "Below", "Around", "Across", "Along", "Near", "Over", "Off", "Out", "Into", "Onto", "About", "Asked",
    "Born", "Both", "Each", "Every", "Any", "No", "Except", "Plus", "Minus", "Also", "Just", "Ever", "Never",
    "Already", "Again", "Later", "Earlier", "Soon", "Today", "Tomorrow", "Yesterday", "Here", "There",
    "Visit", "See", "Please",  # (the footer `Visit Embassy Cairo's Classified Website`)
}
# What a run names when it opens with a gathering (`Annual Symposium of the … American Nuclear Society`,
# `Fifteenth Conference of the Parties`): an event, whose body, if any, follows its last `of`.
EVENTS = {"Symposium", "Seminar", "Workshop", "Meeting", "Session", "Summit", "Ceremony", "Anniversary", "Round"}
ORDINALS = {"Annual", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
            "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth",
            "Eighteenth", "Nineteenth", "Twentieth"}
# Regions and cities that read like people's names and are neither countries nor posts.
MORE_PLACES = {
    "New York", "South Ossetia", "North Ossetia", "West Bank", "Gaza Strip", "Nagorno-Karabakh", "North Waziristan",
    "South Waziristan", "Latin America", "Middle East", "Central Asia", "South Asia", "East Asia", "Southeast Asia",
    "North Africa", "West Africa", "East Africa", "South Caucasus", "Western Europe", "Eastern Europe",
    "Persian Gulf", "Santa Cruz", "Hong Kong", "Abu Dhabi", "San Salvador", "Costa Rica", "Puerto Rico", "Soviet Union",
    # continents and regions: a run holding one is a place (`South America`, `Far East`)
    "America", "Americas", "Africa", "Asia", "Europe", "Eurasia", "Oceania", "Caribbean", "Balkans", "Caucasus",
    "Sahel", "Maghreb", "Levant", "Scandinavia", "Siberia", "Far East", "Near East", "Rio de Janeiro", "Sao Paulo",
    "Nova Scotia", "New Zealand", "Los Angeles", "San Francisco", "Buenos Aires",
    # the states of the United States (`Roma, Texas and Miguel Aleman`): no post, no country
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "West Virginia", "Wisconsin", "Wyoming",  # (not `Virginia`: a given name too)
}
DIRECTIONS = {"North", "South", "East", "West", "Near", "Middle", "Central", "Eastern", "Western", "Northern",
              "Southern", "Far"}
SECTION_ADJECTIVES = PORTFOLIO_ADJECTIVES | {"Political", "Consular", "Commercial", "Military", "Regional"}
STAFF = {"Officer", "Officers", "Official", "Officials", "Staff", "Employee", "Employees", "Personnel", "LES", "POC",
         "POCs"}  # (`Embassy POCs`: its points of contact)
# Organisations known by their acronym beyond the TAGS dictionary's (OSCE, NATO, UN, ... come from it).
AGENCY_ACRONYMS = {
    "MFA", "MOD", "MOI", "MOJ", "FBI", "CIA", "DIA", "NSA", "NSC", "USAID", "AID", "DHS", "DOD", "DOJ",
    "UNHCR", "UNICEF", "UNDP", "WFP", "ICRC", "OPEC", "ASEAN", "SCO", "CIS", "GCC", "OIC", "AU", "IMF",
    "WHO", "ILO", "FAO", "OECD", "ICC", "IAEA", "OSCE", "NATO", "EU", "UN", "PKK", "FARC", "ETA", "ELN",
    "KGB", "FSB", "ISI", "MI6", "PLO", "UNSC", "EUCOM", "CENTCOM", "SOUTHCOM", "ISAF", "KFOR", "UNIFIL",
    # State's bureaus (not EUR: also the currency), more US agencies and commands, UN and regional bodies
    "INR", "NEA", "WHA", "EAP", "SCA", "DRL", "ISN", "INL", "OES", "EEB", "PRM", "DNI", "ODNI", "NNSA",
    "TSA", "CBP", "ICE", "USCG", "USDA", "NRC", "USTDA", "DTRA", "DAO", "USSOCOM", "SOCOM", "AFRICOM",
    "PACOM", "NORTHCOM", "IPCC", "UNFCCC", "UNODC", "OHCHR", "UNAMA", "UNAMI", "EULEX", "SADC", "APEC",
    "IDF", "IRGC", "LTTE",
    # armed services, military missions and intelligence services older cables name
    "USAF", "USN", "USMC", "USAREUR", "MAAG", "JUSMAG", "MILGP", "SAVAK", "STASI", "GRU", "BND", "DGSE", "KCIA",
    # the host's foreign ministry in cablese (`FONOFF OFFICIALS`), and regional bodies
    "FONOFF", "MERCOSUR", "CARICOM", "ECOWAS", "OAS", "NAM", "ALBA", "UNASUR"}
# Three-letter words of the form of a government's acronym (`GOI`, `GOB`) that an all-capitals text
# means as words.
EVERYDAY_GO_WORDS = {"GOD", "GOT", "GOO", "GOB"}

# Words a name-like run of an all-capitals cable keeps capitalised although the dictionary has them:
# they open titles, organisations and places (`FOREIGN MINISTER`, `NATIONAL POLICE`, `SUPREME COURT`).
KEEP_CAPITALISED = {"National", "Supreme", "Federal", "Royal", "Republic", "Democratic", "Socialist", "Liberal",
                    "Conservative", "Popular", "Revolutionary", "Islamic", "United", "Nations", "General", "Union",
                    "Central", "Bank", "Oil", "Company", "Assembly", "Court", "Police", "Staff"}
# Lower-case words before a name that say it is a person's (`magistrate Baltasar Garzon`).
ROLE_NOUNS = {
    "magistrate", "judge", "prosecutor", "attorney", "lawyer", "businessman", "businesswoman", "journalist",
    "reporter", "editor", "analyst", "activist", "leader", "deputy", "spokesman", "spokeswoman", "colleague",
    "counterpart", "aide", "advisor", "adviser", "candidate", "singer", "musician", "author", "writer", "professor",
    "student", "detainee", "terrorist", "suspect", "brother", "sister", "son", "daughter", "wife", "husband",
    "father", "mother", "cousin", "widow", "nephew", "uncle", "national", "citizen", "fixer", "insider", "crimelord",
    "proliferator", "bomber", "militant", "commander", "officer", "official", "mayor", "governor", "dissident",
    "blogger", "cleric", "preacher", "scholar", "economist", "banker", "tycoon", "oligarch", "entrepreneur",
    "interlocutor", "contact", "successor", "predecessor", "rival", "ally", "opponent", "challenger", "member",
    "terrorists", "suspects", "detainees", "statesman", "stateswoman", "politician", "lawmaker", "legislator",
    "chairman", "president", "secretary", "minister", "ambassador", "envoy", "director", "coordinator", "manager",
}
# Lower-case words before a name that say it is an organisation's (`oil trader Gunvor`).
ORG_NOUNS = {
    "company", "companies", "firm", "firms", "trader", "carrier", "airline", "bank", "manufacturer", "producer",
    "supplier", "giant", "subsidiary", "conglomerate", "newspaper", "daily", "weekly", "magazine", "outlet",
    "broadcaster", "network", "operator", "contractor", "cooperatives", "cooperative", "group", "movement",
    "militia", "party", "NGO", "ngo", "organization", "organisation", "station", "channel", "agency",
}
# What may follow an acronym that names a body (`AKP officials`, `MDC leader`, `TGS Chief`).
BODY_AFTER = {
    "officials", "official", "leader", "leaders", "leadership", "members", "member", "spokesman", "spokeswoman",
    "chairman", "chief", "Chief", "headquarters", "delegation", "deputies", "deputy", "candidate", "candidates",
    "bloc", "cadres", "supporters", "activists", "representative", "representatives", "officers", "agents",
    "government", "forces", "troops", "militants", "fighters", "party", "president", "secretary-general",
    "Secretary", "President", "Director", "director", "commander", "Commander", "staff", "employees", "leaders'",
    "caucus", "faction", "lawmakers", "legislators", "parliamentarians", "ministers", "voters", "delegations",
    "wing", "stronghold", "ranks", "membership", "platform", "Leader",
}
# All-capitals words in cables that are no body's name: markings, jargon, roles, things.
NOT_BODIES = {
    "DCM", "CDA", "CG", "PM", "FM", "DAS", "POC", "POCS", "NFI", "SBU", "FOUO", "NOFORN", "REFTEL", "SEPTEL",
    "SIPDIS", "TAGS", "SUBJECT", "REF", "GTMO", "LEU", "HEU", "TRR", "NPT", "WMD", "MANPADS", "RPG", "GDP", "VAT",
    "CN", "CT", "IED", "IEDS", "UAV", "UAVS", "LNG", "USD", "EUR", "NGO", "NGOS", "MP", "MPS", "VP", "DG", "SYG",
    "COB", "NLT", "FY", "EO", "ISN", "AMB", "POL", "ECON", "RSO", "GSO", "IT", "OK", "TV", "CD", "DVD", "AIDS",
    "HIV", "CIP", "CI", "KR", "SIGINT", "HUMINT", "MOU", "MOA", "FTA", "WTO", "COS",
    "US", "USA", "UK", "UAE", "PRC", "DPRK", "ROK", "KSA", "USSR", "FRG", "GDR", "DRC", "BiH",  # countries
}


# Inflected forms the dictionary (headwords only) lacks and the suffix rules of `is_common` miss.
IRREGULAR_FORMS = {"has", "became", "began", "held", "paid", "heard", "laid", "sought", "fought", "taught", "caught",
                   "dealt", "spent", "lent", "built", "sold", "hid", "fled", "bore", "wore", "swore", "tore", "drew",
                   "grew", "threw", "flew", "knew", "shown", "given", "taken", "written", "spoken", "chosen", "risen",
                   "driven", "broken", "frozen", "stolen", "forgotten", "hidden", "beaten", "eaten", "fallen", "done",
                   "gone", "seen", "been", "whom", "whose"}


@lru_cache(maxsize=1)
def dictionary() -> marisa_trie.Trie:
    """Lower-case English words (Webster's Second, public domain): what an all-capitals cable writes
    in capitals only because it writes everything so. A marisa trie memory-mapped from the package's
    data (built by tools/build_dictionary.py): 0.7 MB that the worker processes share."""
    with resources.as_file(resources.files("cablebase.data").joinpath("english.marisa")) as path:
        return marisa_trie.Trie().mmap(str(path))


@lru_cache(maxsize=65536)
def is_common(word: str) -> bool:
    """Is `word` (any case; possessive, plural or past tense) an ordinary English word?"""
    word = word.lower().removesuffix("'s").removesuffix("\u2019s")
    words = dictionary()
    if word in words or word in IRREGULAR_FORMS:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("ly", ""), ("ers", ""), ("er", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and word[:-len(suffix)] + repl in words:
            return True
    return False
