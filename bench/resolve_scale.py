"""Entity resolution at scale: time and peak memory at 10k/100k/1M synthetic mentions, against baselines.

    .venv/bin/python bench/resolve_scale.py                      # 10k, 100k, 1M
    .venv/bin/python bench/resolve_scale.py --quick              # 10k only (for tests/CI)
    .venv/bin/python bench/resolve_scale.py --sizes 10000,50000
    .venv/bin/python bench/resolve_scale.py --profile 100000     # cProfile of Threadline's path

Data: a seeded generator (``random.Random(seed)``) makes ``mentions // 8`` base entities --
Chinese persons (pinyin family name + 1-2 given syllables), Western persons, diaspora
organisations in several languages and legal forms, Chinese state bodies and missions --
and draws every mention as a surface variant of its base entity (exact, case change,
hyphen/spacing of given names, order swap, Wade-Giles/Cantonese/Hokkien surname,
translation, legal form added or removed, one-letter typo in a non-Chinese word).
Many people share surnames, so most candidate pairs are hard negatives. Every
distinct surface name belongs to exactly one base entity (a variant that would
collide with another entity's surface is replaced by the exact name), which is
the truth for pairwise precision/recall/F1 over distinct names.

Systems, each on the same mentions, each in its own spawned child process per size
so that peak RSS (``ru_maxrss``) of one run does not mix with another's:

* ``threadline``: distinct (type, name) -> one ``Record`` per name -> ``resolve``.
* ``recordlinkage-block``: the same distinct names; ``preprocessing.clean``; ``Index().block``
  on type + first 3 letters of the cleaned name; ``Compare().string(method='jarowinkler',
  threshold=0.9)``; connected components (scipy) of the matching pairs.
* ``recordlinkage-sn``: the same, indexed by ``sortedneighbourhood`` on the cleaned name
  (window 9) within each type, which stays linear where the block index does not.

All timings cover deduplication, building the input and clustering, after imports
and a tiny warm-up (lazy tables loaded once). "peak MiB" is the child's whole peak RSS;
"Δ MiB" is that peak minus the RSS after imports and loading the mentions, i.e. what
the resolution itself needed. recordlinkage-block is skipped at a size where its pair count,
extrapolated from its own smaller runs, would exceed 15 minutes or 16 GiB.
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing as mp
import os
import pickle
import platform
import random
import resource
import string
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
MENTIONS_PER_ENTITY = 8
BASELINE_MAX_SECONDS = 15 * 60
BASELINE_MAX_BYTES = 16 * 2**30
TARGET_SECONDS_1M = 10 * 60

# --------------------------------------------------------------------------------------------------
# vocabulary

# pinyin surnames with rough relative frequencies (mainland + diaspora weighting)
SURNAMES = {
    "Wang": 71, "Li": 79, "Zhang": 71, "Liu": 54, "Chen": 45, "Yang": 31, "Huang": 22, "Zhao": 23, "Wu": 20,
    "Zhou": 19, "Xu": 13, "Sun": 15, "Ma": 13, "Zhu": 12, "Hu": 13, "Guo": 11, "He": 12, "Lin": 14, "Gao": 10,
    "Luo": 9, "Zheng": 9, "Liang": 8, "Xie": 6, "Song": 5, "Tang": 5, "Han": 5, "Feng": 4, "Deng": 4, "Cao": 4,
    "Peng": 4, "Zeng": 4, "Xiao": 4, "Tian": 4, "Dong": 3, "Pan": 3, "Yuan": 3, "Cai": 3, "Jiang": 5, "Yu": 6,
    "Du": 3, "Ye": 4, "Cheng": 3, "Wei": 3, "Su": 3, "Ding": 3, "Ren": 3, "Lu": 3, "Yao": 2, "Shen": 2,
    "Zhong": 2, "Cui": 2, "Tan": 2, "Fan": 2, "Jin": 2, "Shi": 2, "Liao": 2, "Jia": 2, "Xia": 2, "Fu": 2,
    "Fang": 2, "Bai": 1, "Zou": 1, "Meng": 1, "Xiong": 1, "Qin": 1, "Qiu": 1, "Yin": 1, "Xue": 1, "Yan": 1,
    "Duan": 1, "Lei": 1, "Hou": 1, "Long": 1, "Tao": 1, "Gu": 1, "Mao": 1, "Hao": 1, "Gong": 1, "Shao": 1,
    "Wan": 1, "Qian": 1, "Dai": 1, "Xiang": 1, "Chang": 1, "Kong": 1, "Ji": 1, "Mo": 1, "Kang": 1, "Pu": 1,
}
# surname -> other romanisations of the same character (Wade-Giles, Cantonese, Hokkien/Teochew)
SURNAME_VARIANTS = {
    "Zhang": ["Chang", "Cheung", "Teo"], "Chen": ["Chan", "Tan", "Ch'en"], "Wang": ["Wong", "Ong"],
    "Li": ["Lee"], "Xu": ["Hsu", "Tsui", "Koh"], "Lin": ["Lim", "Lam"], "Huang": ["Wong", "Ng", "Oei"],
    "Liu": ["Lau", "Low"], "Zhou": ["Chow", "Chou"], "Wu": ["Ng", "Goh"], "Guo": ["Kwok", "Kuo"],
    "Liang": ["Leung"], "Ye": ["Yip", "Yeh"], "Xie": ["Tse", "Hsieh"], "Zheng": ["Cheng", "Tay"],
    "Yang": ["Yeung", "Yeo"], "Cai": ["Tsai", "Choi", "Chua"], "He": ["Ho"], "Zhao": ["Chiu", "Chao"],
    "Zhu": ["Chu"], "Gao": ["Kao", "Ko"], "Luo": ["Lo", "Lo"], "Song": ["Sung"], "Deng": ["Teng", "Tang"],
    "Zeng": ["Tseng", "Tsang"], "Feng": ["Fung"], "Dong": ["Tung"], "Pan": ["Poon"], "Jiang": ["Chiang"],
    "Yuan": ["Yuen"], "Ma": ["Mah"], "Hu": ["Hoo"], "Su": ["So"], "Xiao": ["Hsiao", "Siu"], "Qiu": ["Khoo", "Chiu"],
    "Shen": ["Sim", "Shum"], "Kong": ["Kung", "Hung"], "Mo": ["Mok"], "Guan": ["Kwan"],
}
GIVEN = (
    "wei jun ming hua jian li ying hong ping yan fang na min jing lei qiang yong jie tao bin hui gang chao xiu "
    "mei lan xia yu xin hao yi tian long feng bo peng hai qing dong cheng guo zhi wen xiao yang lin rong liang "
    "zhen kai fei xue juan dan lu chun qiu shan jia xuan zi han yue rui yao ning kang le zhong de cai fu gui "
    "shu huan ting qian yun xiang si meng zhe lian hang jun ke xu song bao guang sheng da shi ru wu zhu ya "
    "hui jin qi xing zheng ze chen yuan jie heng you hong biao lang ling qin man ji ben shuang nan sha"
).split()
GIVEN = sorted(set(GIVEN))
GIVEN_FIRST = [g for g in GIVEN if g[0] not in "aeo"]
WESTERN_FIRST = (
    "John James Robert Michael William David Richard Joseph Thomas Charles Mary Patricia Jennifer Linda Elizabeth "
    "Barbara Susan Jessica Sarah Karen Marco Giuseppe Giovanni Francesco Luca Alessandro Andrea Matteo Lorenzo "
    "Giulia Chiara Francesca Sara Valentina Elena Anna Jan Pieter Hendrik Willem Johannes Daan Sanne Femke Lotte "
    "Maarten Joost Bram Jean Pierre Michel Philippe Alain Nicolas Isabelle Nathalie Sophie Camille Claire Julien "
    "Thomas Lukas Jonas Felix Maximilian Tobias Katharina Lena Laura Julia Hannah Stefan Jürgen Klaus Wolfgang "
    "Patrick Sean Ciaran Niamh Siobhan Aoife Declan Eoin Carlos Javier Miguel Pablo Lucia Carmen Pilar Ana "
    "Olivier Hugo Louis Emma Chloe Oliver Harry George Amelia Olivia Isla Emily Jack Noah Liam Ethan Mia Zoe "
    "Simon Peter Paul Mark Daniel Benjamin Samuel Rachel Rebecca Helen Catherine Margaret Ruth Frank Henry"
).split()
WESTERN_LAST = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson "
    "White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter "
    "Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers "
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti DeLuca Mancini "
    "Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini "
    "Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola DeSantis Marchetti Parisi Villa Conte Ferraro "
    "Jansen Janssen Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Bakker Vermeulen "
    "Bosman Kuipers Huisman Maes Claes Goossens Wouters Willems Mertens Dubois Lambert Dupont Martens Leroy "
    "Moreau Laurent Simon Michel Lefebvre Leroux Roux David Bertrand Morel Fournier Girard Bonnet Fontaine "
    "Rousseau Vincent Muller Faure Andre Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier "
    "Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schroeder "
    "Neumann Schwarz Zimmermann Braun Kruger Hofmann Hartmann Lange Werner Krause Lehmann Kaiser Fuchs "
    "Byrne Ryan OBrien Kelly Walsh Doyle McCarthy Gallagher Kennedy Lynch Quinn Garcia Fernandez Gonzalez "
    "Rodriguez Lopez Martinez Sanchez Perez Gomez Diaz Moreno Alvarez Romero Navarro Torres Dominguez Ramos"
).split()
WESTERN_FIRST, WESTERN_LAST = sorted(set(WESTERN_FIRST)), sorted(set(WESTERN_LAST))

# city, country, language of its Chinese associations' native names, legal forms used there
CITIES = []
for lang, country, forms, names in (
    ("it", "IT", ["APS", "ODV", "ETS"],
     "Prato Milano Roma Firenze Torino Napoli Bologna Padova Venezia Genova Verona Brescia Bergamo Treviso Vicenza "
     "Modena Parma Reggio Rimini Ancona Pescara Bari Palermo Catania Cagliari Trieste Udine Trento Bolzano Perugia "
     "Livorno Pisa Lucca Pistoia Empoli Arezzo Siena Monza Como Varese Novara Pavia Cremona Mantova Ferrara Ravenna "
     "Forli Cesena Latina Salerno Caserta Taranto Lecce Messina Sassari"),
    ("nl", "NL", [],
     "Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Arnhem Haarlem Enschede "
     "Amersfoort Zaanstad Apeldoorn Zwolle Leiden Maastricht Dordrecht Zoetermeer Delft Venlo Leeuwarden Alkmaar"),
    ("nl", "BE", ["vzw"], "Antwerpen Gent Brugge Leuven Mechelen Aalst Hasselt Kortrijk Oostende Genk Sint-Niklaas"),
    ("fr", "BE", ["asbl"], "Bruxelles Liege Charleroi Namur Mons Tournai Verviers Wavre"),
    ("fr", "FR", [],
     "Paris Lyon Marseille Toulouse Nice Nantes Strasbourg Montpellier Bordeaux Lille Rennes Reims Toulon Grenoble "
     "Dijon Angers Nimes Aubervilliers Villeurbanne Clermont-Ferrand Limoges Tours Amiens Metz Besancon Perpignan "
     "Orleans Rouen Mulhouse Caen Nancy Argenteuil Montreuil Roubaix Tourcoing Avignon Poitiers Pau Calais"),
    ("de", "DE", ["e.V."],
     "Berlin Hamburg Munchen Koln Frankfurt Stuttgart Dusseldorf Leipzig Dortmund Essen Bremen Dresden Hannover "
     "Nurnberg Duisburg Bochum Wuppertal Bielefeld Bonn Munster Mannheim Karlsruhe Augsburg Wiesbaden Aachen Kiel"),
    ("en", "GB", ["Ltd", "Limited", "CIC"],
     "London Manchester Birmingham Glasgow Liverpool Leeds Sheffield Edinburgh Bristol Cardiff Leicester Coventry "
     "Nottingham Newcastle Belfast Brighton Southampton Portsmouth Aberdeen Oxford Cambridge York Reading Derby"),
    ("en", "IE", ["Ltd", "CLG"], "Dublin Cork Limerick Galway Waterford"),
    ("es", "ES", [],
     "Madrid Barcelona Valencia Sevilla Zaragoza Malaga Murcia Palma Bilbao Alicante Cordoba Valladolid Vigo Gijon"),
    ("en", "AT", ["e.V."], "Wien Graz Linz Salzburg Innsbruck"),
    ("en", "SE", ["AB"], "Stockholm Goteborg Malmo Uppsala"),
    ("en", "CZ", ["z.s."], "Praha Brno Ostrava Plzen"),
    ("en", "HU", ["Kft"], "Budapest Debrecen Szeged"),
    ("en", "PT", ["Lda"], "Lisboa Porto Braga Coimbra"),
):
    CITIES += [(c, country, lang, forms) for c in names.split()]

ORIGINS = (
    "Zhejiang Wenzhou Qingtian Fujian Fuqing Mingxi Wencheng Ruian Yueqing Lishui Guangdong Shanghai Beijing "
    "Tianjin Jiangsu Shandong Henan Hubei Hunan Sichuan Dongbei Liaoning Jilin Heilongjiang Anhui Jiangxi Yunnan "
    "Guangxi Hainan Chaozhou Hakka Sanming Putian Changle Lianjiang Taishan Shenzhen Hangzhou Ningbo Nanjing "
    "Xiamen Quanzhou Jinjiang Shaoxing Yiwu Jinhua Taizhou"
).split()

# (English templates, {lang: native templates}); {c}=city, {o}=origin
ORG_KINDS_ORIGIN = [
    (["{c} {o} Hometown Association", "{o} Hometown Association of {c}", "{o} Hometown Association in {c}"],
     {"it": ["Associazione dei Compaesani di {o} di {c}"], "nl": ["{o} Landgenotenvereniging {c}"],
      "fr": ["Association des Originaires de {o} de {c}"], "de": ["{o} Landsmannschaft {c}"],
      "es": ["Asociación de Paisanos de {o} de {c}"]}),
    (["{c} {o} Chamber of Commerce", "{o} Chamber of Commerce of {c}", "{o} Chamber of Commerce in {c}"],
     {"it": ["Camera di Commercio {o} di {c}"], "nl": ["{o} Kamer van Koophandel {c}"],
      "fr": ["Chambre de Commerce {o} de {c}"], "de": ["{o} Handelskammer {c}"],
      "es": ["Cámara de Comercio {o} de {c}"]}),
    (["{c} {o} Association", "{o} Association of {c}", "{o} Association in {c}"],
     {"it": ["Associazione {o} di {c}"], "nl": ["{o} Vereniging {c}"], "fr": ["Association {o} de {c}"],
      "es": ["Asociación {o} de {c}"]}),
    (["{c} {o} Friendship Association", "{o} Friendship Association of {c}"],
     {"it": ["Associazione di Amicizia {o} di {c}"], "fr": ["Association d'Amitié {o} de {c}"]}),
    (["{c} {o} Merchants Association", "{o} Merchants Association of {c}"], {}),
]
ORG_KINDS_GENERAL = [
    (["{c} Chinese Association", "Chinese Association of {c}", "Chinese Association in {c}"],
     {"it": ["Associazione Cinese di {c}", "Associazione dei Cinesi di {c}"], "nl": ["Chinese Vereniging {c}"],
      "fr": ["Association Chinoise de {c}", "Association des Chinois de {c}"], "de": ["Chinesischer Verein {c}"],
      "es": ["Asociación China de {c}"]}),
    (["{c} Chinese Chamber of Commerce", "Chinese Chamber of Commerce of {c}", "Chinese Chamber of Commerce in {c}"],
     {"it": ["Camera di Commercio Cinese di {c}"], "nl": ["Chinese Kamer van Koophandel {c}"],
      "fr": ["Chambre de Commerce Chinoise de {c}"], "de": ["Chinesische Handelskammer {c}"],
      "es": ["Cámara de Comercio China de {c}"]}),
    (["{c} Chinese Students and Scholars Association", "Chinese Students and Scholars Association of {c}"],
     {"it": ["Associazione Studenti e Studiosi Cinesi di {c}"],
      "fr": ["Association des Étudiants et Chercheurs Chinois de {c}"],
      "nl": ["Vereniging van Chinese Studenten en Wetenschappers {c}"]}),
    (["{c} Overseas Chinese Federation", "Overseas Chinese Federation of {c}"],
     {"it": ["Federazione dei Cinesi d'Oltremare di {c}"], "fr": ["Fédération des Chinois d'Outre-mer de {c}"],
      "nl": ["Federatie van Overzeese Chinezen {c}"]}),
    (["{c} Chinese Women's Association", "Chinese Women's Association of {c}"],
     {"it": ["Associazione delle Donne Cinesi di {c}"], "fr": ["Association des Femmes Chinoises de {c}"]}),
    (["{c} Chinese Cultural Association", "Chinese Cultural Association of {c}"],
     {"it": ["Associazione Culturale Cinese di {c}"], "fr": ["Association Culturelle Chinoise de {c}"],
      "nl": ["Chinese Culturele Vereniging {c}"]}),
    (["{c} Chinese Youth Association", "Chinese Youth Association of {c}"], {}),
    (["{c} Chinese Language School", "Chinese Language School of {c}"],
     {"it": ["Scuola di Lingua Cinese di {c}"], "fr": ["École de Langue Chinoise de {c}"]}),
    (["{c} Chinese Community Centre", "Chinese Community Centre of {c}"], {}),
    (["{c} Chinese Martial Arts Club", "Chinese Martial Arts Club of {c}"], {}),
    (["{c} Chinese Entrepreneurs Association", "Chinese Entrepreneurs Association of {c}"], {}),
    (["{c} Chinese Restaurant Association", "Chinese Restaurant Association of {c}"], {}),
    (["{c} Chinese Traders Association", "Chinese Traders Association of {c}"], {}),
    (["{c} Chinese Buddhist Association", "Chinese Buddhist Association of {c}"], {}),
    (["{c} Chinese Catholic Community", "Chinese Catholic Community of {c}"], {}),
]

CN_CITIES = (
    "Beijing Shanghai Tianjin Chongqing Guangzhou Shenzhen Wenzhou Lishui Qingtian Fuzhou Fuqing Xiamen Quanzhou "
    "Putian Sanming Nanping Hangzhou Ningbo Shaoxing Jinhua Taizhou Huzhou Jiaxing Zhoushan Quzhou Yiwu Ruian "
    "Nanjing Suzhou Wuxi Changzhou Xuzhou Yangzhou Nantong Jinan Qingdao Yantai Weifang Zhengzhou Luoyang Wuhan "
    "Changsha Chengdu Kunming Guiyang Nanning Haikou Shenyang Dalian Changchun Harbin Hefei Nanchang Taiyuan "
    "Shijiazhuang Xian Lanzhou Xining Yinchuan Urumqi Lhasa Hohhot Baotou Tangshan Baoding Handan Zibo Linyi "
    "Jining Yancheng Huaian Lianyungang Shantou Chaozhou Jieyang Meizhou Jiangmen Foshan Dongguan Zhuhai Zhongshan "
    "Huizhou Zhanjiang Guilin Liuzhou Zunyi Mianyang Yibin Nanchong Xiangtan Zhuzhou Yueyang Changde Yichang "
    "Xiangyang Jingzhou Ganzhou Jiujiang Wuhu Anqing Bengbu Fuyang Kaifeng Xinxiang Nanyang Anyang Datong"
).split()
PROVINCES = (
    "Zhejiang Fujian Guangdong Jiangsu Shandong Henan Hubei Hunan Sichuan Yunnan Guizhou Guangxi Hainan Liaoning "
    "Jilin Heilongjiang Anhui Jiangxi Shanxi Shaanxi Gansu Qinghai Hebei"
).split()
COUNTRIES = (
    "Italy France Germany Spain Portugal Netherlands Belgium Luxembourg Ireland Austria Switzerland Denmark Sweden "
    "Norway Finland Iceland Poland Czechia Slovakia Hungary Romania Bulgaria Greece Cyprus Malta Croatia Slovenia "
    "Serbia Albania Montenegro Estonia Latvia Lithuania Ukraine Moldova Georgia Armenia Azerbaijan Turkey Israel "
    "Egypt Morocco Algeria Tunisia Nigeria Ghana Kenya Ethiopia Tanzania Uganda Zambia Zimbabwe Angola Mozambique "
    "Senegal Cameroon Argentina Brazil Chile Peru Colombia Venezuela Ecuador Bolivia Uruguay Paraguay Mexico Cuba "
    "Panama Canada Australia Japan Mongolia Vietnam Laos Cambodia Thailand Myanmar Malaysia Singapore Indonesia "
    "Philippines India Pakistan Nepal Bangladesh Kazakhstan Uzbekistan Kyrgyzstan Tajikistan Iran Iraq Jordan"
).split()
FOREIGN_CITIES = [c for c, *_ in CITIES[::3]] + "Toronto Vancouver Sydney Melbourne Osaka Houston Chicago".split()

# state-body templates: English forms then other-language forms; {x} city/province/country, {d} district
STATE_KINDS = [
    ("city", ["{x} Public Security Bureau", "Public Security Bureau of {x}", "{x} Municipal Public Security Bureau",
              "{x} PSB", "Public Security Bureau of {x} Municipality"],
     ["Bureau de la Sécurité Publique de {x}", "Ufficio di Pubblica Sicurezza di {x}",
      "Büro für Öffentliche Sicherheit {x}"]),
    ("city", ["{x} State Security Bureau", "State Security Bureau of {x}", "{x} Municipal State Security Bureau"],
     ["Bureau de la Sécurité d'État de {x}"]),
    ("city", ["{x} United Front Work Department", "United Front Work Department of {x}", "{x} UFWD",
              "{x} Municipal United Front Work Department"], ["Dipartimento del Lavoro del Fronte Unito di {x}"]),
    ("city", ["{x} Overseas Chinese Affairs Office", "Overseas Chinese Affairs Office of {x}",
              "{x} Municipal Overseas Chinese Affairs Office"], []),
    ("city", ["{x} Foreign Affairs Office", "Foreign Affairs Office of {x}"], []),
    ("province", ["{x} Provincial Public Security Department", "Public Security Department of {x} Province",
                  "{x} Public Security Department"], []),
    ("province", ["{x} Provincial Overseas Chinese Affairs Office", "Overseas Chinese Affairs Office of {x} Province"],
     []),
    ("country", ["Embassy of China in {x}", "Chinese Embassy in {x}", "Embassy of the People's Republic of China in {x}",
                 "PRC Embassy in {x}", "Embassy of the PRC in {x}"], []),
    ("foreign_city", ["Consulate General of China in {x}", "Chinese Consulate General in {x}",
                      "Consulate-General of the People's Republic of China in {x}"], []),
    ("district", ["{d} District Public Security Sub-bureau, {x}", "{d} Branch of the {x} Public Security Bureau",
                  "{x} Public Security Bureau {d} Branch", "{d} Public Security Sub-bureau of {x}"], []),
    ("district", ["{d} Police Station, {x}", "{x} {d} Police Station", "{d} Police Station of {x}"], []),
]


# --------------------------------------------------------------------------------------------------
# generator

@dataclass
class Entity:
    type: str
    kind: str
    data: tuple
    canonical: str


def _key(surface: str) -> str:
    """Collision key: two surfaces with this key are the same name (used to keep truth unambiguous)."""
    return " ".join("".join(c if c.isalnum() else " " for c in surface.casefold()).split())


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _typo(rng: random.Random, word: str) -> str:
    """One inserted, deleted, replaced or swapped letter, away from the first letter."""
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + word[i] + word[i:]
    if op == 2:
        c = rng.choice([x for x in string.ascii_lowercase if x != word[i].lower()])
        return word[:i] + c + word[i + 1:]
    if word[i] == word[i + 1]:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _typo_in(rng: random.Random, text: str, protected: set[str]) -> str | None:
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.lower() not in protected]
    if not spots:
        return None
    i = rng.choice(spots)
    words[i] = _typo(rng, words[i])
    return " ".join(words)


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.owner: dict[tuple[str, str], int] = {}  # (type, collision key) -> entity index
        self.entities: list[Entity] = []
        self.base_keys: set[tuple] = set()
        self._surnames = list(SURNAMES)
        self._surname_cw = _cumulative(SURNAMES.values())
        self._pinyin = {s.lower() for s in SURNAMES} | set(GIVEN) | {o.lower() for o in ORIGINS} | {
            c.lower() for c in CN_CITIES + PROVINCES}

    # -- base entities ----------------------------------------------------------------------------

    def _add(self, typ: str, kind: str, data: tuple, canonical: str, base_key: tuple) -> bool:
        if base_key in self.base_keys or (typ, _key(canonical)) in self.owner:
            return False
        self.base_keys.add(base_key)
        self.owner[(typ, _key(canonical))] = len(self.entities)
        self.entities.append(Entity(typ, kind, data, canonical))
        return True

    def chinese_person(self) -> bool:
        rng = self.rng
        family = rng.choices(self._surnames, cum_weights=self._surname_cw)[0]
        n = 1 if rng.random() < 0.3 else 2
        given = (rng.choice(GIVEN_FIRST),) if n == 1 else (rng.choice(GIVEN_FIRST), rng.choice(GIVEN_FIRST))
        if n == 2 and given[0] == given[1] and rng.random() < 0.7:
            return False
        key = ("cn", tuple(sorted((family.lower(),) + given)))
        return self._add("PERSON", "cn", (family, given), f"{family} {_cap(''.join(given))}", key)

    def western_person(self) -> bool:
        rng = self.rng
        first, last = rng.choice(WESTERN_FIRST), rng.choice(WESTERN_LAST)
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") + "." if rng.random() < 0.4 else ""
        name = " ".join(x for x in (first, middle, last) if x)
        return self._add("PERSON", "west", (first, middle, last), name, ("w", first, middle, last))

    def organisation(self) -> bool:
        rng = self.rng
        city, country, lang, forms = rng.choice(CITIES)
        if rng.random() < 0.75:
            origin = rng.choice(ORIGINS)
            k = rng.randrange(len(ORG_KINDS_ORIGIN))
            english, native = ORG_KINDS_ORIGIN[k]
            kind = ("o", k)
        else:
            origin = ""
            k = rng.randrange(len(ORG_KINDS_GENERAL))
            english, native = ORG_KINDS_GENERAL[k]
            kind = ("g", k)
        native_forms = native.get(lang, [])
        legal = rng.choice(forms) if forms and rng.random() < 0.5 else ""
        templates = english + native_forms
        canonical = rng.choice(native_forms) if native_forms and rng.random() < 0.6 else english[0]
        canonical = canonical.format(c=city, o=origin) + (f" {legal}" if legal and rng.random() < 0.5 else "")
        data = (city, origin, tuple(templates), legal)
        return self._add("ORG", "org", data, canonical, ("org", city, origin, kind))

    def state_body(self) -> bool:
        rng = self.rng
        k = rng.choices(range(len(STATE_KINDS)), weights=[5, 2, 3, 2, 1, 2, 1, 1, 1, 12, 12])[0]
        scope, english, other = STATE_KINDS[k]
        district = ""
        if scope in ("city", "district"):
            x = rng.choice(CN_CITIES)
        elif scope == "province":
            x = rng.choice(PROVINCES)
        elif scope == "country":
            x = rng.choice(COUNTRIES)
        else:
            x = rng.choice(FOREIGN_CITIES)
        if scope == "district":
            district = _cap(rng.choice(GIVEN_FIRST) + rng.choice(GIVEN_FIRST))
        data = (x, district, tuple(english), tuple(other))
        canonical = english[0].format(x=x, d=district)
        return self._add("STATE_BODY", "state", data, canonical, ("s", k, x, district))

    def population(self, n: int) -> None:
        makers = (self.chinese_person, self.western_person, self.organisation, self.state_body)
        cw = _cumulative([55, 17, 20, 8])
        tries = 0
        while len(self.entities) < n:
            tries += 1
            if tries > 50 * n + 1000:
                raise RuntimeError("vocabulary too small for this many distinct base entities")
            self.rng.choices(makers, cum_weights=cw)[0]()

    # -- surface variants -------------------------------------------------------------------------

    def variant(self, e: Entity) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return e.canonical
        if e.kind == "cn":
            return self._cn_variant(e, rng)
        if e.kind == "west":
            first, middle, last = e.data
            parts = [first, middle, last] if middle else [first, last]
            r = rng.random()
            if r < 0.3:
                return " ".join(parts[:-1]) + " " + last.upper()
            if r < 0.45:
                return " ".join(parts).upper()
            if r < 0.75:
                return f"{last}, {' '.join(parts[:-1])}" if rng.random() < 0.6 else f"{last.upper()} {' '.join(parts[:-1])}"
            out = _typo_in(rng, " ".join(parts), set())
            return out or e.canonical
        if e.kind == "org":
            city, origin, templates, legal = e.data
            name = rng.choice(templates).format(c=city, o=origin)
            r = rng.random()
            if legal and r < 0.35:
                name = f"{name} {legal}"
            elif r < 0.45:
                name = name.upper()
            elif r < 0.55:
                name = name.lower()
            elif r < 0.67:
                name = _typo_in(rng, name, self._pinyin | {origin.lower()}) or name
            return name
        x, district, english, other = e.data
        pool = list(english) + (list(other) if rng.random() < 0.25 else [])
        name = rng.choice(pool).format(x=x, d=district)
        r = rng.random()
        if r < 0.12:
            name = name.upper()
        elif r < 0.24:
            name = _typo_in(rng, name, self._pinyin | {x.lower(), district.lower()}) or name
        return name

    def _cn_variant(self, e: Entity, rng: random.Random) -> str:
        family, given = e.data
        if rng.random() < 0.35 and family in SURNAME_VARIANTS:
            family = rng.choice(SURNAME_VARIANTS[family])
        if len(given) == 1:
            g = _cap(given[0])
        else:
            a, b = given
            g = rng.choice((_cap(a + b), f"{_cap(a)}-{b}", f"{_cap(a)} {_cap(b)}", f"{_cap(a)}-{_cap(b)}", _cap(a + b)))
        r = rng.random()
        if r < 0.3:
            return f"{g} {family}"            # Western order
        if r < 0.5:
            return f"{family.upper()} {g}"    # surname in capitals
        if r < 0.55:
            return f"{family} {g}".upper()
        if r < 0.6:
            return f"{family}, {g}"
        return f"{family} {g}"

    def mentions(self, n_mentions: int) -> tuple[list[tuple[str, str]], list[int]]:
        """``n_mentions`` (type, surface) pairs and, per distinct pair in first-seen order, its entity index."""
        rng = self.rng
        n = len(self.entities)
        weights = [math.exp(rng.gauss(0.0, 1.0)) for _ in range(n)]  # some entities are mentioned far more
        drawn = list(range(min(n, n_mentions))) + rng.choices(range(n), cum_weights=_cumulative(weights),
                                                              k=max(0, n_mentions - n))
        rng.shuffle(drawn)
        out: list[tuple[str, str]] = []
        truth: dict[tuple[str, str], int] = {}
        interned: dict[tuple[str, str], tuple[str, str]] = {}
        for idx in drawn:
            e = self.entities[idx]
            surface = self.variant(e)
            owner = self.owner.setdefault((e.type, _key(surface)), idx)
            if owner != idx:  # another entity's name: keep the truth unambiguous
                surface = e.canonical
            pair = interned.setdefault((e.type, surface), (e.type, surface))
            truth.setdefault(pair, idx)
            out.append(pair)
        return out, list(truth.values())


def _cumulative(values) -> list[float]:  # type: ignore[no-untyped-def]
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def generate(n_mentions: int, seed: int) -> tuple[list[tuple[str, str]], list[int]]:
    gen = Generator(seed)
    gen.population(max(1, n_mentions // MENTIONS_PER_ENTITY))
    return gen.mentions(n_mentions)


# --------------------------------------------------------------------------------------------------
# the systems

def distinct(mentions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Distinct (type, name) pairs in first-seen order (the same order as the generator's truth)."""
    return list(dict.fromkeys(mentions))


