"""Small CSV files in the published layouts (ONSPD, IoD File 7, ONS lookups), written by the tests."""

import csv
import io

ONSPD_HEADER = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,"
    "oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,npark,lsoa01,"
    "msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua22,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,"
    "calncv,icb,oa21,lsoa21,msoa21"
).split(",")

IOD2019_HEADER = [
    "LSOA code (2011)",
    "LSOA name (2011)",
    "Local Authority District code (2019)",
    "Local Authority District name (2019)",
    "Index of Multiple Deprivation (IMD) Score",
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    "Income Score (rate)",
    "Income Rank (where 1 is most deprived)",
]
IOD2025_HEADER = [name.replace("(2011)", "(2021)").replace("(2019)", "(2024)") for name in IOD2019_HEADER]


def onspd_row(postcode: str, **values) -> dict:
    """A directory row for `postcode` ("SW1A 1AA"), with plausible defaults for every column."""
    compact = postcode.replace(" ", "")
    row = {name: "" for name in ONSPD_HEADER}
    row.update({
        "pcd": f"{compact[:-3]:<4}{compact[-3:]}",
        "pcd2": f"{compact[:-3]:<5}{compact[-3:]}",
        "pcds": postcode,
        "dointr": "198001",
        "oscty": "E99999999",
        "oslaua": "E06000001",
        "osward": "E05000001",
        "usertype": "0",
        "oseast1m": "529090",
        "osnrth1m": "179645",
        "osgrdind": "1",
        "ctry": "E92000001",
        "rgn": "E12000007",
        "lsoa11": "E01000001",
        "lsoa21": "E01000001",
        "lat": "51.501009",
        "long": "-0.141588",
        "imd": "10000",
    })
    row.update(values)
    return row


def to_csv(header: list[str], rows: list[dict | list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return out.getvalue().encode("utf-8")


def onspd_csv(rows: list[dict], header: list[str] | None = None) -> bytes:
    return to_csv(header or ONSPD_HEADER, rows)


def iod_row(code: str, *, name: str = "Hartlepool 001A", la_code: str = "E06000001",
            la_name: str = "Hartlepool", rank: str = "1234", decile: str = "1") -> list[str]:
    return [code, name, la_code, la_name, "45.1", rank, decile, "0.2", "999"]


def iod_csv(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    return to_csv(header or IOD2019_HEADER, rows)
