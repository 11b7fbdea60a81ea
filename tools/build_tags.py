"""Build src/cablebase/data/tags.tsv from hand-written descriptions plus the BSD tag lists.

Run once by maintainers: python tools/build_tags.py ../shared/reference-data
"""
import sys
from pathlib import Path

SUBJECT = """AADP Automated data processing
ABLD Buildings and grounds
ABUD Budget services
ACOA Communications operations and administration
ACKM Acknowledgement of message
ADCO Diplomatic courier operations
ADPM Diplomatic post management
AEMR Emergency planning and evacuation
AFIN Financial management
AFSI Foreign Service Institute
AFSN Foreign Service national employees
AGAO General accounting and audit
AINF Information management services
AINR Intelligence and research (administration)
AINT Internal audit and inspection
ALOW Allowances
AMED Medical services
AMGT Management operations
AMTC Management training
ANET Network operations
AODE Overseas employment of dependents
AOMS Office management services
AORC International organizations and conferences (administration)
APCS Personnel and career services
APER Personnel
ASCH Schools for dependents abroad
ASEC Security
ASIG Inspector General
BBSR Business services reporting
BEXP Export promotion
BMGT Business management
BTIO Bilateral trade and investment
CASC Consular assistance to US citizens
CFED Federal benefits
CJAN Judicial assistance and notarial services
CLOK Lookout systems
CMGT Consular management
CPAS Passports and citizenship
CVIS Visas
EAGR Agriculture
EAID Foreign economic assistance
EAIR Civil aviation
ECON Economic conditions
ECPS Communications and postal systems
EFIN Financial and monetary affairs
EFIS Fisheries
EIND Industry and manufacturing
EINT Economic intelligence
EINV Foreign investment
ELAB Labor affairs
ELTN Land transportation
EMIN Minerals and metals
ENRG Energy
EPET Petroleum and natural gas
ETRD Foreign trade
ETTC Trade and technology controls
EWWT Waterborne transportation
FAID Foreign assistance
MARR Military and defense arrangements
MASS Military assistance and sales
MCAP Military capabilities
MNUC Military nuclear applications
MOPS Military operations
ODIP Diplomatic representation
OEXC Educational and cultural exchange
OFDP Foreign diplomats and privileges
OIIP International information programs
OPDC Diplomatic and consular privileges
OPRC Public relations and correspondence
OREP Congressional travel
OSCI Science grants and exchanges
OTRA Travel
OVIP Visits of high-level officials
PARM Arms control and disarmament
PBTS National boundaries, territories and sovereignty
PGOV Internal governmental affairs
PHSA High seas affairs
PHUM Human rights
PINR Intelligence
PINS National security
PNAT National independence
PREF Refugees
PREL External political relations
PROP Propaganda and psychological operations
PTER Terrorists and terrorism
SCUL Cultural affairs
SENV Environmental affairs
SMIG Migration
SNAR Narcotics
SOCI Social conditions
TBIO Biological sciences
TINT Internet and information technology
TNGD Engineering and development
TPHY Physical sciences
TRGY Energy technology
TSPA Space activities
TSPL Science and technology policy"""

PROGRAM = """KACT Arms control treaties
KAWC Atrocities and war crimes
KAWK Avian influenza
KBIO Biological weapons
KCFE Conventional Armed Forces in Europe Treaty
KCIP Critical infrastructure protection
KCOR Corruption
KCRM Criminal activity
KDEM Democratization
KDRG Drug trafficking
KFRD Fraud
KGCC Gulf Cooperation Council matters
KGHG Greenhouse gases
KGIC Global Initiative to Combat Nuclear Terrorism
KHIV HIV/AIDS
KHLS Homeland security
KIPR Intellectual property rights
KIRF International religious freedom
KISL Islamic affairs
KJUS Justice and rule of law
KMCA Millennium Challenge Account
KMDR Media reaction reporting
KNNP Nuclear nonproliferation
KNUC Nuclear matters
KOLY Olympic Games
KPAL Palestinian affairs
KPAO Public affairs office
KPKO Peacekeeping operations
KPRP Pre-release program
KRAD Radiation and radioactive material
KSCA Science and technology cooperation
KSEC Security matters
KSPR Special reporting
KSUM Summits
KTFN Terrorist financing
KTIA Trafficking in arms
KTIP Trafficking in persons
KUNR United Nations reform
KWBG West Bank and Gaza
KWMN Women's issues
MTCRE Missile Technology Control Regime
MEPP Middle East peace process"""

