"""Builds ``benchmarks/data/round10_pairs.csv``: labelled cross-script name pairs (issue 18).

Same columns as ``pairs.csv`` (``left,right,kind,same,class``), written before any rule of
round 10 was designed.  ``same`` is 1 when both names are names of one person, organisation
or vessel, 0 when they are not, decided by who or what the names belong to (never by what the
tool scores).  ``class`` is the script and the romanisation system of the left name:

* ``cyr_russian`` / ``cyr_other``: Russian names in Cyrillic; Ukrainian, Belarusian,
  Serbian, Bulgarian and Kazakh names in their own Cyrillic alphabets;
* ``cyr_korean``: Korean names as Russian-language press writes them (the Kontsevich system,
  syllable by syllable: Ким Чен Ын, Чхве Рён Хэ), including names of listed KPi entries;
* ``cyr_chinese``: Chinese names through the Palladius system (Си Цзиньпин);
* ``cyr_japanese``: Japanese names through the Polivanov system (Синдзо Абэ);
* ``cyr_arabic``: Arabic and Persian names as Russian-language press writes them;
* ``cyr_list``, ``arabic_list``, ``han_list``: the list's own original-script names (the
  XML's NAME_ORIGINAL_SCRIPT and "(original script: ...)" aliases) against the entry's
  primary name, and against another entry's primary name sharing a word (negatives);
* ``arabic_press``: Arabic, Persian, Urdu and Pashto names of public figures;
* ``hangul``, ``han_chinese``, ``han_japanese``, ``greek``, ``hebrew``, ``caucasus``
  (Georgian and Armenian): names of public figures, organisations and vessels.

Every class has hard negatives: the same family name with another given name (relatives,
colleagues), the same given name with another family name, related organisations (a
subsidiary, a parent, a bank of the same group), vessels of one owner with another number.
The hand-written rows are names of public figures, companies and ships as their own
countries' and the Russian-, English-language press write them (official sites and
encyclopaedia headwords); the KPi rows render the list's McCune-Reischauer names from their
Hangul by Kontsevich as the Russian press does.  List rows come from the 2024-09-26 list with
a fixed seed, so reruns give the same file.  ``benchmarks/round2_eval.py`` splits the file by
a stable hash into a tuning half and a report half (``round10_half``).

    PYTHONPATH=. python3 benchmarks/make_round10_pairs.py
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sanctions_check.lists.unxml import parse_list  # noqa: E402

LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
OLD_PAIRS = REPO / "benchmarks" / "data" / "pairs.csv"
OUT = REPO / "benchmarks" / "data" / "round10_pairs.csv"
SEED = 10
PER, ORG = "person", "org"

# (left, right, kind, same, class): hand-written, grouped by class
HAND: list[tuple[str, str, str, int, str]] = [
    # --- Russian (Cyrillic) vs English-language press
    ("Владимир Путин", "Vladimir Putin", PER, 1, "cyr_russian"),
    ("Сергей Лавров", "Sergey Lavrov", PER, 1, "cyr_russian"),
    ("Дмитрий Медведев", "Dmitry Medvedev", PER, 1, "cyr_russian"),
    ("Сергей Шойгу", "Sergei Shoigu", PER, 1, "cyr_russian"),
    ("Михаил Мишустин", "Mikhail Mishustin", PER, 1, "cyr_russian"),
    ("Валерий Герасимов", "Valery Gerasimov", PER, 1, "cyr_russian"),
    ("Андрей Белоусов", "Andrei Belousov", PER, 1, "cyr_russian"),
    ("Евгений Пригожин", "Yevgeny Prigozhin", PER, 1, "cyr_russian"),
    ("Алексей Навальный", "Alexei Navalny", PER, 1, "cyr_russian"),
    ("Роман Абрамович", "Roman Abramovich", PER, 1, "cyr_russian"),
    ("Олег Дерипаска", "Oleg Deripaska", PER, 1, "cyr_russian"),
    ("Игорь Сечин", "Igor Sechin", PER, 1, "cyr_russian"),
    ("Эльвира Набиуллина", "Elvira Nabiullina", PER, 1, "cyr_russian"),
    ("Виктор Бут", "Viktor Bout", PER, 1, "cyr_russian"),
    ("Рамзан Кадыров", "Ramzan Kadyrov", PER, 1, "cyr_russian"),
    ("Николай Патрушев", "Nikolai Patrushev", PER, 1, "cyr_russian"),
    ("Мария Захарова", "Maria Zakharova", PER, 1, "cyr_russian"),
    ("Вячеслав Володин", "Vyacheslav Volodin", PER, 1, "cyr_russian"),
    ("Валентина Матвиенко", "Valentina Matviyenko", PER, 1, "cyr_russian"),
    ("Юрий Ушаков", "Yuri Ushakov", PER, 1, "cyr_russian"),
    ("Сергей Лавров", "Sergei Shoigu", PER, 0, "cyr_russian"),
    ("Дмитрий Медведев", "Dmitry Peskov", PER, 0, "cyr_russian"),
    ("Алексей Навальный", "Yulia Navalnaya", PER, 0, "cyr_russian"),
    ("Николай Патрушев", "Dmitry Patrushev", PER, 0, "cyr_russian"),
    ("Рамзан Кадыров", "Akhmad Kadyrov", PER, 0, "cyr_russian"),
    ("Игорь Сечин", "Igor Shuvalov", PER, 0, "cyr_russian"),
    ("Сергей Нарышкин", "Lev Naryshkin", PER, 0, "cyr_russian"),
    ("Юрий Ушаков", "Yuri Trutnev", PER, 0, "cyr_russian"),
    ("Газпром", "Gazprom", ORG, 1, "cyr_russian"),
    ("Роснефть", "Rosneft", ORG, 1, "cyr_russian"),
    ("Сбербанк", "Sberbank", ORG, 1, "cyr_russian"),
    ("Совкомфлот", "Sovcomflot", ORG, 1, "cyr_russian"),
    ("Лукойл", "Lukoil", ORG, 1, "cyr_russian"),
    ("Транснефть", "Transneft", ORG, 1, "cyr_russian"),
    ("Росатом", "Rosatom", ORG, 1, "cyr_russian"),
    ("Уралвагонзавод", "Uralvagonzavod", ORG, 1, "cyr_russian"),
    ("АО Алмаз-Антей", "Almaz-Antey JSC", ORG, 1, "cyr_russian"),
    ("ПАО Аэрофлот", "Aeroflot PJSC", ORG, 1, "cyr_russian"),
    ("Газпром", "Gazprom Neft", ORG, 0, "cyr_russian"),
    ("Газпром", "Gazprombank", ORG, 0, "cyr_russian"),
    ("Роснефть", "Rosneftegaz", ORG, 0, "cyr_russian"),
    ("Совкомфлот", "Sovcombank", ORG, 0, "cyr_russian"),
    ("Транснефть", "Transgaz", ORG, 0, "cyr_russian"),
    ("Адмирал Кузнецов", "Admiral Kuznetsov", ORG, 1, "cyr_russian"),
    ("Академик Черский", "Akademik Cherskiy", ORG, 1, "cyr_russian"),
    ("Адмирал Кузнецов", "Admiral Nakhimov", ORG, 0, "cyr_russian"),
    ("Академик Черский", "Akademik Gubkin", ORG, 0, "cyr_russian"),
    # --- Ukrainian, Belarusian, Serbian, Bulgarian, Kazakh Cyrillic
    ("Володимир Зеленський", "Volodymyr Zelenskyy", PER, 1, "cyr_other"),
    ("Петро Порошенко", "Petro Poroshenko", PER, 1, "cyr_other"),
    ("Юлія Тимошенко", "Yulia Tymoshenko", PER, 1, "cyr_other"),
    ("Віктор Янукович", "Viktor Yanukovych", PER, 1, "cyr_other"),
    ("Дмитро Кулеба", "Dmytro Kuleba", PER, 1, "cyr_other"),
    ("Андрій Єрмак", "Andriy Yermak", PER, 1, "cyr_other"),
    ("Віталій Кличко", "Vitali Klitschko", PER, 1, "cyr_other"),
    ("Валерій Залужний", "Valerii Zaluzhnyi", PER, 1, "cyr_other"),
    ("Олександр Сирський", "Oleksandr Syrskyi", PER, 1, "cyr_other"),
    ("Кирило Буданов", "Kyrylo Budanov", PER, 1, "cyr_other"),
    ("Ігор Коломойський", "Ihor Kolomoisky", PER, 1, "cyr_other"),
    ("Віталій Кличко", "Wladimir Klitschko", PER, 0, "cyr_other"),
    ("Віктор Янукович", "Viktor Yushchenko", PER, 0, "cyr_other"),
    ("Дмитро Кулеба", "Dmytro Firtash", PER, 0, "cyr_other"),
    ("Аляксандр Лукашэнка", "Alexander Lukashenko", PER, 1, "cyr_other"),
    ("Аляксандр Лукашэнка", "Aliaksandr Lukashenka", PER, 1, "cyr_other"),
    ("Святлана Ціханоўская", "Sviatlana Tsikhanouskaya", PER, 1, "cyr_other"),
    ("Марыя Калеснікава", "Maria Kalesnikava", PER, 1, "cyr_other"),
    ("Раман Пратасевіч", "Raman Pratasevich", PER, 1, "cyr_other"),
    ("Святлана Ціханоўская", "Siarhei Tsikhanouski", PER, 0, "cyr_other"),
    ("Аляксандр Лукашэнка", "Viktar Lukashenka", PER, 0, "cyr_other"),
    ("Александар Вучић", "Aleksandar Vučić", PER, 1, "cyr_other"),
    ("Ивица Дачић", "Ivica Dacic", PER, 1, "cyr_other"),
    ("Слободан Милошевић", "Slobodan Milosevic", PER, 1, "cyr_other"),
    ("Ратко Младић", "Ratko Mladic", PER, 1, "cyr_other"),
    ("Радован Караџић", "Radovan Karadzic", PER, 1, "cyr_other"),
    ("Милорад Додик", "Milorad Dodik", PER, 1, "cyr_other"),
    ("Зоран Ђинђић", "Zoran Djindjic", PER, 1, "cyr_other"),
    ("Александар Вучић", "Andrej Vucic", PER, 0, "cyr_other"),
    ("Слободан Милошевић", "Marko Milosevic", PER, 0, "cyr_other"),
    ("Румен Радев", "Rumen Radev", PER, 1, "cyr_other"),
    ("Бойко Борисов", "Boyko Borisov", PER, 1, "cyr_other"),
    ("Тодор Живков", "Todor Zhivkov", PER, 1, "cyr_other"),
    ("Делян Пеевски", "Delyan Peevski", PER, 1, "cyr_other"),
    ("Георги Първанов", "Georgi Parvanov", PER, 1, "cyr_other"),
    ("Румен Радев", "Rumen Petkov", PER, 0, "cyr_other"),
    ("Кирил Петков", "Kiril Domuschiev", PER, 0, "cyr_other"),
    ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev", PER, 1, "cyr_other"),
    ("Нұрсұлтан Назарбаев", "Nursultan Nazarbayev", PER, 1, "cyr_other"),
    ("Әлихан Смайылов", "Alikhan Smailov", PER, 1, "cyr_other"),
    ("Олжас Бектенов", "Olzhas Bektenov", PER, 1, "cyr_other"),
    ("Нұрсұлтан Назарбаев", "Dariga Nazarbayeva", PER, 0, "cyr_other"),
    ("Нафтогаз України", "Naftogaz of Ukraine", ORG, 1, "cyr_other"),
    ("Укрнафта", "Ukrnafta", ORG, 1, "cyr_other"),
    ("Енергоатом", "Energoatom", ORG, 1, "cyr_other"),
    ("Беларуськалій", "Belaruskali", ORG, 1, "cyr_other"),
    ("Укрнафта", "Ukrtatnafta", ORG, 0, "cyr_other"),
    # --- Korean names through the Kontsevich system (Russian-language press)
    ("Ким Чен Ын", "Kim Jong Un", PER, 1, "cyr_korean"),
    ("Ким Чен Ир", "Kim Jong Il", PER, 1, "cyr_korean"),
    ("Ким Ир Сен", "Kim Il Sung", PER, 1, "cyr_korean"),
    ("Ким Ё Чжон", "Kim Yo Jong", PER, 1, "cyr_korean"),
    ("Чхве Рён Хэ", "Choe Ryong Hae", PER, 1, "cyr_korean"),
    ("Пак Пон Чжу", "Pak Pong Ju", PER, 1, "cyr_korean"),
    ("Ким Ён Нам", "Kim Yong Nam", PER, 1, "cyr_korean"),
    ("Ли Ён Хо", "Ri Yong Ho", PER, 1, "cyr_korean"),
    ("Чхве Сон Хи", "Choe Son Hui", PER, 1, "cyr_korean"),
    ("Хён Сон Воль", "Hyon Song Wol", PER, 1, "cyr_korean"),
    ("Чан Сон Тхэк", "Jang Song Thaek", PER, 1, "cyr_korean"),
    ("Ким Док Хун", "Kim Tok Hun", PER, 1, "cyr_korean"),
    ("Пак Чон Чхон", "Pak Jong Chon", PER, 1, "cyr_korean"),
    ("Ли Сон Гвон", "Ri Son Gwon", PER, 1, "cyr_korean"),
    ("Мун Чжэ Ин", "Moon Jae-in", PER, 1, "cyr_korean"),
    ("Юн Сок Ёль", "Yoon Suk-yeol", PER, 1, "cyr_korean"),
    ("Ли Чжэ Мён", "Lee Jae-myung", PER, 1, "cyr_korean"),
    ("Пак Кын Хе", "Park Geun-hye", PER, 1, "cyr_korean"),
    ("Ли Мён Бак", "Lee Myung-bak", PER, 1, "cyr_korean"),
    ("Но Му Хён", "Roh Moo-hyun", PER, 1, "cyr_korean"),
    ("Ким Дэ Чжун", "Kim Dae-jung", PER, 1, "cyr_korean"),
    ("Пан Ги Мун", "Ban Ki-moon", PER, 1, "cyr_korean"),
    ("Хан Док Су", "Han Duck-soo", PER, 1, "cyr_korean"),
    # listed KPi entries (their Hangul through Kontsevich, as the Russian press writes them)
    ("Ким Сок Чхоль", "KIM SOK CHOL", PER, 1, "cyr_korean"),
    ("Ли Бён Чхоль", "RI PYONG CHUL", PER, 1, "cyr_korean"),
    ("Чхве Чхун Сик", "CHOE CHUN-SIK", PER, 1, "cyr_korean"),
    ("Пэк Се Бон", "PAEK SE BONG", PER, 1, "cyr_korean"),
    ("Чо Ён Вон", "JO YONG-WON", PER, 1, "cyr_korean"),
    ("Ким Ён Чхоль", "KIM YONG CHOL", PER, 1, "cyr_korean"),
    ("Ли Су Ён", "RI SU YONG", PER, 1, "cyr_korean"),
    ("Пак То Чхун", "PAK TO CHUN", PER, 1, "cyr_korean"),
    ("Чан Сон Чхоль", "JANG SONG CHOL", PER, 1, "cyr_korean"),
    ("Хан Ю Ро", "HAN YU-RO", PER, 1, "cyr_korean"),
    ("Ли Чже Сон", "RI JE-SON", PER, 1, "cyr_korean"),
    ("Юн Хо Чжин", "YUN HO-JIN", PER, 1, "cyr_korean"),
    ("Чан Мён Чжин", "CHANG MYONG-CHIN", PER, 1, "cyr_korean"),
    ("Хван Сок Хва", "HWANG SOK-HWA", PER, 1, "cyr_korean"),
    ("Ли Хон Соп", "RI HONG-SOP", PER, 1, "cyr_korean"),
    ("Ким Кван Иль", "KIM KWANG-IL", PER, 1, "cyr_korean"),
    ("Чхве Сон Иль", "CHOE SONG IL", PER, 1, "cyr_korean"),
    ("Хён Кван Иль", "HYON KWANG IL", PER, 1, "cyr_korean"),
    ("Чан Бом Су", "JANG BOM SU", PER, 1, "cyr_korean"),
    ("Чон Мён Гук", "JON MYONG GUK", PER, 1, "cyr_korean"),
    ("Кан Мун Гиль", "KANG MUN KIL", PER, 1, "cyr_korean"),
    ("Рю Чжин", "RYU JIN", PER, 1, "cyr_korean"),
    ("Пак Чхун Иль", "PAK CHUN IL", PER, 1, "cyr_korean"),
    ("Ли Вон Хо", "RI WON HO", PER, 1, "cyr_korean"),
    ("Сон Чон Хёк", "SON JONG HYOK", PER, 1, "cyr_korean"),
    ("Ким Чхоль Нам", "KIM CHOL NAM", PER, 1, "cyr_korean"),
    ("Мин Бён Чхоль", "MIN BYONG CHOL", PER, 1, "cyr_korean"),
    ("Пак Хан Се", "PAK HAN SE", PER, 1, "cyr_korean"),
    ("Ли Ён Му", "RI YONG MU", PER, 1, "cyr_korean"),
    ("Ли Ман Гон", "RI MAN GON", PER, 1, "cyr_korean"),
    ("Чо Чхоль Сон", "JO CHOL SONG", PER, 1, "cyr_korean"),
    ("Ким Мун Чхоль", "KIM MUN CHOL", PER, 1, "cyr_korean"),
    ("Чхве Хви", "CHOE HWI", PER, 1, "cyr_korean"),
    ("Ким Гён Ок", "KIM KYONG OK", PER, 1, "cyr_korean"),
    ("Ли Чхун Хван", "RI CHUN HWAN", PER, 1, "cyr_korean"),
    ("Ким Чен Ын", "Kim Jong Il", PER, 0, "cyr_korean"),
    ("Ким Ё Чжон", "Kim Jong Un", PER, 0, "cyr_korean"),
    ("Чхве Рён Хэ", "Choe Son Hui", PER, 0, "cyr_korean"),
    ("Пак Кын Хе", "Park Chung-hee", PER, 0, "cyr_korean"),
    ("Ким Дэ Чжун", "Kim Young-sam", PER, 0, "cyr_korean"),
    ("Ли Мён Бак", "Lee Jae-myung", PER, 0, "cyr_korean"),
    ("Ким Сок Чхоль", "KIM SONG CHOL", PER, 0, "cyr_korean"),
    ("Ли Бён Чхоль", "MIN BYONG CHOL", PER, 0, "cyr_korean"),
    ("Чхве Чхун Сик", "CHOE CHUN YONG", PER, 0, "cyr_korean"),
    ("Ли Су Ён", "RI YONG MU", PER, 0, "cyr_korean"),
    ("Ким Чхоль Нам", "KIM CHOL SAM", PER, 0, "cyr_korean"),
    ("Пак Чхун Иль", "PAK MUN IL", PER, 0, "cyr_korean"),
    ("Чан Сон Чхоль", "JANG SUNG NAM", PER, 0, "cyr_korean"),
    ("Ким Кван Иль", "HYON KWANG IL", PER, 0, "cyr_korean"),
    ("Чо Чхоль Сон", "JO YONG CHOL", PER, 0, "cyr_korean"),
    ("Ким Мун Чхоль", "KIM TONG CHOL", PER, 0, "cyr_korean"),
    ("Ким Гён Ок", "KIM KYONG IL", PER, 0, "cyr_korean"),
    ("Ли Чхун Хван", "RI CHUN SONG", PER, 0, "cyr_korean"),
    ("Чхонмасан", "CHON MA SAN", ORG, 1, "cyr_korean"),
    ("Тонсан 2", "TONG SAN 2", ORG, 1, "cyr_korean"),
    ("Тонсан 2", "TONG SAN 3", ORG, 0, "cyr_korean"),
    # --- Chinese names through the Palladius system
    ("Си Цзиньпин", "Xi Jinping", PER, 1, "cyr_chinese"),
    ("Ли Цян", "Li Qiang", PER, 1, "cyr_chinese"),
    ("Ху Цзиньтао", "Hu Jintao", PER, 1, "cyr_chinese"),
    ("Цзян Цзэминь", "Jiang Zemin", PER, 1, "cyr_chinese"),
    ("Мао Цзэдун", "Mao Zedong", PER, 1, "cyr_chinese"),
    ("Дэн Сяопин", "Deng Xiaoping", PER, 1, "cyr_chinese"),
    ("Ван И", "Wang Yi", PER, 1, "cyr_chinese"),
    ("Чжоу Эньлай", "Zhou Enlai", PER, 1, "cyr_chinese"),
    ("Ли Кэцян", "Li Keqiang", PER, 1, "cyr_chinese"),
    ("Вэнь Цзябао", "Wen Jiabao", PER, 1, "cyr_chinese"),
    ("Чжао Лэцзи", "Zhao Leji", PER, 1, "cyr_chinese"),
    ("Ван Хунин", "Wang Huning", PER, 1, "cyr_chinese"),
    ("Цай Ци", "Cai Qi", PER, 1, "cyr_chinese"),
    ("Дин Сюэсян", "Ding Xuexiang", PER, 1, "cyr_chinese"),
    ("Цинь Ган", "Qin Gang", PER, 1, "cyr_chinese"),
    ("Хань Чжэн", "Han Zheng", PER, 1, "cyr_chinese"),
    ("Ван Цишань", "Wang Qishan", PER, 1, "cyr_chinese"),
    ("Чжу Жунцзи", "Zhu Rongji", PER, 1, "cyr_chinese"),
    ("Лю Шаоци", "Liu Shaoqi", PER, 1, "cyr_chinese"),
    ("Ху Яобан", "Hu Yaobang", PER, 1, "cyr_chinese"),
    ("Чжао Цзыян", "Zhao Ziyang", PER, 1, "cyr_chinese"),
    ("Дун Цзюнь", "Dong Jun", PER, 1, "cyr_chinese"),
    ("Ли Шанфу", "Li Shangfu", PER, 1, "cyr_chinese"),
    ("Ли Цян", "Li Keqiang", PER, 0, "cyr_chinese"),
    ("Си Цзиньпин", "Xi Zhongxun", PER, 0, "cyr_chinese"),
    ("Ван И", "Wang Yang", PER, 0, "cyr_chinese"),
    ("Ху Цзиньтао", "Hu Chunhua", PER, 0, "cyr_chinese"),
    ("Мао Цзэдун", "Mao Anying", PER, 0, "cyr_chinese"),
    ("Чжао Лэцзи", "Zhao Ziyang", PER, 0, "cyr_chinese"),
    ("Ли Шанфу", "Li Peng", PER, 0, "cyr_chinese"),
    ("Хуавэй", "Huawei", ORG, 1, "cyr_chinese"),
    ("Синьхуа", "Xinhua", ORG, 1, "cyr_chinese"),
    ("Ваньхэн 11", "WAN HENG 11", ORG, 1, "cyr_chinese"),
    # --- Japanese names through the Polivanov system
    ("Синдзо Абэ", "Shinzo Abe", PER, 1, "cyr_japanese"),
    ("Фумио Кисида", "Fumio Kishida", PER, 1, "cyr_japanese"),
    ("Ёсихидэ Суга", "Yoshihide Suga", PER, 1, "cyr_japanese"),
    ("Сигэру Исиба", "Shigeru Ishiba", PER, 1, "cyr_japanese"),
    ("Санаэ Такаити", "Sanae Takaichi", PER, 1, "cyr_japanese"),
    ("Дзюнъитиро Коидзуми", "Junichiro Koizumi", PER, 1, "cyr_japanese"),
    ("Таро Асо", "Taro Aso", PER, 1, "cyr_japanese"),
    ("Ёсимаса Хаяси", "Yoshimasa Hayashi", PER, 1, "cyr_japanese"),
    ("Сёко Асахара", "Shoko Asahara", PER, 1, "cyr_japanese"),
    ("Аум Синрикё", "Aum Shinrikyo", ORG, 1, "cyr_japanese"),
    ("Мицубиси", "Mitsubishi", ORG, 1, "cyr_japanese"),
    ("Хитати", "Hitachi", ORG, 1, "cyr_japanese"),
    ("Синдзо Абэ", "Akie Abe", PER, 0, "cyr_japanese"),
    ("Таро Асо", "Taro Kono", PER, 0, "cyr_japanese"),
    ("Ёсихидэ Суга", "Yoshihiko Noda", PER, 0, "cyr_japanese"),
    ("Фумио Кисида", "Nobuo Kishi", PER, 0, "cyr_japanese"),
    # --- Arabic and Persian names in Russian-language press
    ("Усама бен Ладен", "Osama bin Laden", PER, 1, "cyr_arabic"),
    ("Айман аз-Завахири", "Ayman al-Zawahiri", PER, 1, "cyr_arabic"),
    ("Абу Бакр аль-Багдади", "Abu Bakr al-Baghdadi", PER, 1, "cyr_arabic"),
    ("Хасан Насралла", "Hassan Nasrallah", PER, 1, "cyr_arabic"),
    ("Башар Асад", "Bashar al-Assad", PER, 1, "cyr_arabic"),
    ("Муаммар Каддафи", "Muammar Gaddafi", PER, 1, "cyr_arabic"),
    ("Саддам Хусейн", "Saddam Hussein", PER, 1, "cyr_arabic"),
    ("Махмуд Аббас", "Mahmoud Abbas", PER, 1, "cyr_arabic"),
    ("Исмаил Хания", "Ismail Haniyeh", PER, 1, "cyr_arabic"),
    ("Яхья Синвар", "Yahya Sinwar", PER, 1, "cyr_arabic"),
    ("Али Хаменеи", "Ali Khamenei", PER, 1, "cyr_arabic"),
    ("Махмуд Ахмадинежад", "Mahmoud Ahmadinejad", PER, 1, "cyr_arabic"),
    ("Хасан Рухани", "Hassan Rouhani", PER, 1, "cyr_arabic"),
    ("Мохаммед бин Салман", "Mohammed bin Salman", PER, 1, "cyr_arabic"),
    ("Абу Мухаммад аль-Джулани", "Abu Mohammed al-Jawlani", PER, 1, "cyr_arabic"),
    ("Абдель Малик аль-Хуси", "ABDULMALIK AL-HOUTHI", PER, 1, "cyr_arabic"),
    ("Хайбатулла Ахундзада", "Haibatullah Akhundzada", PER, 1, "cyr_arabic"),
    ("Сираджуддин Хаккани", "SIRAJUDDIN JALLALOUDINE HAQQANI", PER, 1, "cyr_arabic"),
    ("Хафез Асад", "Bashar al-Assad", PER, 0, "cyr_arabic"),
    ("Махмуд Аббас", "Mahmoud Ahmadinejad", PER, 0, "cyr_arabic"),
    ("Хасан Насралла", "Hassan Rouhani", PER, 0, "cyr_arabic"),
    ("Мохаммед бин Салман", "Salman bin Abdulaziz", PER, 0, "cyr_arabic"),
    ("Сираджуддин Хаккани", "Jalaluddin Haqqani", PER, 0, "cyr_arabic"),
    ("Абу Бакр аль-Багдади", "Abu Omar al-Baghdadi", PER, 0, "cyr_arabic"),
    ("Хезболла", "Hizballah", ORG, 1, "cyr_arabic"),
    ("Хамас", "Hamas", ORG, 1, "cyr_arabic"),
    ("Аль-Каида", "Al-Qaida", ORG, 1, "cyr_arabic"),
    ("Аш-Шабаб", "Al-Shabaab", ORG, 1, "cyr_arabic"),
    ("Хайят Тахрир аш-Шам", "Hay'at Tahrir al-Sham", ORG, 1, "cyr_arabic"),
    ("Аль-Каида", "Al-Qaida in the Arabian Peninsula", ORG, 0, "cyr_arabic"),
    ("Хезболла", "Hizb ut-Tahrir", ORG, 0, "cyr_arabic"),
    # --- Arabic, Persian, Urdu, Pashto script: public figures and organisations
    ("أسامة بن لادن", "Osama bin Laden", PER, 1, "arabic_press"),
    ("أيمن الظواهري", "Ayman al-Zawahiri", PER, 1, "arabic_press"),
    ("أبو بكر البغدادي", "Abu Bakr al-Baghdadi", PER, 1, "arabic_press"),
    ("حسن نصر الله", "Hassan Nasrallah", PER, 1, "arabic_press"),
    ("بشار الأسد", "Bashar al-Assad", PER, 1, "arabic_press"),
    ("معمر القذافي", "Muammar Gaddafi", PER, 1, "arabic_press"),
    ("صدام حسين", "Saddam Hussein", PER, 1, "arabic_press"),
    ("محمود عباس", "Mahmoud Abbas", PER, 1, "arabic_press"),
    ("إسماعيل هنية", "Ismail Haniyeh", PER, 1, "arabic_press"),
    ("يحيى السنوار", "Yahya Sinwar", PER, 1, "arabic_press"),
    ("محمد بن سلمان", "Mohammed bin Salman", PER, 1, "arabic_press"),
    ("عبد الملك الحوثي", "Abdulmalik al-Houthi", PER, 1, "arabic_press"),
    ("أبو محمد الجولاني", "Abu Mohammad al-Julani", PER, 1, "arabic_press"),
    ("علی خامنه‌ای", "Ali Khamenei", PER, 1, "arabic_press"),
    ("حسن روحانی", "Hassan Rouhani", PER, 1, "arabic_press"),
    ("ابراهیم رئیسی", "Ebrahim Raisi", PER, 1, "arabic_press"),
    ("محمدجواد ظریف", "Mohammad Javad Zarif", PER, 1, "arabic_press"),
    ("قاسم سلیمانی", "Qasem Soleimani", PER, 1, "arabic_press"),
    ("مسعود پزشکیان", "Masoud Pezeshkian", PER, 1, "arabic_press"),
    ("عباس عراقچی", "Abbas Araghchi", PER, 1, "arabic_press"),
    ("عمران خان", "Imran Khan", PER, 1, "arabic_press"),
    ("نواز شریف", "Nawaz Sharif", PER, 1, "arabic_press"),
    ("شہباز شریف", "Shehbaz Sharif", PER, 1, "arabic_press"),
    ("بینظیر بھٹو", "Benazir Bhutto", PER, 1, "arabic_press"),
    ("آصف علی زرداری", "Asif Ali Zardari", PER, 1, "arabic_press"),
    ("حافظ محمد سعید", "Hafiz Muhammad Saeed", PER, 1, "arabic_press"),
    ("مسعود اظہر", "Masood Azhar", PER, 1, "arabic_press"),
    ("حامد کرزی", "Hamid Karzai", PER, 1, "arabic_press"),
    ("اشرف غني", "Ashraf Ghani", PER, 1, "arabic_press"),
    ("هبت الله اخوندزاده", "Haibatullah Akhundzada", PER, 1, "arabic_press"),
    ("نواز شریف", "Shehbaz Sharif", PER, 0, "arabic_press"),
    ("حافظ الأسد", "Bashar al-Assad", PER, 0, "arabic_press"),
    ("بشار الأسد", "Asma al-Assad", PER, 0, "arabic_press"),
    ("علی خامنه‌ای", "Mojtaba Khamenei", PER, 0, "arabic_press"),
    ("حامد کرزی", "Hamid Gul", PER, 0, "arabic_press"),
    ("محمود عباس", "Mahmoud Ahmadinejad", PER, 0, "arabic_press"),
    ("حسن روحانی", "Hassan Nasrallah", PER, 0, "arabic_press"),
    ("محمد بن سلمان", "Mohammed bin Zayed", PER, 0, "arabic_press"),
    ("عمران خان", "Imran Farooq", PER, 0, "arabic_press"),
    ("حزب الله", "Hizballah", ORG, 1, "arabic_press"),
    ("حماس", "Hamas", ORG, 1, "arabic_press"),
    ("القاعدة", "Al-Qaida", ORG, 1, "arabic_press"),
    ("حركة الشباب المجاهدين", "Harakat al-Shabaab al-Mujahideen", ORG, 1, "arabic_press"),
    ("جبهة النصرة", "Jabhat al-Nusrah", ORG, 1, "arabic_press"),
    ("القاعدة", "Al-Qaida in the Arabian Peninsula", ORG, 0, "arabic_press"),
    ("حزب الله", "Hizb ut-Tahrir", ORG, 0, "arabic_press"),
    # --- Hangul: persons, organisations, vessels
    ("김정은", "Kim Jong Un", PER, 1, "hangul"),
    ("김정일", "Kim Jong Il", PER, 1, "hangul"),
    ("김일성", "Kim Il Sung", PER, 1, "hangul"),
    ("김여정", "Kim Yo Jong", PER, 1, "hangul"),
    ("최룡해", "Choe Ryong Hae", PER, 1, "hangul"),
    ("리병철", "Ri Pyong Chol", PER, 1, "hangul"),
    ("박봉주", "Pak Pong Ju", PER, 1, "hangul"),
    ("김영남", "Kim Yong Nam", PER, 1, "hangul"),
    ("리용호", "Ri Yong Ho", PER, 1, "hangul"),
    ("최선희", "Choe Son Hui", PER, 1, "hangul"),
    ("현송월", "Hyon Song Wol", PER, 1, "hangul"),
    ("장성택", "Jang Song Thaek", PER, 1, "hangul"),
    ("문재인", "Moon Jae-in", PER, 1, "hangul"),
    ("윤석열", "Yoon Suk-yeol", PER, 1, "hangul"),
    ("이재명", "Lee Jae-myung", PER, 1, "hangul"),
    ("박근혜", "Park Geun-hye", PER, 1, "hangul"),
    ("노무현", "Roh Moo-hyun", PER, 1, "hangul"),
    ("반기문", "Ban Ki-moon", PER, 1, "hangul"),
    ("김석철", "KIM SOK CHOL", PER, 1, "hangul"),
    ("최춘식", "CHOE CHUN-SIK", PER, 1, "hangul"),
    ("백세봉", "PAEK SE BONG", PER, 1, "hangul"),
    ("조용원", "JO YONG-WON", PER, 1, "hangul"),
    ("김정은", "Kim Jong Il", PER, 0, "hangul"),
    ("김정일", "Kim Jong Un", PER, 0, "hangul"),
    ("최룡해", "Choe Son Hui", PER, 0, "hangul"),
    ("박근혜", "Park Chung-hee", PER, 0, "hangul"),
    ("김영삼", "Kim Dae-jung", PER, 0, "hangul"),
    ("김석철", "KIM SONG CHOL", PER, 0, "hangul"),
    ("리병철", "MIN BYONG CHOL", PER, 0, "hangul"),
    ("삼성", "Samsung", ORG, 1, "hangul"),
    ("현대", "Hyundai", ORG, 1, "hangul"),
    ("대우", "Daewoo", ORG, 1, "hangul"),
    ("천마산", "CHON MA SAN", ORG, 1, "hangul"),
    ("지성 6", "JI SONG 6", ORG, 1, "hangul"),
    ("백마", "PAEK MA", ORG, 1, "hangul"),
    ("삼정 2", "SAM JONG 2", ORG, 1, "hangul"),
    ("금운산 3", "KUM UN SAN 3", ORG, 1, "hangul"),
    ("지성 6", "JI SONG 8", ORG, 0, "hangul"),
    ("삼정 2", "SAM JONG 1", ORG, 0, "hangul"),
    ("금운산 3", "KUM UN SAN", ORG, 0, "hangul"),
    # --- Han characters: Chinese (simplified and traditional) and Japanese names
    ("习近平", "Xi Jinping", PER, 1, "han_chinese"),
    ("李强", "Li Qiang", PER, 1, "han_chinese"),
    ("胡锦涛", "Hu Jintao", PER, 1, "han_chinese"),
    ("江泽民", "Jiang Zemin", PER, 1, "han_chinese"),
    ("毛泽东", "Mao Zedong", PER, 1, "han_chinese"),
    ("邓小平", "Deng Xiaoping", PER, 1, "han_chinese"),
    ("王毅", "Wang Yi", PER, 1, "han_chinese"),
    ("周恩来", "Zhou Enlai", PER, 1, "han_chinese"),
    ("李克强", "Li Keqiang", PER, 1, "han_chinese"),
    ("温家宝", "Wen Jiabao", PER, 1, "han_chinese"),
    ("王沪宁", "Wang Huning", PER, 1, "han_chinese"),
    ("蔡奇", "Cai Qi", PER, 1, "han_chinese"),
    ("韩正", "Han Zheng", PER, 1, "han_chinese"),
    ("蔡英文", "Tsai Ing-wen", PER, 1, "han_chinese"),
    ("馬英九", "Ma Ying-jeou", PER, 1, "han_chinese"),
    ("李强", "Li Keqiang", PER, 0, "han_chinese"),
    ("习近平", "Xi Zhongxun", PER, 0, "han_chinese"),
    ("王毅", "Wang Yang", PER, 0, "han_chinese"),
    ("胡锦涛", "Hu Chunhua", PER, 0, "han_chinese"),
    ("毛泽东", "Mao Anying", PER, 0, "han_chinese"),
    ("华为", "Huawei", ORG, 1, "han_chinese"),
    ("万恒11", "WAN HENG 11", ORG, 1, "han_chinese"),
    ("华为", "Huaxin", ORG, 0, "han_chinese"),
    ("安倍晋三", "Shinzo Abe", PER, 1, "han_japanese"),
    ("岸田文雄", "Fumio Kishida", PER, 1, "han_japanese"),
    ("菅義偉", "Yoshihide Suga", PER, 1, "han_japanese"),
    ("石破茂", "Shigeru Ishiba", PER, 1, "han_japanese"),
    ("高市早苗", "Sanae Takaichi", PER, 1, "han_japanese"),
    ("小泉純一郎", "Junichiro Koizumi", PER, 1, "han_japanese"),
    ("麻生太郎", "Taro Aso", PER, 1, "han_japanese"),
    ("河野太郎", "Taro Kono", PER, 1, "han_japanese"),
    ("麻生太郎", "Taro Kono", PER, 0, "han_japanese"),
    ("安倍昭恵", "Shinzo Abe", PER, 0, "han_japanese"),
    ("小泉進次郎", "Junichiro Koizumi", PER, 0, "han_japanese"),
    ("トヨタ", "Toyota", ORG, 1, "han_japanese"),
    ("ソニー", "Sony", ORG, 1, "han_japanese"),
    ("三菱", "Mitsubishi", ORG, 1, "han_japanese"),
    # --- Greek
    ("Κυριάκος Μητσοτάκης", "Kyriakos Mitsotakis", PER, 1, "greek"),
    ("Αλέξης Τσίπρας", "Alexis Tsipras", PER, 1, "greek"),
    ("Γιάνης Βαρουφάκης", "Yanis Varoufakis", PER, 1, "greek"),
    ("Ανδρέας Παπανδρέου", "Andreas Papandreou", PER, 1, "greek"),
    ("Γιώργος Παπανδρέου", "Georgios Papandreou", PER, 1, "greek"),
    ("Αντώνης Σαμαράς", "Antonis Samaras", PER, 1, "greek"),
    ("Νίκος Χριστοδουλίδης", "Nikos Christodoulides", PER, 1, "greek"),
    ("Νίκος Αναστασιάδης", "Nicos Anastasiades", PER, 1, "greek"),
    ("Κατερίνα Σακελλαροπούλου", "Katerina Sakellaropoulou", PER, 1, "greek"),
    ("Σταύρος Νιάρχος", "Stavros Niarchos", PER, 1, "greek"),
    ("Αριστοτέλης Ωνάσης", "Aristotelis Onassis", PER, 1, "greek"),
    ("Ανδρέας Παπανδρέου", "Georgios Papandreou", PER, 0, "greek"),
    ("Κυριάκος Μητσοτάκης", "Konstantinos Mitsotakis", PER, 0, "greek"),
    ("Αλέξης Τσίπρας", "Alexis Charitsis", PER, 0, "greek"),
    ("Νίκος Χριστοδουλίδης", "Nikos Anastasiades", PER, 0, "greek"),
    ("Κοσμοτέ", "Cosmote", ORG, 1, "greek"),
    ("Μυτιληναίος", "Mytilineos", ORG, 1, "greek"),
    ("Άκτωρ", "Aktor", ORG, 1, "greek"),
    ("Ολυμπιακός", "Olympiakos", ORG, 1, "greek"),
    ("Παναθηναϊκός", "Olympiakos", ORG, 0, "greek"),
    # --- Hebrew
    ("בנימין נתניהו", "Benjamin Netanyahu", PER, 1, "hebrew"),
    ("יצחק רבין", "Yitzhak Rabin", PER, 1, "hebrew"),
    ("שמעון פרס", "Shimon Peres", PER, 1, "hebrew"),
    ("אריאל שרון", "Ariel Sharon", PER, 1, "hebrew"),
    ("גולדה מאיר", "Golda Meir", PER, 1, "hebrew"),
    ("יאיר לפיד", "Yair Lapid", PER, 1, "hebrew"),
    ("נפתלי בנט", "Naftali Bennett", PER, 1, "hebrew"),
    ("בני גנץ", "Benny Gantz", PER, 1, "hebrew"),
    ("יצחק הרצוג", "Isaac Herzog", PER, 1, "hebrew"),
    ("יואב גלנט", "Yoav Gallant", PER, 1, "hebrew"),
    ("אהוד ברק", "Ehud Barak", PER, 1, "hebrew"),
    ("אהוד אולמרט", "Ehud Olmert", PER, 1, "hebrew"),
    ("יצחק רבין", "Isaac Herzog", PER, 0, "hebrew"),
    ("אהוד ברק", "Ehud Olmert", PER, 0, "hebrew"),
    ("בנימין נתניהו", "Yonatan Netanyahu", PER, 0, "hebrew"),
    ("יאיר לפיד", "Yair Netanyahu", PER, 0, "hebrew"),
    ("חמאס", "Hamas", ORG, 1, "hebrew"),
    ("חיזבאללה", "Hizballah", ORG, 1, "hebrew"),
    ("טבע", "Teva", ORG, 1, "hebrew"),
    ("אלביט", "Elbit", ORG, 1, "hebrew"),
    # --- Georgian and Armenian
    ("მიხეილ სააკაშვილი", "Mikheil Saakashvili", PER, 1, "caucasus"),
    ("ბიძინა ივანიშვილი", "Bidzina Ivanishvili", PER, 1, "caucasus"),
    ("ირაკლი კობახიძე", "Irakli Kobakhidze", PER, 1, "caucasus"),
    ("ედუარდ შევარდნაძე", "Eduard Shevardnadze", PER, 1, "caucasus"),
    ("ირაკლი ღარიბაშვილი", "Irakli Garibashvili", PER, 1, "caucasus"),
    ("ირაკლი კობახიძე", "Irakli Garibashvili", PER, 0, "caucasus"),
    ("მიხეილ სააკაშვილი", "Mikheil Kavelashvili", PER, 0, "caucasus"),
    ("Նիկոլ Փաշինյան", "Nikol Pashinyan", PER, 1, "caucasus"),
    ("Սերժ Սարգսյան", "Serzh Sargsyan", PER, 1, "caucasus"),
    ("Ռոբերտ Քոչարյան", "Robert Kocharyan", PER, 1, "caucasus"),
    ("Արարատ Միրզոյան", "Ararat Mirzoyan", PER, 1, "caucasus"),
    ("Սերժ Սարգսյան", "Armen Sarkissian", PER, 0, "caucasus"),
    ("Ռոբերտ Քոչարյան", "Robert Sargsyan", PER, 0, "caucasus"),
]


def _script_of(text: str) -> str:
    if any("\u0400" <= c < "\u0530" for c in text):
        return "cyr"
    if any("\u0600" <= c < "\u0780" or "\ufb50" <= c < "\ufeff" for c in text):
        return "arabic"
    if any("\u4e00" <= c < "\ua000" for c in text):
        return "han"
    return ""


def original_names(entry) -> list[tuple[str, str]]:
    """The entry's names written in a non-Latin script, each with the Latin name it renders.

    An alias "Abubakar (original script: Абубакар)" gives (Абубакар, Abubakar); the
    original-script field and a wholly non-Latin alias give the primary name beside them.
    """
    out: list[tuple[str, str]] = []
    for text in [entry.original_script or "", *(n.text for n in entry.names())]:
        latin = entry.primary_name
        head, _, rest = text.partition("(")
        if rest and _script_of(rest) and not _script_of(head):
            latin, text = head.strip() or latin, rest
            text = text.removeprefix("original script:")
        text = text.split(" (original script", 1)[0].split(";", 1)[0].strip(" )")
        if re.search("[A-Za-z]", text):  # a field of several names: left out
            continue
        if text and _script_of(text) and text not in [o for o, _ in out]:
            out.append((text, latin))
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4}


def list_rows(lst) -> list[tuple[str, str, str, int, str]]:
    """Original-script names against their entry (1) and against another entry sharing a word (0)."""
    rng = random.Random(SEED)
    old = set()
    with OLD_PAIRS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            old.add(frozenset((row["left"], row["right"])))
    by_word: dict[tuple[str, str], list] = {}
    for e in lst.entries:
        for w in _words(e.primary_name):
            by_word.setdefault((e.kind, w), []).append(e)
    pos: dict[str, list] = {"cyr": [], "arabic": [], "han": []}
    neg: dict[str, list] = {"cyr": [], "arabic": [], "han": []}
    for e in lst.entries:
        for orig, latin in original_names(e):
            script = _script_of(orig)
            kind = str(e.kind)
            if frozenset((orig, latin)) not in old:
                pos[script].append((orig, latin, kind, 1, f"{script}_list"))
            others = sorted(
                {o.reference_number: o for w in _words(e.primary_name)
                 for o in by_word.get((e.kind, w), []) if o is not e}.values(),
                key=lambda o: o.reference_number,
            )
            if others:
                other = rng.choice(others)
                neg[script].append((orig, other.primary_name, kind, 0, f"{script}_list"))
    rows = []
    # all Cyrillic and Han rows; a seeded sample of the many Arabic ones
    quota = {"cyr": (99, 99), "arabic": (70, 40), "han": (99, 99)}
    for script in ("cyr", "arabic", "han"):
        npos, nneg = quota[script]
        p, n = pos[script], neg[script]
        rows += rng.sample(p, min(npos, len(p))) + rng.sample(n, min(nneg, len(n)))
    return rows


def main() -> None:
    lst = parse_list(LIST)
    rows = HAND + list_rows(lst)
    seen, out = set(), []
    for row in rows:
        key = (row[0], row[1])
        if key not in seen:
            seen.add(key)
            out.append(row)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["left", "right", "kind", "same", "class"])
        w.writerows(out)
    same = sum(r[3] for r in out)
    print(f"wrote {OUT.relative_to(REPO)}: {len(out)} pairs ({same} same, {len(out) - same} not)")


if __name__ == "__main__":
    main()