def threadline_path(mentions: list[tuple[str, str]]) -> tuple[list, int]:
    from threadline.resolve.cluster import resolve
    from threadline.resolve.compare import Record

    names = distinct(mentions)
    records = [Record(f"n{i}", typ, (name,)) for i, (typ, name) in enumerate(names)]
    res = resolve(records)
    return [res.canonical[r.id] for r in records], res.compared


def recordlinkage_path(mentions: list[tuple[str, str]], index: str = "block") -> tuple[list, int]:
    import numpy as np
    import pandas as pd
    import recordlinkage
    from recordlinkage.preprocessing import clean
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    names = distinct(mentions)
    df = pd.DataFrame(names, columns=["type", "name"])
    df["clean"] = clean(df["name"])
    indexer = recordlinkage.Index()
    if index == "block":
        df["block"] = df["type"] + "|" + df["clean"].str[:3]
        indexer.block("block")
    else:
        indexer.sortedneighbourhood("clean", window=SN_WINDOW, block_on="type")
    pairs = indexer.index(df)
    compare = recordlinkage.Compare()
    compare.string("clean", "clean", method="jarowinkler", threshold=0.9, label="name")
    features = compare.compute(pairs, df)
    hit = features.index[features["name"].to_numpy() == 1]
    n = len(df)
    i = hit.get_level_values(0).to_numpy()
    j = hit.get_level_values(1).to_numpy()
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels.tolist(), len(pairs)