COUNTRY = """AA Aruba
AC Antigua and Barbuda
AE United Arab Emirates
AF Afghanistan
AG Algeria
AJ Azerbaijan
AL Albania
AM Armenia
AN Andorra
AO Angola
AR Argentina
AS Australia
AU Austria
AV Anguilla
BA Bahrain
BB Barbados
BC Botswana
BD Bermuda
BE Belgium
BF Bahamas
BG Bangladesh
BH Belize
BK Bosnia and Herzegovina
BL Bolivia
BM Burma
BN Benin
BO Belarus
BP Solomon Islands
BR Brazil
BT Bhutan
BU Bulgaria
BX Brunei
BY Burundi
CA Canada
CB Cambodia
CD Chad
CE Sri Lanka
CF Congo (Brazzaville)
CG Congo (Kinshasa)
CH China
CI Chile
CJ Cayman Islands
CM Cameroon
CN Comoros
CO Colombia
CS Costa Rica
CT Central African Republic
CU Cuba
CV Cape Verde
CY Cyprus
DA Denmark
DJ Djibouti
DO Dominica
DR Dominican Republic
EC Ecuador
EG Egypt
EI Ireland
EK Equatorial Guinea
EN Estonia
ER Eritrea
ES El Salvador
ET Ethiopia
EZ Czech Republic
FI Finland
FJ Fiji
FR France
GA Gambia
GB Gabon
GG Georgia
GH Ghana
GJ Grenada
GM Germany
GR Greece
GT Guatemala
GV Guinea
GY Guyana
GZ Gaza Strip
HA Haiti
HK Hong Kong
HO Honduras
HR Croatia
HU Hungary
IC Iceland
ID Indonesia
IN India
IR Iran
IS Israel
IT Italy
IV Cote d'Ivoire
IZ Iraq
JA Japan
JM Jamaica
JO Jordan
KE Kenya
KG Kyrgyzstan
KN Korea, North
KS Korea, South
KU Kuwait
KV Kosovo
KZ Kazakhstan
LA Laos
LE Lebanon
LG Latvia
LH Lithuania
LI Liberia
LO Slovakia
LS Liechtenstein
LT Lesotho
LU Luxembourg
LY Libya
MA Madagascar
MD Moldova
MG Mongolia
MI Malawi
MJ Montenegro
MK Macedonia
ML Mali
MN Monaco
MO Morocco
MP Mauritius
MR Mauritania
MT Malta
MU Oman
MV Maldives
MX Mexico
MY Malaysia
MZ Mozambique
NG Niger
NH Vanuatu
NI Nigeria
NL Netherlands
NO Norway
NP Nepal
NU Nicaragua
NZ New Zealand
PA Paraguay
PE Peru
PK Pakistan
PL Poland
PM Panama
PO Portugal
PP Papua New Guinea
QA Qatar
RI Serbia
RO Romania
RP Philippines
RU Russia (variant)
VZ Venezuela (variant)
IQ Iraq (variant)
JP Japan (variant)
RQ Puerto Rico
RS Russia
RW Rwanda
SA Saudi Arabia
SC Saint Kitts and Nevis
SE Seychelles
SF South Africa
SG Senegal
SI Slovenia
SL Sierra Leone
SM San Marino
SN Singapore
SO Somalia
SP Spain
SR Serbia and Montenegro (former)
ST Saint Lucia
SU Sudan
SW Sweden
SY Syria
SZ Switzerland
TC United Arab Emirates (former code)
TD Trinidad and Tobago
TH Thailand
TI Tajikistan
TN Tonga
TO Togo
TS Tunisia
TT Timor-Leste
TU Turkey
TW Taiwan
TX Turkmenistan
TZ Tanzania
UG Uganda
UK United Kingdom
UP Ukraine
US United States
UV Burkina Faso
UY Uruguay
UZ Uzbekistan
VC Saint Vincent and the Grenadines
VE Venezuela
VM Vietnam
VN Vietnam (variant)
VT Holy See (Vatican)
WA Namibia
WE West Bank
WI Western Sahara
WS Samoa
WZ Swaziland
XA Asia (region)
XB Asia and Pacific (region)
XF Middle East (region)
XH Africa (region)
XK Caribbean (region)
XL Europe (region)
XM Latin America (region)
XN Near East and South Asia (region)
XR Europe and Eurasia (region)
XS South Asia (region)
XT Eastern Europe (region)
XW West Africa (region)
YE Yemen (variant)
YI Yugoslavia (former)
YM Yemen
ZA Zambia
ZB Central Africa (region)
ZF Southern Africa (region)
ZI Zimbabwe
ZP Eastern Europe and Eurasia (region)
ZR Zaire (former)"""

ORG_DESCRIPTIONS = """EU European Union
EUN European Union
NATO North Atlantic Treaty Organization
OSCE Organization for Security and Co-operation in Europe
UN United Nations
UNO United Nations Organization
UNSC UN Security Council
UNGA UN General Assembly
UNESCO UN Educational, Scientific and Cultural Organization
UNEP UN Environment Programme
UNMIK UN Interim Administration Mission in Kosovo
IAEA International Atomic Energy Agency
OAS Organization of American States
WTO World Trade Organization
WTRO World Trade Organization
ICTY International Criminal Tribunal for the former Yugoslavia
ICAO International Civil Aviation Organization
IMO International Maritime Organization
INTERPOL International Criminal Police Organization
WMO World Meteorological Organization
NPT Nuclear Non-Proliferation Treaty
FARC Revolutionary Armed Forces of Colombia
FMLN Farabundo Marti National Liberation Front
PSOE Spanish Socialist Workers' Party
CIA Central Intelligence Agency
MCC Millennium Challenge Corporation
GTMO Guantanamo Bay detention facility
IMF International Monetary Fund
IBRD World Bank"""


def main(ref_dir: str) -> None:
    ref = Path(ref_dir)
    rows: dict[str, tuple[str, str]] = {}
    for code in (ref / "organization-tags.txt").read_text().split("\n"):
        if code.strip():
            rows[code.strip()] = ("organization", "")
    for block, kind in ((ORG_DESCRIPTIONS, "organization"), (PROGRAM, "program"),
                        (COUNTRY, "country"), (SUBJECT, "subject")):
        for line in block.splitlines():
            code, _, desc = line.partition(" ")
            rows[code] = (kind, desc)
    for code in (ref / "subject-tags.txt").read_text().split():
        rows.setdefault(code, ("subject", ""))
    out = Path(__file__).resolve().parents[1] / "src/cablebase/data/tags.tsv"
    with out.open("w") as fh:
        fh.write("code\tkind\tdescription\n")
        for code in sorted(rows):
            kind, desc = rows[code]
            fh.write(f"{code}\t{kind}\t{desc}\n")
    print(f"{len(rows)} tags -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference-data")
