#!/usr/bin/env python3
"""Builds names.csv for the name-screening evaluation.

names.csv = the hand-labelled rows below (categories real_*, org_*, neg_*)
          + positives generated deterministically from the UN consolidated list
            (categories gen_*; fixed seed, so reruns give the same file).

Usage: python3 make_names.py [UN_XML] [OUT_CSV]
Defaults: ../../../lists/un-consolidated-2024-09-26.xml and ./names.csv next to this script.
Standard library only.
"""
import csv
import math
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

# ---------------------------------------------------------------------------
# Hand-labelled positives: real-world spellings used in news and official
# statements, each checked against the UN consolidated list of 2024-09-26.
# (query, kind, expected_refs, category)
# ---------------------------------------------------------------------------
HAND = [
# --- Al-Qaida regime (1267/1989/2253), persons
("Ayman al-Zawahiri","person","QDi.006","real_translit"),
("Abu Bakr al-Baghdadi","person","QDi.299","real_alias"),
("Anwar al-Awlaki","person","QDi.283","real_translit"),
("Abubakar Shekau","person","QDi.322","real_short"),
("Iyad Ag Ghaly","person","QDi.316","real_translit"),
("Abu Mohammad al-Julani","person","QDi.317","real_translit"),
("Abu Qatada","person","QDi.031","real_alias"),
("Abu Hamza al-Masri","person","QDi.067","real_alias"),
("Hambali","person","QDi.087","real_alias"),
("Abu Bakar Bashir","person","QDi.217","real_translit"),
("Dawood Ibrahim","person","QDi.135","real_short"),
("Zakiur Rehman Lakhvi","person","QDi.264","real_translit"),
("Hamza bin Laden","person","QDi.421","real_short"),
("Abu Omar al-Shishani","person","QDi.345","real_alias"),
("Doku Umarov","person","QDi.290","real_short"),
("Mullah Krekar","person","QDi.226","real_alias"),
("Abu Mohammad al-Adnani","person","QDi.325","real_translit"),
("Abdelmalek Droukdal","person","QDi.232","real_translit"),
("Ramzi bin al-Shibh","person","QDi.081","real_translit"),
("Saif al-Adel","person","QDi.001","real_alias"),
("Qassim al-Rimi","person","QDi.282","real_translit"),
("Ibrahim al-Asiri","person","QDi.291","real_short"),
("Mullah Fazlullah","person","QDi.352","real_alias"),
("Mufti Noor Wali Mehsud","person","QDi.427","real_translit"),
("Adnan Abu Walid al-Sahrawi","person","QDi.415","real_translit"),
("Abu Ibrahim al-Hashimi al-Qurashi","person","QDi.426","real_alias"),
("Amadou Kouffa","person","QDi.425","real_translit"),
("Abdul Rahman Makki","person","QDi.433","real_translit"),
("Shahab al-Muhajir","person","QDi.431","real_alias"),
("Isnilon Hapilon","person","QDi.204","real_short"),
("Khalid al-Fawwaz","person","QDi.059","real_translit"),
("Salim Hamdan","person","QDi.003","real_short"),
("Abu Rusydan","person","QDi.186","real_translit"),
("Sheikh Hassan Dahir Aweys","person","SOi.002;QDi.042","real_translit"),
# --- Taliban regime (1988)
("Mullah Mohammad Hasan Akhund","person","TAi.002","real_translit"),
("Khairullah Khairkhwa","person","TAi.093","real_translit"),
("Abdul Haq Wasiq","person","TAi.082","real_translit"),
("Noorullah Noori","person","TAi.089","real_translit"),
("Sher Mohammad Abbas Stanikzai","person","TAi.067","real_translit"),
("Abdul Salam Hanafi","person","TAi.027","real_short"),
("Mullah Akhtar Mansour","person","TAi.011","real_short"),
("Nooruddin Turabi","person","TAi.058","real_short"),
("Khalil Haqqani","person","TAi.150","real_short"),
("Mullah Mohammad Fazl","person","TAi.023","real_translit"),
("Shahabuddin Dilawar","person","TAi.113","real_translit"),
("Qari Din Mohammad Hanif","person","TAi.043","real_translit"),
("Najibullah Haqqani","person","TAi.071","real_short"),
("Haqqani Network","org","TAe.012","org_variant"),
("Roshan Sarafi","org","TAe.011","org_variant"),
# --- DPRK regime (1718)
("Ri Pyong-chol","person","KPi.076","real_translit"),
("Pak To-chun","person","KPi.050","real_translit"),
("Pak Yong-sik","person","KPi.063","real_translit"),
("Paek Se-bong","person","KPi.048","real_translit"),
("Ri Man-gon","person","KPi.026","real_translit"),
("Neil Tsang","person","KPi.080","real_alias"),
("Room 39","org","KPe.030","org_variant"),
("Foreign Trade Bank of the DPRK","org","KPe.047","org_variant"),
("Korea Ryonbong General Corp.","org","KPe.002","org_variant"),
("Green Pine Associated Corp","org","KPe.010","org_variant"),
("OMM","org","KPe.020","org_acronym"),
("KCST","org","KPe.012","org_acronym"),
("Mansudae Art Studio","org","KPe.050","org_variant"),
("Academy of National Defence Science","org","KPe.021","org_variant"),
("Central Military Commission of the Workers' Party of Korea","org","KPe.051","org_variant"),
("Korea Kwangson Banking Corp","org","KPe.025","org_variant"),
("Ministry of People's Armed Forces","org","KPe.054","org_variant"),
("Daedong Credit Bank","org","KPe.023","org_variant"),
("Chong Chon Gang Shipping Company","org","KPe.022","org_variant"),
("Strategic Force of the Korean People's Army","org","KPe.046","org_variant"),
# --- Iraq regime (1518)
("Saddam Hussein","person","IQi.001","real_short"),
("Izzat Ibrahim al-Douri","person","IQi.006","real_translit"),
("Ali Hassan al-Majid","person","IQi.005","real_short"),
("Tareq Aziz","person","IQi.025","real_translit"),
("Uday Hussein","person","IQi.003","real_short"),
("Qusay Hussein","person","IQi.002","real_short"),
("Raghad Saddam Hussein","person","IQi.057","real_short"),
("Barzan Ibrahim al-Tikriti","person","IQi.038","real_short"),
("Taha Yassin Ramadan","person","IQi.020","real_short"),
("Huda Ammash","person","IQi.039","real_short"),
("Sajida Talfah","person","IQi.056","real_translit"),
("Sultan Hashim Ahmad al-Tai","person","IQi.027","real_translit"),
# --- Libya regime (1970)
("Saif al-Islam Gaddafi","person","LYi.017","real_translit"),
("Muammar Gaddafi","person","LYi.013","real_translit"),
("Aisha Gaddafi","person","LYi.009","real_translit"),
("Saadi Gaddafi","person","LYi.015","real_translit"),
("Khamis Gaddafi","person","LYi.011","real_translit"),
("Abdullah Senussi","person","LYi.018","real_translit"),
("Safia Farkash","person","LYi.019","real_short"),
("Ermias Ghermay","person","LYi.021","real_alias"),
("Abdul Rahman al-Milad","person","LYi.026","real_translit"),
("Ibrahim Jadhran","person","LYi.027","real_short"),
("Libya Africa Investment Portfolio","org","LYe.002","org_variant"),
# --- Somalia regime (2713 / formerly 751)
("Ahmed Abdi Godane","person","SOi.004","real_alias"),
("Fuad Shongole","person","SOi.005","real_alias"),
("Hassan Turki","person","SOi.003","real_short"),
("Aboud Rogo","person","SOi.011","real_short"),
("Ahmed Iman Ali","person","SOi.016","real_translit"),
("Ali Dheere","person","SOi.021","real_alias"),
("Abu Mansoor al-Amriki","person","SOi.010","real_alias"),
("al-Shabaab","org","SOe.001","org_variant"),
("Harakat al-Shabaab al-Mujahideen","org","SOe.001","org_variant"),
# --- DRC regime (1533)
("Bosco Ntaganda","person","CDi.030","real_translit"),
("Laurent Nkundabatware","person","CDi.022","real_alias"),
("Sultani Emmanuel Makenga","person","CDi.008","real_translit"),
("Thomas Lubanga Dyilo","person","CDi.007","real_translit"),
("Musa Baluku","person","CDi.036","real_short"),
("Guidon Shimiray","person","CDi.033","real_short"),
("Sheka Ntabo Ntaberi","person","CDi.029","real_translit"),
("William Yakutumba","person","CDi.043","real_short"),
("FDLR","org","CDe.005","org_acronym"),
("March 23 Movement","org","CDe.006","org_variant"),
("Allied Democratic Forces","org","CDe.001","org_variant"),
# --- CAR regime (2127)
("François Bozizé","person","CFi.001","real_short"),
("Noureddine Adam","person","CFi.002","real_translit"),
("Abdoulaye Miskine","person","CFi.013","real_alias"),
("Sidiki Abass","person","CFi.014","real_alias"),
("Eugène Ngaïkosset","person","CFi.008","real_short"),
("Lord's Resistance Army","org","CFe.002","org_variant"),
("LRA","org","CFe.002","org_acronym"),
# --- South Sudan regime (2206)
("Paul Malong","person","SSi.008","real_short"),
("Gabriel Jok Riak","person","SSi.001","real_short"),
("Marial Chanuong","person","SSi.005","real_short"),
("Simon Gatwech","person","SSi.002","real_short"),
# --- Sudan regime (1591)
("Musa Hilal","person","SDi.002","real_short"),
("Gaffar Mohamed Elhassan","person","SDi.001","real_translit"),
# --- Yemen regime (2140)
("Abdul Khaliq al-Houthi","person","YEi.001","real_translit"),
("Abu Ali al-Hakim","person","YEi.002","real_alias"),
("Yousef al-Madani","person","YEi.009","real_translit"),
("Mohammed al-Ghamari","person","YEi.008","real_translit"),
("Ansarullah","org","YEe.001","org_variant"),
("Houthis","org","YEe.001","org_variant"),
# --- Haiti regime (2653)
("Johnson André","person","HTi.002","real_translit"),
("Vitel'Homme Innocent","person","HTi.005","real_translit"),
("Lanmò Sanjou","person","HTi.004","real_alias"),
("Ti Lapli","person","HTi.003","real_alias"),
# --- Guinea-Bissau regime (2048)
("Antonio Indjai","person","GBi.005","real_translit"),
("Ibraima Camara","person","GBi.001","real_translit"),
# --- Al-Qaida regime, entities
("al-Qaeda","org","QDe.004","org_variant"),
("AQAP","org","QDe.129","org_acronym"),
("AQIM","org","QDe.014","org_acronym"),
("Jabhat al-Nusra","org","QDe.137","org_variant"),
("Hayat Tahrir al-Sham","org","QDe.137","org_variant"),
("HTS","org","QDe.137","org_acronym"),
("Boko Haram","org","QDe.138","org_variant"),
("Lashkar-e-Taiba","org","QDe.118","org_variant"),
("Jamaat-ud-Dawa","org","QDe.118","org_variant"),
("Jaish-e-Mohammed","org","QDe.019","org_variant"),
("TTP","org","QDe.132","org_acronym"),
("Tehreek-e-Taliban Pakistan","org","QDe.132","org_variant"),
("ISWAP","org","QDe.162","org_acronym"),
("ISIS-K","org","QDe.161","org_acronym"),
("Islamic State Khorasan Province","org","QDe.161","org_variant"),
("JNIM","org","QDe.159","org_acronym"),
("Abu Sayyaf","org","QDe.001","org_variant"),
("Al-Mourabitoun","org","QDe.141","org_variant"),
("Ansar Dine","org","QDe.135","org_variant"),
("East Turkestan Islamic Movement","org","QDe.088","org_variant"),
("ETIM","org","QDe.088","org_acronym"),
("Lashkar-e-Jhangvi","org","QDe.096","org_variant"),
("Maktab al-Khidamat","org","QDe.012","org_variant"),
("Caucasus Emirate","org","QDe.131","org_variant"),
("ISGS","org","QDe.163","org_acronym"),
("IMU","org","QDe.010","org_acronym"),
("LIFG","org","QDe.011","org_acronym"),
("MUJAO","org","QDe.134","org_acronym"),
("Jamaat-ul-Ahrar","org","QDe.152","org_variant"),
("Harkat-ul-Jihad al-Islami","org","QDe.130","org_variant"),
("Rajah Sulaiman Movement","org","QDe.128","org_variant"),
("Jund al-Aqsa","org","QDe.156","org_variant"),
("Islamic State of Iraq and the Levant","org","QDe.115","org_variant"),
("Falah-e-Insaniat Foundation","org","QDe.118","org_variant"),
]

