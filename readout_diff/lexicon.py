"""The bundled lexicon: the alias table and the stop list, kept in code so start-up reads no file.

``ALIASES`` maps a canonical term to the spellings that mean it (written here as one string,
spellings separated by ``|``). Matching ignores case, except for all-capital spellings of up
to five letters (US, AI, UN), which match only in capitals so that the words "us" or "un-" are
left alone; the longest spelling wins. Users extend the table with ``--aliases FILE`` or
``aliases:`` in call.yaml, as a mapping of a term to a list of spellings.

``STOPWORDS`` are words that say nothing about which point a claim makes: English function
words, the boilerplate of readouts, and generic words of diplomatic prose. The groups of the
alias table named in ``FRAMING`` ("urging": "called for", "urged") are phrases that frame a
point rather than make it: they are matched, so their words are not read one by one, and
dropped.
"""

_ALIASES = {
    # Countries: the name, the adjective, the capital or seat used as a metonym, old spellings.
    "usa": (
        "US | U.S. | USA | U.S.A. | United States | United States of America | America | American "
        "| Americans | Washington | White House | US side | American side"
    ),
    "russia": "Russia | Russian | Russians | Russian Federation | Moscow | Kremlin | Russian side",
    "ukraine": "Ukraine | Ukrainian | Ukrainians | Kyiv | Kiev | Ukrainian side | the Ukraine",
    "china": "China | Chinese | PRC | People's Republic of China | Beijing | Chinese side",
    "taiwan": (
        "Taiwan | Taiwanese | Taipei | Taiwan question | Taiwan issue | Taiwan Strait | "
        "cross-Strait"
    ),
    "france": "France | French | Paris | Elysee | Élysée | French side",
    "germany": "Germany | German | Berlin | FRG",
    "uk": "UK | U.K. | United Kingdom | Britain | British | Great Britain | London",
    "israel": "Israel | Israeli | Israelis",
    "iran": "Iran | Iranian | Iranians | Tehran | Islamic Republic of Iran",
    "gaza": "Gaza | Gaza Strip",
    "donbas": "Donbas | Donbass | Donetsk Basin | eastern Ukraine | east of Ukraine",
    "crimea": "Crimea | Crimean",
    "europe": "Europe | European | Europeans",
    "belarus": "Belarus | Belarusian | Minsk format",
    "northkorea": "North Korea | DPRK | Democratic People's Republic of Korea | Pyongyang",
    "saudi": "Saudi Arabia | Saudi | Jeddah | Riyadh",
    # People: transliterations and full forms.
    "zelensky": (
        "Zelensky | Zelenskyy | Zelenskiy | Zelenskii | Volodymyr Zelensky | Volodymyr Zelenskyy "
        "| Vladimir Zelensky"
    ),
    "putin": "Putin | Vladimir Putin | Vladimir Vladimirovich Putin",
    "biden": (
        "Biden | Joe Biden | Joseph Biden | Joseph R. Biden | Joseph R. Biden Jr. | "
        "Joseph R. Biden, Jr."
    ),
    "trump": "Trump | Donald Trump | Donald J. Trump",
    "xi": "Xi | Xi Jinping",
    "macron": "Macron | Emmanuel Macron",
    "scholz": "Scholz | Olaf Scholz",
    "lavrov": "Lavrov | Sergey Lavrov | Sergei Lavrov",
    "ushakov": "Ushakov | Yury Ushakov | Yuri Ushakov",
    "blinken": "Blinken | Antony Blinken",
    "rubio": "Rubio | Marco Rubio",
    "witkoff": "Witkoff | Steve Witkoff",
    # Institutions and agreements.
    "nato": (
        "NATO | North Atlantic Treaty Organization | North Atlantic Treaty Organisation | North "
        "Atlantic Alliance | the Alliance | Alliance | Euro-Atlantic"
    ),
    "natorussiacouncil": "NATO-Russia Council | Russia-NATO Council | NRC",
    "osce": (
        "OSCE | Organization for Security and Cooperation in Europe | Organization for Security "
        "and Co-operation in Europe | Organisation for Security and Co-operation in Europe"
    ),
    "un": "UN | U.N. | United Nations",
    "unsc": "UNSC | UN Security Council | United Nations Security Council | Security Council",
    "eu": "EU | E.U. | European Union",
    "iaea": "IAEA | International Atomic Energy Agency",
    "jcpoa": (
        "JCPOA | Joint Comprehensive Plan of Action | Iran nuclear deal | Iranian nuclear deal"
    ),
    "minsk": (
        "Minsk | Minsk agreements | Minsk Agreements | Minsk accords | Minsk Package of Measures "
        "| Package of Measures"
    ),
    "normandy": "Normandy | Normandy format | Normandy Four | N4",
    "g7": "G7 | G-7 | Group of Seven",
    "g20": "G20 | G-20 | Group of Twenty",
    "imf": "IMF | International Monetary Fund",
    "nhl": "NHL | National Hockey League",
    "khl": "KHL | Kontinental Hockey League",
    "zaporizhzhia": "Zaporizhzhia | Zaporozhye | Zaporizhia | ZNPP",
    "blacksea": "Black Sea",
    "redsea": "Red Sea",
    "middleeast": "Middle East | Mideast | West Asia",
    # Terms both sides use in different words: general diplomatic vocabulary, one concept a line.
    # A concept joins words that readouts use for the same thing; it never joins opposites.
    "callevent": (
        "phone call | telephone call | video call | phone conversation | telephone conversation | "
        "videoconference | video conference | conversation | call | spoke | talked | phoned"
    ),
    "relations": (
        "relations | ties | relationship | bilateral relations | bilateral ties | relations "
        "between | strategic partnership | comprehensive strategic partnership | partnership "
        "between"
    ),
    "improve": (
        "improve | improved | improving | improvement | better | normalise | normalize | "
        "normalising | normalizing | normalisation | normalization | mend | reset | restore "
        "relations"
    ),
    "cooperation": (
        "cooperation | cooperate | cooperating | collaboration | collaborate | partnership | "
        "joint work | work together | working together | coordination | coordinate | coordinated"
    ),
    "trade": "trade | commerce | commercial | trading",
    "peace": (
        "peace | peaceful | peacefully | settlement | peace settlement | peaceful settlement | "
        "conflict resolution | peace process | peaceful resolution | end the war | ending the "
        "war | end the conflict | lasting peace | durable peace | settle | settling | bring the "
        "war to an end | bring it to an end | put an end to | an end to the war | stop the war"
    ),
    "conflict": (
        "war | conflict | hostilities | fighting | battlefield | front line | frontline | the "
        "front | operational situation"
    ),
    "ceasefire": (
        "ceasefire | cease-fire | cease fire | truce | cessation of hostilities | armistice | "
        "moratorium | halt to strikes | stop striking | refrain from strikes | refusal to strike "
        "| stop attacking | stop attacks | halt attacks | refrain from attacking"
    ),
    "strike": (
        "strikes | strike | attacks | shelling | bombing | bombardment | airstrikes | air strikes"
    ),
    "maritime": (
        "maritime | shipping | navigation | sea lanes | freedom of navigation | naval | ships"
    ),
    "proliferation": (
        "proliferation | non-proliferation | nonproliferation | non proliferation | spread of "
        "weapons | spread of strategic weapons | spread of nuclear weapons | weapons of mass "
        "destruction | WMD"
    ),
    "nuclear": "nuclear | atomic | strategic weapons | strategic arms | strategic offensive arms",
    "ai": "AI | artificial intelligence",
    "deescalation": (
        "de-escalation | deescalation | de-escalate | deescalate | de-escalating | defuse | "
        "reduce tensions | easing of tensions | ease tensions"
    ),
    "escalation": (
        "escalation | escalate | escalates | escalating | escalated | build-up | buildup | "
        "military buildup | concentration of troops | troop movements | massing | wider "
        "conflict | widening of the conflict | spread of the conflict | spread of violence | "
        "spillover | spill over | regional escalation"
    ),
    "aggression": (
        "aggression | aggressive | invasion | invade | invades | invaded | incursion | attack on"
    ),
    "sanction": (
        "sanctions | sanction | sanctioned | restrictive measures | economic measures | costs | "
        "penalties | respond decisively | respond swiftly and decisively | severe consequences "
        "| raise the price | raise the cost | impose costs | economic pressure | punitive "
        "measures"
    ),
    "weapon": (
        "weapons | weapon | weaponry | arms | armaments | munitions | military equipment | "
        "rearmament | arms deliveries | arms supplies | weapons supplies"
    ),
    "militaryaid": (
        "military aid | military assistance | security assistance | defense assistance | "
        "defence assistance | security support | lethal aid | military support | defense "
        "capabilities | defence capabilities | defensive capabilities | defense package | "
        "defence package | security package | military package | assistance package | aid "
        "package | weapons package"
    ),
    "humanitarian": (
        "humanitarian aid | humanitarian assistance | humanitarian support | humanitarian | "
        "emergency aid | emergency assistance | relief supplies | relief material | relief aid | "
        "humanitarian relief | emergency relief | medical supplies | "
        "humanitarian crisis"
    ),
    "financialaid": (
        "financial support | financial assistance | budget support | budgetary support | "
        "budgetary aid | direct budget support | macroeconomic support | financial aid"
    ),
    "aid": "aid | assistance",
    "troop": "troops | forces | servicemen | soldiers | armed forces | army",
    "diplomacy": (
        "diplomacy | diplomatic efforts | diplomatic path | diplomatic solution | dialogue | "
        "dialogues | talks | negotiations | negotiation | negotiating | negotiate | consultations "
        "| diplomatic track"
    ),
    "instruct": "instruct | instructed | task | tasked | directed | ordered | charged",
    "envoy": (
        "teams | team | representatives | envoys | delegations | delegation | negotiators | "
        "officials | aides | advisers | advisors | expert groups | experts | working groups"
    ),
    "guarantee": "guarantees | guarantee | assurances | assurance | security guarantees",
    "enlargement": (
        "expansion | enlargement | accession | admission | eastward expansion | membership"
    ),
    "prisoner": (
        "prisoners | prisoner | POWs | POW | prisoners of war | captives | detainees | hostages | "
        "hostage | wrongfully detained"
    ),
    "swap": "exchange | swap | exchanges | swaps",
    "children": "children | kids | minors",
    "terrorism": "terrorism | terrorist | terrorists | terror | sabotage",
    "contact": (
        "stay in contact | stay in touch | keep in touch | remain in contact | maintain contact "
        "| continue contacts | regular contacts | contacts | contact | communication | "
        "communications | channels of communication | lines of communication | hotline | in "
        "touch | close touch | speak again | talk again | speak soon | talk soon | next "
        "conversation | further conversations"
    ),
    "visit": (
        "visit | visits | trip | come to | invite | invited | invitation | invitations | "
        "shuttle diplomacy | reciprocal visits | exchange of visits"
    ),
    "meet": (
        "meet | meeting | summit | get together | getting together | meet again | in-person meeting"
    ),
    "threat": "threat | threats | danger | dangers | risk | risks | threatening",
    "crime": "crimes | atrocities | war crimes | abuses",
    "energy": (
        "energy | power plants | power plant | electricity | power grid | power stations | "
        "energy crisis | energy security"
    ),
    "cyber": (
        "cyber | cybercrime | cyber crime | cyberattacks | cyber attacks | ransomware | hacking | "
        "information security | cybersecurity"
    ),
    "fentanyl": (
        "fentanyl | counternarcotics | counter-narcotics | narcotics | drug trafficking | drug "
        "control | illicit drugs | synthetic drugs | opioids | precursor chemicals | "
        "precursors"
    ),
    "strategicstability": "strategic stability | Strategic Stability Dialogue",
    "embassy": (
        "embassy | embassies | diplomatic presence | diplomatic missions | diplomatic mission"
    ),
    "rareearth": "rare earth | rare earths | rare-earth | critical minerals | magnets",
    "climate": "climate | climate change | global warming | climate crisis",
    "exportcontrol": (
        "export controls | export control | export restrictions | technology restrictions | chip "
        "restrictions"
    ),
    "tariff": "tariff | tariffs | duties | levies",
    "peopletopeople": (
        "people-to-people | exchanges between peoples | contact between their peoples | "
        "people-to-people exchanges | educational exchanges | exchanges in education | "
        "people-to-people ties | people-to-people contacts | exchanges between their peoples | "
        "ties between their peoples | contacts between their peoples | exchanges between the "
        "two peoples | youth exchanges | exchanges among young people"
    ),
    "onechina": (
        "one-China | one China | One China policy | one-China policy | one-China principle"
    ),
    "proposal": (
        "proposal | proposals | initiative | initiatives | idea | ideas | suggestion | "
        "suggestions | plan | plans | proposed | suggested"
    ),
    "condition": (
        "condition | conditions | demand | demands | requirement | requirements | prerequisite"
    ),
    "monitoring": "monitoring | monitor | control over | verification | verify | oversight",
    "mobilization": "mobilization | mobilisation | conscription | forced mobilization",
    "sovereignty": "sovereignty | sovereign",
    "territorialintegrity": (
        "territorial integrity | integrity | internationally recognized borders | "
        "internationally recognised borders"
    ),
    "independence": "independence | independent",
    "jointstatement": (
        "joint statement | joint declaration | declaration | communique | communiqué | joint "
        "communique | joint communiqué"
    ),
    "private": (
        "one-on-one | one-to-one | tete-a-tete | tête-à-tête | behind closed doors | closed-door "
        "| closed doors | in private | private meeting | restricted format | narrow format"
    ),
    "condolence": (
        "condolences | condolence | sympathy | sympathies | commiserations | mourning | grief"
    ),
    "congratulate": (
        "congratulated | congratulate | congratulates | congratulating | congratulations | "
        "felicitations"
    ),
    "euintegration": (
        "EU membership | European integration | European aspirations | EU accession | accession "
        "to the EU | candidate status | candidate country | membership application | application "
        "for membership | European path | European perspective | European choice | European "
        "future | EU candidate status"
    ),
    "food": (
        "food | grain | grains | wheat | cereals | foodstuffs | food security | food supplies | "
        "agricultural products | agricultural exports | grain exports | food exports | Black "
        "Sea Grain Initiative | grain deal | grain agreement | grain initiative | grain "
        "corridor | farm exports | farm products | agri-food | agrifood | food crisis"
    ),
    "evacuation": (
        "evacuation | evacuations | evacuate | evacuated | evacuating | humanitarian corridors | "
        "humanitarian corridor | safe passage | green corridors"
    ),
    "refugee": (
        "refugees | refugee | displaced persons | displaced people | internally displaced | "
        "people fleeing | those fleeing | fled | fleeing"
    ),
    "reconstruction": "reconstruction | rebuilding | rebuild | rebuilt | recovery | restoration",
    "airdefence": (
        "air defence | air defense | air defences | air defenses | air-defence | air-defense | "
        "Patriot | Patriots | missile defence | missile defense | anti-aircraft"
    ),
    "internationallaw": (
        "international law | UN Charter | Charter of the United Nations | United Nations Charter "
        "| rules-based order | rules-based international order | international order | norms of "
        "international law | international humanitarian law | humanitarian law | IHL | laws of war"
    ),
    "condemn": (
        "condemn | condemned | condemns | condemnation | denounce | denounced | deplore | deplored"
    ),
    "concern": "concern | concerns | concerned | worry | worried | worries | alarm | alarmed",
    "accountability": (
        "accountability | accountable | hold accountable | held accountable | justice | "
        "tribunal | impunity | prosecution"
    ),
    "competition": "competition | compete | competing | rivalry | strategic competition",
    # Framing: how a readout reports a request, not what was asked. Matched to be dropped.
    "urging": (
        "called for | called on | calls for | calls on | call for | call on | calling for | "
        "calling on | urged | urge | urges | urging | appealed | appeal to | appealed to"
    ),
    "candour": ("candid | candidly | candour | candor | frank | frankly | in-depth | in detail"),
    "constructive": (
        "constructive | productive | fruitful | useful | meaningful | substantive | businesslike "
        "| cordial | collegial"
    ),
    "pandemic": (
        "pandemic | COVID-19 | COVID | coronavirus | epidemic | health emergency | health crisis "
        "| public health"
    ),
    "migration": (
        "migration | migrants | migrant | immigration | immigrants | migratory | asylum | "
        "irregular migration | illegal immigration | illegal aliens | border crossings"
    ),
    "civilian": (
        "civilians | civilian | civilian population | innocent lives | innocent people | "
        "innocent civilians | non-combatants"
    ),
    "npp": (
        "NPP | nuclear power plant | nuclear power station | atomic power plant | atomic power "
        "station | nuclear plant"
    ),
}
FRAMING = frozenset({"urging"})
ALIASES: dict[str, tuple[str, ...]] = {
    term: tuple(s.strip() for s in spellings.split("|")) for term, spellings in _ALIASES.items()
}

