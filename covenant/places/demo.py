"""Demo places: three local authorities with wards, LSOAs (with deprivation) and postcodes."""

from .models import LSOA, LocalAuthority, Postcode, Ward

# (ONS code, name, centre latitude, centre longitude, outward codes). Codes and names of the authorities
# are the real ones; wards, LSOAs and postcodes below are invented for the demo, near the real towns.
AUTHORITIES = [
    ("E06000009", "Blackpool", 53.8142, -3.0503, ["FY1", "FY3", "FY4"]),
    ("E08000024", "Sunderland", 54.9061, -1.3811, ["SR1", "SR2", "SR4"]),
    ("E06000052", "Cornwall", 50.2632, -5.0510, ["TR1", "TR2", "TR4"]),
]
WARD_NAMES = {
    "E06000009": ["Claremont", "Talbot", "Bloomfield"],
    "E08000024": ["Millfield", "Hendon", "Pallion"],
    "E06000052": ["Truro Tregolls", "Truro Boscawen", "Kenwyn"],
}
INWARD_UNITS = ["AB", "AD", "BE", "DF", "EG"]


def seed(world) -> None:
    for la_index, (code, name, lat, lng, outwards) in enumerate(AUTHORITIES):
        authority, created = LocalAuthority.objects.get_or_create(code=code, defaults={"name": name})
        world.created["local authorities"] += created
        for ward_index, ward_name in enumerate(WARD_NAMES[code]):
            ward_code = f"E05{9000 + la_index * 10 + ward_index:06d}"
            ward, created = Ward.objects.get_or_create(
                code=ward_code, defaults={"name": ward_name, "local_authority": authority}
            )
            world.created["wards"] += created
            outward = outwards[ward_index]
            for lsoa_index in range(2):
                number = la_index * 100 + ward_index * 10 + lsoa_index
                lsoa_code = f"E01{990000 + number:06d}"
                # Deprivation varies from ward to ward, as it does in these towns.
                decile = 1 + (la_index * 3 + ward_index * 2 + lsoa_index * 4) % 10
                lsoa, created = LSOA.objects.get_or_create(
                    code=lsoa_code,
                    defaults={
                        "name": f"{name} {ward_index + 1}{'AB'[lsoa_index]}",
                        "local_authority": authority,
                        "imd_decile": decile,
                        "imd_rank": decile * 3284 - 1500,
                        "imd_edition": "IoD2019",
                    },
                )
                world.created["LSOAs"] += created
                for unit_index, unit in enumerate(INWARD_UNITS):
                    postcode = f"{outward} {lsoa_index + 1}{unit}"
                    offset = 0.004 * (ward_index - 1) + 0.0015 * lsoa_index + 0.0005 * unit_index
                    _, created = Postcode.objects.get_or_create(
                        postcode=postcode,
                        defaults={
                            "outward_code": outward,
                            "latitude": round(lat + offset, 6),
                            "longitude": round(lng - offset, 6),
                            "lsoa": lsoa,
                            "ward": ward,
                            "local_authority": authority,
                            "country_code": "E92000001",
                        },
                    )
                    world.created["postcodes"] += created