# ---------------------------------------------------------------------------
# Hand-labelled negatives: none of these is on the UN consolidated list.
# (query, kind, category)
# ---------------------------------------------------------------------------
NEGATIVES = [
# --- neg_famous: well-known people and organisations that are not listed
("Angela Merkel","person","neg_famous"),
("Emmanuel Macron","person","neg_famous"),
("Narendra Modi","person","neg_famous"),
("Xi Jinping","person","neg_famous"),
("Jacinda Ardern","person","neg_famous"),
("Lionel Messi","person","neg_famous"),
("Cristiano Ronaldo","person","neg_famous"),
("Taylor Swift","person","neg_famous"),
("Elon Musk","person","neg_famous"),
("António Guterres","person","neg_famous"),
("Kofi Annan","person","neg_famous"),
("Nelson Mandela","person","neg_famous"),
("Malala Yousafzai","person","neg_famous"),
("Imran Khan","person","neg_famous"),
("Recep Tayyip Erdoğan","person","neg_famous"),
("Cyril Ramaphosa","person","neg_famous"),
("Luiz Inácio Lula da Silva","person","neg_famous"),
("Justin Trudeau","person","neg_famous"),
("Olaf Scholz","person","neg_famous"),
("Shinzo Abe","person","neg_famous"),
("Moon Jae-in","person","neg_famous"),
("Ban Ki-moon","person","neg_famous"),
("Son Heung-min","person","neg_famous"),
("Zinedine Zidane","person","neg_famous"),
("Mohammed bin Salman","person","neg_famous"),
("Abiy Ahmed","person","neg_famous"),
("Ellen Johnson Sirleaf","person","neg_famous"),
("Ursula von der Leyen","person","neg_famous"),
("Tedros Adhanom Ghebreyesus","person","neg_famous"),
("Ngozi Okonjo-Iweala","person","neg_famous"),
("Naguib Mahfouz","person","neg_famous"),
("Ilhan Omar","person","neg_famous"),
("Sadiq Khan","person","neg_famous"),
("Mohamed ElBaradei","person","neg_famous"),
("Boutros Boutros-Ghali","person","neg_famous"),
("Aung San Suu Kyi","person","neg_famous"),
("Benazir Bhutto","person","neg_famous"),
("Hamid Karzai","person","neg_famous"),
("Ashraf Ghani","person","neg_famous"),
("Hassan Sheikh Mohamud","person","neg_famous"),
("Mohamed Abdullahi Farmaajo","person","neg_famous"),
("Muhammadu Buhari","person","neg_famous"),
("Mahmoud Abbas","person","neg_famous"),
("Nawaz Sharif","person","neg_famous"),
("Shahid Afridi","person","neg_famous"),
("Rahat Fateh Ali Khan","person","neg_famous"),
("Mo Farah","person","neg_famous"),
("Haruki Murakami","person","neg_famous"),
("Shakira","person","neg_famous"),
("UNICEF","org","neg_famous"),
("World Health Organization","org","neg_famous"),
("International Committee of the Red Cross","org","neg_famous"),
("Médecins Sans Frontières","org","neg_famous"),
("Amnesty International","org","neg_famous"),
("Microsoft Corporation","org","neg_famous"),
("Toyota Motor Corporation","org","neg_famous"),
("Samsung Electronics","org","neg_famous"),
("Deutsche Bank","org","neg_famous"),
("Al Jazeera Media Network","org","neg_famous"),
("Korean Air","org","neg_famous"),
("Hyundai Motor Company","org","neg_famous"),
("African Union","org","neg_famous"),
("Al-Azhar University","org","neg_famous"),
("Qatar Airways","org","neg_famous"),
("Aga Khan Development Network","org","neg_famous"),
# --- neg_near: share tokens with listed names but are different people / organisations
("Mohammad Hassan Karimi","person","neg_near"),
("Abdul Rahman Siddiqui","person","neg_near"),
("Ryu Hyun-jin","person","neg_near"),
("Pak Se-ri","person","neg_near"),
("Jang Dong-gun","person","neg_near"),
("Han Ji-min","person","neg_near"),
("Ko Jin-young","person","neg_near"),
("Tariq Ramadan","person","neg_near"),
("Uday Kotak","person","neg_near"),
("Babar Azam","person","neg_near"),
("Wasim Akram","person","neg_near"),
("Ahmet Yilmaz","person","neg_near"),
("Hassan Nasser Khalil","person","neg_near"),
("Ali Reza Karimi","person","neg_near"),
("Yasmin Ahmed Farouk","person","neg_near"),
("Karim Benzema","person","neg_near"),
("Riyad Mahrez","person","neg_near"),
("Sami Khedira","person","neg_near"),
("Hakim Ziyech","person","neg_near"),
("Achraf Hakimi","person","neg_near"),
("Mesut Özil","person","neg_near"),
("Yusuf Islam","person","neg_near"),
("Kamel Daoud","person","neg_near"),
("Tahar Ben Jelloun","person","neg_near"),
("Nasser Hussain","person","neg_near"),
("Moeen Ali","person","neg_near"),
("Hamza Choudhury","person","neg_near"),
("Korea Development Bank","org","neg_near"),
("Korea Electric Power Corporation","org","neg_near"),
("Korea Trade-Investment Promotion Agency","org","neg_near"),
("Korea Maritime Institute","org","neg_near"),
("Ocean Network Express","org","neg_near"),
("HMM Co Ltd","org","neg_near"),
("Organisation of Islamic Cooperation","org","neg_near"),
("Islamic Development Bank","org","neg_near"),
("National Oil Corporation","org","neg_near"),
("Central Bank of Libya","org","neg_near"),
("Bank for Foreign Trade of Vietnam","org","neg_near"),
("Dongfeng Motor Corporation","org","neg_near"),
("Weihai Commercial Bank","org","neg_near"),
("Hongkong Electric Company","org","neg_near"),
("Great Lakes Airlines","org","neg_near"),
("Uganda Commercial Bank","org","neg_near"),
("Roshan Telecom","org","neg_near"),
("Alfa Laval","org","neg_near"),
("Daesung Industrial","org","neg_near"),
("Jamia Millia Islamia","org","neg_near"),
("Ansar Burney Trust","org","neg_near"),
("Shanghai International Port Group","org","neg_near"),
("Bank of East Asia","org","neg_near"),
("Chongqing Changan Automobile","org","neg_near"),
("First Abu Dhabi Bank","org","neg_near"),
("Korea Zinc","org","neg_near"),
# --- neg_common: ordinary names from many cultures
("John Smith","person","neg_common"),
("Sarah Johnson","person","neg_common"),
("Michael Brown","person","neg_common"),
("Emily Davies","person","neg_common"),
("María García López","person","neg_common"),
("José Rodríguez","person","neg_common"),
("Ana Souza","person","neg_common"),
("João Pereira","person","neg_common"),
("Marie Dubois","person","neg_common"),
("Jean Martin","person","neg_common"),
("Pierre Lefèvre","person","neg_common"),
("Anna Schmidt","person","neg_common"),
("Lukas Weber","person","neg_common"),
("Giulia Rossi","person","neg_common"),
("Marco Bianchi","person","neg_common"),
("Olga Ivanova","person","neg_common"),
("Dmitry Smirnov","person","neg_common"),
("Katarzyna Nowak","person","neg_common"),
("Lars Nilsson","person","neg_common"),
("Mehmet Demir","person","neg_common"),
("Ayşe Kaya","person","neg_common"),
("Layla Haddad","person","neg_common"),
("Youssef El Amrani","person","neg_common"),
("Maryam Hosseini","person","neg_common"),
("Priya Sharma","person","neg_common"),
("Rahul Verma","person","neg_common"),
("Anil Kumar","person","neg_common"),
("Wang Fang","person","neg_common"),
("Zhang Wei","person","neg_common"),
("Liu Yang","person","neg_common"),
("Chen Jing","person","neg_common"),
("Hiroshi Tanaka","person","neg_common"),
("Yuki Sato","person","neg_common"),
("Kim Min-jun","person","neg_common"),
("Lee Seo-yeon","person","neg_common"),
("Park Ji-hoon","person","neg_common"),
("Nguyen Van Anh","person","neg_common"),
("Tran Thi Mai","person","neg_common"),
("Somchai Srisuk","person","neg_common"),
("Siti Rahayu","person","neg_common"),
("Budi Santoso","person","neg_common"),
("Juan dela Cruz","person","neg_common"),
("Chinedu Okafor","person","neg_common"),
("Ngozi Eze","person","neg_common"),
("Kwame Mensah","person","neg_common"),
("Amina Bello","person","neg_common"),
("Tendai Moyo","person","neg_common"),
("Wanjiru Kamau","person","neg_common"),
("Abebe Bekele","person","neg_common"),
("Mamadou Diallo","person","neg_common"),
("Aminata Traoré","person","neg_common"),
("Sipho Nkosi","person","neg_common"),
("Fatuma Hassan Abdi","person","neg_common"),
("Daniela Popescu","person","neg_common"),
("Nikos Papadopoulos","person","neg_common"),
("Aroha Ngata","person","neg_common"),
("Jennifer Wilson","person","neg_common"),
]