STOPWORDS = frozenset(
    (
        # English function words.
        "a about above after again against all almost along already also although always am "
        "among an and another any anyone anything are around as at be became because become "
        "been before being below between both but by can cannot could did do does doing done "
        "down during each either else even ever every few for from further had has have having "
        "he her here hers herself him himself his how however i if in into is it its itself "
        "just least less let like made make many may me might more most much must my myself "
        "neither no nor not now of off often on once one only onto or other others otherwise "
        "our ours ourselves out over own per perhaps quite rather same several shall she should "
        "since so some such than that the their theirs them themselves then there therefore "
        "these they this those though through thus to too toward towards under until up upon us "
        "very via was we well were what whatever when where whether which while who whom whose "
        "why will with within without would yet you your yours yourself yourselves s t don ll "
        "ve re d m o don't doesn't didn't won't wouldn't couldn't shouldn't can't isn't aren't "
        "wasn't weren't haven't hasn't hadn't mustn't "
        # Readout boilerplate.
        "president presidents leader leaders head heads state interlocutor interlocutors side "
        "sides party parties counterpart counterparts mr mrs ms dr jr sr r j h secretary prime "
        "minister phone telephone video today yesterday tonight morning evening discuss "
        "discussed discusses discussing discussion discussions note noted notes noting stress "
        "stressed stressing emphasize emphasized emphasise emphasised emphasizing emphasising "
        "underscore underscored underline underlined reiterate reiterated reaffirm reaffirmed "
        "express expressed expressing voice voiced highlight highlighted point pointed said say "
        "says stated state states told tell inform informed update updated mention mentioned "
        "raise raised touch touched address addressed share shared view views opinion opinions "
        "regard regarding regards respect concerning issue issues matter matters question "
        "questions topic topics subject agenda importance important need needs necessary "
        "necessity particular particularly also again further furthermore additionally addition "
        "moreover overall general generally two both sides each other one another parties "
        "thereof certain various number range series part way ways add adds added adding "
        "explain explains explained explaining describe describes described describing convey "
        "conveys conveyed conveying include includes included including "
        # Generic words of diplomatic prose that tie unrelated claims together.
        "situation situations effort efforts step steps work worked working way ways process "
        "level levels country countries nation nations together continue continued continues "
        "continuing ensure ensured ensuring provide provided provides providing hold holds held "
        "take takes taken taking make makes making give gives given giving set sets look looked "
        "looking remain remains remained current currently recent recently next last first "
        "ongoing various specific concrete possible possibly potential good great close closely "
        "full fully special new well ready readiness willing willingness hope hoped hopes "
        "believe believes believed consider considered considering regarding related relation "
        "context light connection framework basis sphere area areas field fields kind kinds "
        "type types lot lots three four five non anti pre post co multi inter intra counter "
        "self commitment commitments committed commit commits time times "
    ).split()
)