def recordlinkage_sn_path(mentions: list[tuple[str, str]]) -> tuple[list, int]:
    return recordlinkage_path(mentions, index="sortedneighbourhood")


SN_WINDOW = 9
SYSTEMS = {"threadline": threadline_path, "recordlinkage-block": recordlinkage_path,
           "recordlinkage-sn": recordlinkage_sn_path}
BASELINES = [name for name in SYSTEMS if name != "threadline"]

WARM_UP = [("PERSON", "Zhang Xiaoming"), ("PERSON", "Chang Xiao-ming"), ("PERSON", "Smith, John"),
           ("PERSON", "John Smith"), ("ORG", "Associazione Cinese di Prato APS"), ("ORG", "Prato Chinese Association"),
           ("STATE_BODY", "Wenzhou Public Security Bureau"), ("STATE_BODY", "Public Security Bureau of Wenzhou")]


def _rss_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _child(system: str, data_path: str, truth_path: str, conn) -> None:  # type: ignore[no-untyped-def]
    try:
        fn = SYSTEMS[system]
        fn(WARM_UP)  # imports and lazily loaded tables, once, outside the measurement
        with open(data_path, "rb") as f:
            mentions = pickle.load(f)
        gc.collect()
        before = _rss_now()
        start = time.perf_counter()
        labels, compared = fn(mentions)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        del mentions
        with open(truth_path, "rb") as f:
            truth = pickle.load(f)
        p, r, f1 = pairwise_scores(labels, truth)
        conn.send({"seconds": seconds, "peak": peak, "delta": max(0, peak - before), "compared": compared,
                   "names": len(labels), "P": p, "R": r, "F1": f1, "clusters": len(set(labels))})
    except BaseException as exc:  # report, don't hang the parent
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def pairwise_scores(predicted: list, truth: list) -> tuple[float, float, float]:
    """Pairwise precision/recall/F1 of a clustering of distinct names against the true entities."""
    def pairs(counts) -> int:  # type: ignore[no-untyped-def]
        return sum(c * (c - 1) // 2 for c in counts)

    both = pairs(Counter(zip(predicted, truth)).values())
    pred = pairs(Counter(predicted).values())
    true = pairs(Counter(truth).values())
    p = both / pred if pred else 1.0
    r = both / true if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_child(system: str, data_path: str, truth_path: str, timeout: float) -> dict:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(system, data_path, truth_path, child), daemon=True)
    proc.start()
    child.close()
    result = {"error": f"timed out after {timeout:.0f} s"}
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = {"error": "child died (out of memory?)"}
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if "error" in result and proc.exitcode not in (0, None):
        result["error"] += f" (exit code {proc.exitcode})"
    return result