# ---------------------------------------------------------------------------
# Generated positives
# ---------------------------------------------------------------------------
SEED = 20240985
PER_CATEGORY = 25
GEN_CATEGORIES = ["gen_order", "gen_punct", "gen_typo", "gen_case", "gen_drop", "gen_diacritics"]


def clean(s):
    return re.sub(r"\s+", " ", s or "").strip()


def load_records(path):
    root = ET.parse(path).getroot()
    recs = []
    for kind, xp, atag in (("person", "INDIVIDUALS/INDIVIDUAL", "INDIVIDUAL_ALIAS"),
                           ("org", "ENTITIES/ENTITY", "ENTITY_ALIAS")):
        for e in root.findall(xp):
            parts = [clean(e.findtext(t)) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            aliases = [clean(a.findtext("ALIAS_NAME")) for a in e.findall(atag)]
            recs.append({
                "kind": kind,
                "ref": clean(e.findtext("REFERENCE_NUMBER")),
                "list": clean(e.findtext("UN_LIST_TYPE")),
                "name": " ".join(p for p in parts if p),
                "aliases": [a for a in aliases if a],
                "orig": clean(e.findtext("NAME_ORIGINAL_SCRIPT")),
            })
    return recs


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def letters(s):
    return re.sub(r"[^a-z0-9]", "", fold(s))


def skeleton(tok):
    t = re.sub(r"[^a-z]", "", fold(tok))
    if not t:
        return ""
    for a, b in (("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("q", "k"), ("ck", "k"),
                 ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "c"),
                 ("dj", "j"), ("z", "s"), ("w", "u"), ("y", "i")):
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[0] + re.sub(r"[aeiou]", "", t[1:])


PARTICLES = {"al", "el", "bin", "ibn", "ben", "ould", "wa", "ul", "ur", "the", "of", "and",
             "de", "du", "des", "la", "le"}


def skel_tokens(s):
    toks = [t for t in re.split(r"[^a-z0-9]+", re.sub(r"['’‘`ʿʾ]", "", fold(s))) if t]
    return sorted(skeleton(t) for t in toks if t not in PARTICLES and skeleton(t))


def sub_multiset(a, b):
    b = list(b)
    for x in a:
        if x in b:
            b.remove(x)
        else:
            return False
    return True


def base_name(rec):
    n = rec["name"]
    n = re.sub(r"\s*\([^)]*\)", "", n)          # drop parenthesised acronyms
    n = re.sub(r"\s+na$", "", n)                 # stray suffix in one record
    n = n.replace(",", "") if rec["kind"] == "person" else n
    return clean(n)


KEEP_UPPER = {"JV", "DPRK", "KPA", "NGO", "LLC", "AG", "SA", "S.A.", "T.M.G.", "II", "III", "JR", "JR."}
SMALL = {"OF", "THE", "AND", "FOR", "IN", "DE", "DU", "DES", "LA", "LE", "ET", "POUR", "EN", "L’", "WA"}
LOWER_PARTICLES = {"AL", "EL", "BIN", "BEN", "OULD", "IBN"}


def cap_word(w):
    out, up = [], True
    for ch in w.lower():
        if up and ch.isalpha():
            out.append(ch.upper()); up = False
        else:
            out.append(ch)
    return "".join(out)


def title(name, korean=False, org=False):
    toks = name.split(" ")
    res = []
    for i, t in enumerate(toks):
        T = t.upper()
        if T in KEEP_UPPER:
            res.append(T if T not in ("JR", "JR.") else cap_word(t)); continue
        if org and i > 0 and T in SMALL:
            res.append(t.lower()); continue
        if org and 2 <= len(T) <= 4 and T.isalpha() and not re.search(r"[AEIOUY]", T) and T != "LTD":
            res.append(T); continue
        parts = t.split("-")
        newp = []
        for j, p in enumerate(parts):
            P = p.upper()
            if korean and j > 0:
                newp.append(p.lower())
            elif not org and (i > 0 or j > 0) and P in LOWER_PARTICLES:
                newp.append(p.lower())
            else:
                newp.append(cap_word(p))
        res.append("-".join(newp))
    return " ".join(res)


def is_korean(rec):
    return rec["ref"].startswith("KPi")


# -- transformations: each returns a list of candidate variants -------------

NAME_PARTICLES = {"ABU", "ABOU", "ABD", "ABDUL", "ABDEL", "BIN", "BEN", "IBN", "OULD", "AL", "EL",
                  "WA", "NA", "AG", "UL", "UR", "DE", "DEL", "DELOS", "Y", "S.", "JR.", "JR", "III"}


def t_order(rec, tn, rng):
    if rec["kind"] != "person":
        return []
    toks = tn.split(" ")
    if len(toks) < 2:
        return []
    if is_korean(rec):
        given = toks[1:]
        out = [" ".join(given) + " " + toks[0]]
        if len(given) == 2:
            out.append(given[0] + "-" + given[1].lower() + " " + toks[0])
        return out
    # surname = last token, plus a preceding particle (bin Laden, Ag Ghali, Na Bidon)
    k = len(toks) - 1
    while k - 1 > 0 and toks[k - 1].upper() in NAME_PARTICLES:
        k -= 1
    sur, given = toks[k:], toks[:k]
    sur_s = " ".join(sur)
    sur_s = sur_s[0].upper() + sur_s[1:]
    out = [sur_s + ", " + " ".join(given)]
    if len(toks) == 2:
        out.append(sur_s + " " + " ".join(given))
    return out


def t_punct(rec, tn, rng):
    out = []
    if "-" in tn:
        out.append(re.sub(r"-(\w)", lambda m: " " + m.group(1).upper(), tn) if is_korean(rec) else tn.replace("-", " "))
        if is_korean(rec):
            out.append(re.sub(r"-(\w)", lambda m: m.group(1).lower(), tn))
        else:
            out.append(re.sub(r"\b(al|Al|el|El)-", r"\1 ", tn))
    if re.search(r"['’‘]", tn):
        out.append(re.sub(r"['’‘]", "", tn))
        out.append(tn.replace("’", "'").replace("‘", "'") if "’" in tn or "‘" in tn else tn.replace("'", "’"))
    if rec["kind"] == "org":
        if "&" in tn:
            out.append(tn.replace("&", "and"))
        if re.search(r"\bCo\b(?!\.)", tn):
            out.append(re.sub(r"\bCo\b(?!\.)", "Co.", tn))
        if re.search(r"\bCo\.,? Ltd\b", tn):
            out.append(re.sub(r"\bCo\.,? Ltd\b", "Co Ltd", tn))
        if re.search(r"\b(Ltd|Corp)\b(?!\.)", tn):
            out.append(re.sub(r"\b(Ltd|Corp)\b(?!\.)", r"\1.", tn))
        if "." in tn:
            out.append(tn.replace(".", ""))
        if "," in tn:
            out.append(tn.replace(",", ""))
        if re.search(r"\b(Al|al) ", tn):
            out.append(re.sub(r"\b(Al|al) ", r"\1-", tn))
    else:
        toks = tn.split(" ")
        if is_korean(rec) and len(toks) == 3 and "-" not in tn:
            out.append(toks[0] + " " + toks[1] + "-" + toks[2].lower())
        for i in range(len(toks) - 1):
            if toks[i].upper() in ("ABU", "ABOU", "ABD", "ABDUL", "BIN", "BEN", "AL", "EL", "OULD"):
                out.append(" ".join(toks[:i]) + (" " if i else "") + toks[i] + "-" + " ".join(toks[i + 1:]))
                break
    return [o for o in out if o != tn]


KEYB = {"a": "s", "b": "v", "c": "x", "d": "s", "e": "r", "f": "g", "g": "h", "h": "j", "i": "o",
        "j": "k", "k": "l", "l": "k", "m": "n", "n": "m", "o": "i", "p": "o", "q": "w", "r": "t",
        "s": "d", "t": "r", "u": "y", "v": "b", "w": "e", "x": "z", "y": "u", "z": "x"}


def t_typo(rec, tn, rng):
    toks = tn.split(" ")
    idx = [i for i, t in enumerate(toks) if len(re.sub(r"[^A-Za-z]", "", t)) >= 5 and re.fullmatch(r"[A-Za-z\-]+", t)]
    if not idx:
        return []
    i = rng.choice(idx)
    t = toks[i]
    pos = [p for p in range(1, len(t) - 1) if t[p].isalpha() and t[p - 1].isalpha()]
    if not pos:
        return []
    p = rng.choice(pos)
    op = rng.choice(["sub", "del", "swap", "dup"])
    if op == "sub":
        c = t[p].lower()
        new = t[:p] + KEYB.get(c, c) + t[p + 1:]
    elif op == "del":
        new = t[:p] + t[p + 1:]
    elif op == "swap" and t[p + 1].isalpha() and t[p] != t[p + 1]:
        new = t[:p] + t[p + 1] + t[p] + t[p + 2:]
    else:
        new = t[:p] + t[p] + t[p:]
    if new == t:
        return []
    toks = toks[:i] + [new] + toks[i + 1:]
    return [" ".join(toks)]


def t_case(rec, tn, rng):
    toks = tn.split(" ")
    out = [tn.lower(), tn.swapcase()]
    if rec["kind"] == "person" and len(toks) >= 2:
        if is_korean(rec):
            out.append(toks[0].upper() + " " + " ".join(toks[1:]))
        else:
            out.append(" ".join(toks[:-1]) + " " + toks[-1].upper())
    if rec["name"] != rec["name"].upper():
        out.append(tn.upper())
    return out


GENERIC = {"CORPORATION", "COMPANY", "CO", "CO.", "LTD", "LTD.", "LIMITED", "GENERAL", "TRADING",
           "INTERNATIONAL", "GROUP", "CORP", "CORP."}


def t_drop(rec, tn, rng):
    toks = tn.split(" ")
    out = []
    if rec["kind"] == "org":
        for i, t in enumerate(toks):
            if i > 0 and t.upper().strip(",") in GENERIC and len(toks) >= 3 and toks[i - 1].upper() != "AND":
                rest = toks[:i] + toks[i + 1:]
                if rest[-1].upper() in ("GENERAL", "AND", "OF", "THE", "FOR"):
                    continue
                out.append(" ".join(rest).replace(" ,", ","))
        return out
    if is_korean(rec) or len(toks) < 3 or len(toks[0]) < 3:
        return []
    for i in range(1, len(toks) - 1):
        if toks[i].upper() in NAME_PARTICLES or toks[i - 1].upper() in NAME_PARTICLES:
            continue
        if toks[i].upper() in ("JAN", "ULLAH", "UDDIN", "DIN", "SAHIB"):
            continue
        out.append(" ".join(toks[:i] + toks[i + 1:]))
    return out


KOREAN_SYLL = {"chol": "chŏl", "song": "sŏng", "jong": "jŏng", "myong": "myŏng", "hyok": "hyŏk",
               "kyong": "kyŏng", "hyon": "hyŏn", "pyong": "pyŏng", "chon": "chŏn", "sok": "sŏk",
               "yon": "yŏn", "won": "wŏn", "un": "ŭn", "gon": "gŏn", "bong": "bŏng", "pom": "pŏm",
               "mun": "mun", "kuk": "kuk"}
MACRON = {"a": "ā", "i": "ī", "u": "ū", "A": "Ā", "I": "Ī", "U": "Ū"}
FRENCH_WORDS = {"democratiques": "démocratiques", "liberation": "libération", "aerienne": "aérienne",
                "developpement": "développement", "etat": "état", "federation": "fédération"}
FRANCOPHONE = {"DRC", "CAR", "Haiti", "GB"}
ARABIC_LISTS = {"Taliban", "Iraq", "Yemen", "Libya", "Sudan"}


def t_diacritics(rec, tn, rng):
    if fold(tn) != tn.lower():
        return [unicodedata.normalize("NFKD", tn).encode("ascii", "ignore").decode() if
                all(ord(c) < 0x250 for c in tn) else "".join(
                    c for c in unicodedata.normalize("NFKD", tn) if not unicodedata.combining(c))]
    toks = tn.split(" ")
    if rec["kind"] == "org":
        new = [FRENCH_WORDS.get(t.lower(), None) for t in toks]
        if any(new):
            return [" ".join((n[0].upper() + n[1:] if t[0].isupper() else n) if n else t
                             for t, n in zip(toks, new))]
        return []
    if is_korean(rec):
        res, changed = [], False
        for t in toks:
            parts = t.split("-")
            np_ = []
            for p in parts:
                rep = KOREAN_SYLL.get(p.lower())
                if rep and rep != p.lower():
                    rep = rep[0].upper() + rep[1:] if p[0].isupper() else rep
                    np_.append(rep); changed = True
                else:
                    np_.append(p)
            res.append("-".join(np_))
        return [" ".join(res)] if changed else []
    if rec["list"] in FRANCOPHONE:
        cands = [(i, m.start()) for i, t in enumerate(toks) for m in re.finditer("e", t)
                 if 0 < m.start() < len(t) - 2 and t[m.start() - 1].lower() not in "aeiou"
                 and t[m.start() + 1].lower() not in "aeiouh" and t[m.start() + 2].lower() in "aeiouy"]
        if cands:
            i, p = rng.choice(cands)
            t = toks[i]
            toks = toks[:i] + [t[:p] + rng.choice("éè") + t[p + 1:]] + toks[i + 1:]
            return [" ".join(toks)]
        return []
    # Arabic/Persian/Pashto style scholarly transliteration: macrons, dotted h
    arabic_script = re.search(r"[\u0600-\u06FF]", rec.get("orig", ""))
    if not (arabic_script or rec["list"] in ARABIC_LISTS):
        return []
    cands = [(i, p) for i, t in enumerate(toks) for p in range(1, len(t) - 1)
             if t[p] in "aiu" and t[p - 1].isalpha() and t[p - 1].lower() not in "aeiou"
             and t[p + 1].lower() not in "aeiou'’‘-"]
    if not cands:
        return []
    picks = rng.sample(cands, min(2, len(cands)))
    toks = list(toks)
    for i, p in sorted(picks, key=lambda x: (x[0], -x[1])):
        t = toks[i]
        toks[i] = t[:p] + MACRON[t[p]] + t[p + 1:]
    out = " ".join(toks)
    out = re.sub(r"\b(Mu|Mo|A)h(m|a)", lambda m: m.group(1) + "ḥ" + m.group(2), out, count=1)
    return [out]


TRANSFORMS = {"gen_order": t_order, "gen_punct": t_punct, "gen_typo": t_typo,
              "gen_case": t_case, "gen_drop": t_drop, "gen_diacritics": t_diacritics}


def same_letters(cat, a, b):
    la, lb = letters(a), letters(b)
    if cat in ("gen_punct", "gen_case", "gen_diacritics"):
        return la == lb
    if cat == "gen_order":
        return sorted(la) == sorted(lb)
    return True


def generate(records, taken):
    rng = random.Random(SEED)
    by_ref = {r["ref"]: r for r in records}
    skel_index = [(r["ref"], skel_tokens(n)) for r in records for n in [r["name"]] + r["aliases"]]
    dup_refs = {}
    for r in records:
        key = " ".join(skel_tokens(r["name"]))
        dup_refs.setdefault(key, []).append(r["ref"])
    sources = []
    for r in records:
        if ";" in r["name"] or ":" in r["name"] or "/" in r["name"]:
            continue
        if r["ref"].startswith("QDe.1") and "HARAMA" in r["name"].upper():
            continue
        bn = base_name(r)
        if len(bn.split(" ")) < 2 or len(bn) > 60:
            continue
        sources.append(r)
    rows, used = [], {}
    for cat in GEN_CATEGORIES:
        fn = TRANSFORMS[cat]
        cands = {}
        for r in sources:
            tn = title(base_name(r), korean=is_korean(r), org=r["kind"] == "org")
            r_rng = random.Random("%s|%s|%s" % (SEED, cat, r["ref"]))
            for v in fn(r, tn, r_rng):
                v = clean(v)
                if not v or v == tn or v.lower() in taken:
                    continue
                if not same_letters(cat, v, tn):
                    continue
                if cat != "gen_case" and any(v.lower() == n.lower() for n in [r["name"]] + r["aliases"]):
                    continue
                vs = skel_tokens(v)
                own = set(dup_refs.get(" ".join(skel_tokens(r["name"])), [r["ref"]])) | {r["ref"]}
                clash = False
                for ref, s in skel_index:
                    if ref in own:
                        continue
                    if vs == s or (cat == "gen_drop" and len(vs) >= 2 and sub_multiset(vs, s)):
                        clash = True
                        break
                if clash:
                    continue
                cands.setdefault(r["list"], []).append((r, v, sorted(own)))
        # allocate PER_CATEGORY picks across regimes, weight ~ sqrt(#candidate records)
        regimes = sorted(cands)
        weights = {g: math.sqrt(len({c[0]["ref"] for c in cands[g]})) for g in regimes}
        tot = sum(weights.values())
        quota = {g: PER_CATEGORY * weights[g] / tot for g in regimes}
        alloc = {g: int(quota[g]) for g in regimes}
        for g in sorted(regimes, key=lambda g: -(quota[g] - alloc[g]))[:PER_CATEGORY - sum(alloc.values())]:
            alloc[g] += 1
        for g in regimes:
            pool = cands[g][:]
            rng.shuffle(pool)
            pool.sort(key=lambda c: used.get(c[0]["ref"], 0))
            picked_refs = set()
            n = 0
            for r, v, refs in pool:
                if n >= alloc[g]:
                    break
                if r["ref"] in picked_refs or v.lower() in taken:
                    continue
                rows.append((v, r["kind"], ";".join(refs), cat))
                taken.add(v.lower())
                picked_refs.add(r["ref"])
                used[r["ref"]] = used.get(r["ref"], 0) + 1
                n += 1
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    xml_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "lists", "un-consolidated-2024-09-26.xml")
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "names.csv")
    records = load_records(xml_path)
    refs = {r["ref"] for r in records}
    taken = {q.lower() for q, *_ in HAND} | {q.lower() for q, *_ in NEGATIVES}
    gen = generate(records, set(taken))
    rows = [(q, k, r, c) for q, k, r, c in HAND] + gen + [(q, k, "", c) for q, k, c in NEGATIVES]
    seen = set()
    for q, k, r, c in rows:
        assert q.lower() not in seen, "duplicate query: " + q
        seen.add(q.lower())
        for ref in filter(None, r.split(";")):
            assert ref in refs, "unknown reference number %s for %s" % (ref, q)
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["query", "kind", "expected_refs", "category"])
        w.writerows(rows)
    counts = {}
    for *_, c in rows:
        counts[c] = counts.get(c, 0) + 1
    for c in sorted(counts):
        print("%-15s %4d" % (c, counts[c]))
    print("%-15s %4d" % ("total", len(rows)))


if __name__ == "__main__":
    main()
