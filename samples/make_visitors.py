"""Build ``samples/visitors.xlsx``: a realistic mixed visitor list for a conference.

Run ``python3 samples/make_visitors.py`` (the rows are fixed below, so
the content is the same every time).
Most visitors are ordinary people from many countries; a few are written the way
listed people appear outside the UN list (other spellings, aliases, patronymics
dropped) with their listed date of birth and nationality, and a few share a
common name with a listed person but not the date of birth or nationality, so a
reviewer sees true matches, likely false positives and clear names side by side.
Dates of birth are real Excel dates, or a year as text when only the year is known.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

D = dt.date

# fmt: off
# (full name, date of birth, nationality, organisation, visit date, host)
VISITORS: list[tuple[str, dt.date | str | None, str, str, dt.date, str]] = [
    ("Anna Schmidt", D(1984, 3, 12), "German", "Fraunhofer IWS", D(2024, 10, 7), "R. Keller"),
    ("Carlos Mendes", D(1979, 11, 2), "Brazilian", "Petrobras", D(2024, 10, 7), "R. Keller"),
    ("Priya Raman", D(1991, 6, 23), "Indian", "Tata Consultancy", D(2024, 10, 7), "S. Okafor"),
    ("Olena Kovalenko", D(1988, 1, 30), "Ukrainian", "Naftogaz", D(2024, 10, 7), "S. Okafor"),
    ("Kenji Watanabe", D(1975, 8, 9), "Japanese", "Mitsui & Co.", D(2024, 10, 7), "R. Keller"),
    ("Lionel Dumont", D(1971, 1, 29), "French", "(none given)", D(2024, 10, 7), "M. Laurent"),
    ("Fatima Zahra Benali", D(1993, 4, 17), "Moroccan", "OCP Group", D(2024, 10, 8), "M. Laurent"),
    ("Liam O'Connor", D(1982, 12, 1), "Irish", "Enterprise Ireland", D(2024, 10, 8), "R. Keller"),
    ("Chen Wei", D(1986, 5, 5), "Chinese", "COSCO Shipping", D(2024, 10, 8), "S. Okafor"),
    ("Adem Yilmaz", D(1990, 3, 2), "Turkish", "Koç Holding", D(2024, 10, 8), "S. Okafor"),
    ("Nguyen Thi Lan", D(1990, 9, 14), "Vietnamese", "Vinamilk", D(2024, 10, 8), "M. Laurent"),
    ("Abdul Rahman Makki", D(1954, 12, 10), "Pakistani", "", D(2024, 10, 8), "M. Laurent"),
    ("Ahmed Hassan", D(1977, 2, 21), "Egyptian", "Orascom", D(2024, 10, 8), "R. Keller"),
    ("María García López", D(1985, 7, 19), "Spanish", "Iberdrola", D(2024, 10, 9), "R. Keller"),
    ("John Smith", D(1969, 10, 30), "American", "Caterpillar Inc.", D(2024, 10, 9), "S. Okafor"),
    ("Svetlana Ivanova", D(1981, 3, 3), "Russian", "Rosatom", D(2024, 10, 9), "S. Okafor"),
    ("Sultani Makenga", D(1973, 12, 25), "Congolese (DRC)", "", D(2024, 10, 9), "M. Laurent"),
    ("Kwame Mensah", D(1987, 8, 28), "Ghanaian", "Ghana Cocoa Board", D(2024, 10, 9), "M. Laurent"),
    ("Sofia Rossi", D(1994, 1, 11), "Italian", "Eni", D(2024, 10, 9), "R. Keller"),
    ("Lars Johansson", D(1972, 4, 4), "Swedish", "Ericsson", D(2024, 10, 9), "R. Keller"),
    ("Aisha Abdullahi", D(1989, 6, 6), "Nigerian", "Dangote Group", D(2024, 10, 10), "S. Okafor"),
    ("Park Ji-hoon", D(1983, 2, 14), "South Korean", "Hyundai Glovis", D(2024, 10, 10), "S. Okafor"),
    ("Ri Un Song", D(1969, 7, 22), "DPRK", "Korea Ryonbong", D(2024, 10, 10), "M. Laurent"),
    ("Mehmet Demir", D(1980, 5, 27), "Turkish", "Arçelik", D(2024, 10, 10), "M. Laurent"),
    ("Juan Carlos Pérez", D(1976, 9, 9), "Mexican", "Pemex", D(2024, 10, 10), "R. Keller"),
    ("Zanele Dlamini", D(1992, 11, 20), "South African", "Sasol", D(2024, 10, 10), "R. Keller"),
    ("Tomasz Nowak", D(1978, 3, 15), "Polish", "PKN Orlen", D(2024, 10, 11), "S. Okafor"),
    ("Emily Clarke", D(1995, 12, 8), "British", "BP", D(2024, 10, 11), "S. Okafor"),
    ("Mohammed Ali", D(1980, 1, 1), "British", "HSBC", D(2024, 10, 11), "M. Laurent"),
    ("Rahul Verma", D(1984, 4, 29), "Indian", "Infosys", D(2024, 10, 11), "M. Laurent"),
    ("Jalaluddin Haqani", "1942", "Afghan", "", D(2024, 10, 11), "R. Keller"),
    ("Noura Al-Sabah", D(1990, 2, 2), "Kuwaiti", "Kuwait Petroleum", D(2024, 10, 11), "R. Keller"),
    ("Jean-Pierre Dubois", D(1967, 6, 18), "French", "TotalEnergies", D(2024, 10, 14), "S. Okafor"),
    ("Hiroshi Tanaka", D(1970, 10, 10), "Japanese", "Toyota Tsusho", D(2024, 10, 14), "S. Okafor"),
    ("Hassan Omar", D(1985, 5, 1), "Kenyan", "Safaricom", D(2024, 10, 14), "M. Laurent"),
    ("Ana Souza", D(1997, 7, 7), "Brazilian", "Vale", D(2024, 10, 14), "M. Laurent"),
    ("Dmitri Volkov", D(1974, 8, 16), "Russian", "Sovcomflot", D(2024, 10, 14), "R. Keller"),
    ("Yusuf Ibrahim", D(1983, 9, 3), "Somali", "Hormuud Telecom", D(2024, 10, 14), "R. Keller"),
    ("Abubakar Shekau", "1969", "Nigerian", "", D(2024, 10, 15), "S. Okafor"),
    ("Grace Wanjiru", D(1991, 3, 25), "Kenyan", "Equity Bank", D(2024, 10, 15), "S. Okafor"),
]
# fmt: on

HEADERS = (
    "Visitor ID",
    "Full name",
    "Date of birth",
    "Nationality",
    "Organisation",
    "Visit date",
    "Host",
)


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Visitors"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, (name, dob, nationality, org, visit, host) in enumerate(VISITORS, start=1):
        ws.append([f"V-{number:04d}", name, dob, nationality, org, visit, host])
        for col in (3, 6):
            cell = ws.cell(row=number + 1, column=col)
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFG", (11, 24, 14, 18, 22, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "samples/make_visitors.py"
    wb.properties.created = dt.datetime(2024, 10, 1)
    wb.properties.modified = dt.datetime(2024, 10, 1)
    wb.save(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("visitors.xlsx")
    print(build(out))