# --------------------------------------------------------------------------------------------------
# baseline budget

def baseline_pairs(names: list[tuple[str, str]]) -> tuple[int, int]:
    """Pairs the baseline's block index yields, and the rows of the self-join it builds them from."""
    import pandas as pd
    from recordlinkage.preprocessing import clean

    df = pd.DataFrame(names, columns=["type", "name"])
    sizes = (df["type"] + "|" + clean(df["name"]).str[:3]).value_counts().to_numpy().astype("int64")
    return int((sizes * (sizes - 1) // 2).sum()), int((sizes * sizes).sum())


# --------------------------------------------------------------------------------------------------
# report

def fmt_size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def render(rows: list[dict], notes: list[str], args: argparse.Namespace, gen_info: dict) -> str:
    out = ["# Resolution at scale: Threadline vs recordlinkage baselines", ""]
    out.append(f"`bench/resolve_scale.py --sizes {','.join(map(str, args.sizes))} --seed {args.seed}` on "
               f"{os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}.")
    out.append("")
    out.append("| size | system | distinct names | pairs compared | seconds | peak MiB | Δ MiB | P | R | F1 |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        size = fmt_size(row["mentions"])
        if "error" in row:
            out.append(f"| {size} | {row['system']} | {row.get('names', '')} | – | – | – | – | – | – | – |")
            continue
        out.append(f"| {size} | {row['system']} | {row['names']:,} | {row['compared']:,} | {row['seconds']:.1f} | "
                   f"{row['peak'] / 2**20:,.0f} | {row['delta'] / 2**20:,.0f} | {row['P']:.3f} | {row['R']:.3f} | "
                   f"{row['F1']:.3f} |")
    out += ["", "Ratios threadline / baseline (below 1: Threadline is faster or smaller):", ""]
    out.append("| size | baseline | time ratio | peak memory ratio | Δ memory ratio | F1 threadline | F1 baseline |")
    out.append("|---:|---|---:|---:|---:|---:|---:|")
    ok = {(r["mentions"], r["system"]): r for r in rows if "error" not in r}
    for size in args.sizes:
        t = ok.get((size, "threadline"))
        for base in args.baselines:
            b = ok.get((size, base))
            if t and b:
                out.append(f"| {fmt_size(size)} | {base} | {t['seconds'] / b['seconds']:.2f} | "
                           f"{t['peak'] / b['peak']:.2f} | {t['delta'] / max(b['delta'], 1):.2f} | {t['F1']:.3f} | "
                           f"{b['F1']:.3f} |")
            else:
                f1 = f"{t['F1']:.3f}" if t else "–"
                out.append(f"| {fmt_size(size)} | {base} | – | – | – | {f1} | not run |")
    out += ["", "Data per size (base entities = mentions / 8):", ""]
    for size, info in gen_info.items():
        out.append(f"- {fmt_size(size)}: {info['entities']:,} base entities, {info['names']:,} distinct names, "
                   f"generated in {info['seconds']:.1f} s")
    out += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    out += ["", "Columns: *pairs compared* is `Resolution.compared` for Threadline and the size of the block index "
            "for the baseline; *peak MiB* is the child process's peak RSS (imports and the loaded mentions included); "
            "*Δ MiB* is that peak minus the RSS just before the timed run; P/R/F1 are pairwise over distinct "
            "names against the generator's truth.", ""]
    return "\n".join(out)


def profile(size: int, seed: int, top: int = 30) -> None:
    import cProfile
    import io
    import pstats

    mentions, _ = generate(size, seed)
    threadline_path(WARM_UP)
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    _, compared = threadline_path(mentions)
    prof.disable()
    print(f"threadline path on {fmt_size(size)} mentions under cProfile: {time.perf_counter() - start:.1f} s, "
          f"{compared:,} pairs compared")
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(top)
        text = buf.getvalue()
        print(text[text.index("   ncalls"):] if "   ncalls" in text else text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=list(DEFAULT_SIZES),
                        help="Comma-separated mention counts (default 10000,100000,1000000).")
    parser.add_argument("--quick", action="store_true", help="10000 mentions only (for tests and CI).")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--baselines", type=lambda s: [x for x in s.split(",") if x and x != "none"],
                        default=list(BASELINES), help=f"Comma-separated, from {', '.join(BASELINES)}; 'none' for none.")
    parser.add_argument("--timeout", type=float, default=3600, help="Seconds allowed to one child run.")
    parser.add_argument("--out", help="Markdown output (default bench/results/resolve_scale.md; "
                                      "resolve_scale.quick.md with --quick; '-' for none).")
    parser.add_argument("--profile", type=int, metavar="N", help="Only cProfile Threadline's path on N mentions.")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.seed)
        return
    if args.quick:
        args.sizes = [10_000]
    out_path = args.out or str(HERE / "results" / ("resolve_scale.quick.md" if args.quick else "resolve_scale.md"))

    rows: list[dict] = []
    notes: list[str] = []
    gen_info: dict[int, dict] = {}
    rate: tuple[float, float] | None = None  # baseline seconds per pair, bytes per self-join row, measured
    unknown = set(args.baselines) - set(BASELINES)
    if unknown:
        parser.error(f"unknown baseline(s): {', '.join(sorted(unknown))}")
    systems = ["threadline"] + args.baselines
    with tempfile.TemporaryDirectory(prefix="resolve_scale_") as tmp:
        for size in args.sizes:
            start = time.perf_counter()
            mentions, truth = generate(size, args.seed)
            gen_info[size] = {"entities": max(1, size // MENTIONS_PER_ENTITY), "names": len(truth),
                              "seconds": time.perf_counter() - start}
            data_path, truth_path = os.path.join(tmp, f"m{size}.pkl"), os.path.join(tmp, f"t{size}.pkl")
            with open(data_path, "wb") as f:
                pickle.dump(mentions, f, protocol=pickle.HIGHEST_PROTOCOL)
            with open(truth_path, "wb") as f:
                pickle.dump(truth, f, protocol=pickle.HIGHEST_PROTOCOL)
            print(f"[{fmt_size(size)}] {size:,} mentions, {gen_info[size]['entities']:,} entities, "
                  f"{len(truth):,} distinct names", file=sys.stderr, flush=True)
            names = distinct(mentions) if "recordlinkage-block" in systems else []
            del mentions
            for system in systems:
                if system == "recordlinkage-block":
                    n_pairs, n_rows = baseline_pairs(names)
                    if rate:
                        est_s, est_b = n_pairs * rate[0], n_rows * rate[1]
                    else:  # conservative defaults until a run measures them
                        est_s, est_b = n_pairs * 5e-6, n_rows * 400.0
                    if est_s > BASELINE_MAX_SECONDS or est_b > BASELINE_MAX_BYTES:
                        msg = (f"recordlinkage-block skipped at {fmt_size(size)}: its block index has {n_pairs:,} pairs "
                               f"({n_rows:,} self-join rows); extrapolated from its own smaller runs that is "
                               f"~{est_s / 60:,.0f} min and ~{est_b / 2**30:,.1f} GiB, over the 15 min / 16 GiB budget")
                        notes.append(msg)
                        print(msg, file=sys.stderr, flush=True)
                        rows.append({"mentions": size, "system": system, "error": "skipped", "names": f"{len(names):,}"})
                        continue
                print(f"[{fmt_size(size)}] running {system} ...", file=sys.stderr, flush=True)
                result = run_child(system, data_path, truth_path, args.timeout)
                result.update(mentions=size, system=system)
                rows.append(result)
                if "error" in result:
                    notes.append(f"{system} at {fmt_size(size)} failed: {result['error']}")
                    print(notes[-1], file=sys.stderr, flush=True)
                    continue
                print(f"[{fmt_size(size)}] {system}: {result['seconds']:.1f} s, peak {result['peak'] / 2**20:,.0f} MiB,"
                      f" {result['compared']:,} pairs, F1 {result['F1']:.3f}", file=sys.stderr, flush=True)
                if system == "recordlinkage-block" and n_pairs:
                    rate = (result["seconds"] / n_pairs, max(result["delta"], 1) / max(n_rows, 1))
                if system == "threadline" and size >= 1_000_000:
                    verdict = "meets" if result["seconds"] < TARGET_SECONDS_1M else "misses"
                    notes.append(f"Threadline at {fmt_size(size)} mentions: {result['seconds'] / 60:.1f} min, "
                                 f"{verdict} the target of under 10 minutes on this machine")
            del names
    notes.insert(0, f"Baselines: recordlinkage {_version('recordlinkage')} on `preprocessing.clean(name)`, "
                 "`Compare().string(method='jarowinkler', threshold=0.9)`, scipy connected components of the matches; "
                 "*recordlinkage-block* indexes with `Index().block` on type + the first 3 letters, "
                 f"*recordlinkage-sn* with `sortedneighbourhood` on the name (window {SN_WINDOW}) within each type. "
                 "Threadline: distinct (type, name) -> `Record` -> `resolve(records)` (max_block=50).")
    report = render(rows, notes, args, gen_info)
    print(report)
    if out_path != "-":
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        Path(out_path).write_text(report, encoding="utf-8")
        print(f"written to {out_path}", file=sys.stderr)


def _version(package: str) -> str:
    try:
        from importlib.metadata import version

        return version(package)
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
