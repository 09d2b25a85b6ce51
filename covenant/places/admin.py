"""Admin views of places data, for checking what the imports loaded."""

from django.contrib import admin

from .models import LSOA, LocalAuthority, Postcode, Ward


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "local_authority"]
    search_fields = ["code", "name"]
    list_select_related = ["local_authority"]
    raw_id_fields = ["local_authority"]


@admin.register(LSOA)
class LSOAAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "local_authority", "imd_decile", "imd_rank", "imd_edition"]
    list_filter = ["imd_decile", "imd_edition"]
    search_fields = ["code", "name"]
    list_select_related = ["local_authority"]
    raw_id_fields = ["local_authority"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "latitude", "longitude", "local_authority_id", "ward_id", "lsoa_id", "terminated_on"]
    search_fields = ["postcode"]
    raw_id_fields = ["lsoa", "ward", "local_authority"]
    # The table holds millions of rows: counting them for every page would be slow.
    show_full_result_count = False
