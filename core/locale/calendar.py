"""Messages of a desk's business calendar and SLA targets, in English and Indonesian."""

EN: dict[str, str] = {
    "WEEKDAY_INVALID": "{weekday} is not a weekday: write 1 (Monday) to 7 (Sunday)",
    "TIME_INVALID": "'{value}' is not a time of day: write it as HH:MM, e.g. 08:00",
    "HOURS_INVERTED": "Office hours must open before they close ({opens} to {closes})",
    "HOURS_OVERLAP": "Two intervals of office hours overlap on weekday {weekday}",
    "HOURS_TOO_MANY": "A day has at most {max} intervals of office hours",
    "CALENDAR_WITHOUT_HOURS": "A calendar needs office hours on at least one weekday",
    "TIME_ZONE_UNKNOWN": "'{zone}' is not a time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)",
    "COUNTRY_UNKNOWN": "There is no list of national holidays for '{country}' (write a country code, e.g. ID)",
    "HOLIDAY_NAME_REQUIRED": "A day off needs a name",
    "HOLIDAY_NAME_TOO_LONG": "A day off's name has at most {max} characters",
    "HOLIDAY_KIND_INVALID": "'{kind}' is not a kind of day off (holiday or collective_leave)",
    "NOT_A_DAY_OFF": "{date} is not a day off of this desk",
    "UNKNOWN_PRIORITY": "There is no priority '{priority}' at this desk",
    "SLA_TARGET_EMPTY": "A target needs a first-response time, a resolution time, or both",
    "SLA_TARGET_TWICE": "Two targets are for the same categories and priorities",
    "SLA_TARGETS_TOO_MANY": "A desk has at most {max} SLA targets",
    "SLA_TARGET_TOO_LONG": "'{value}' is longer than a target may be ({max} days)",
    "SLA_TARGET_NEEDS_CALENDAR": "'{value}' counts working time, and the desk has no business calendar yet: "
                                 "set its office hours first, or write the target in hours",
}

ID: dict[str, str] = {
    "WEEKDAY_INVALID": "{weekday} bukan hari: tulis 1 (Senin) sampai 7 (Minggu)",
    "TIME_INVALID": "'{value}' bukan jam: tulis sebagai JJ:MM, mis. 08:00",
    "HOURS_INVERTED": "Jam kerja harus dimulai sebelum berakhir ({opens} sampai {closes})",
    "HOURS_OVERLAP": "Dua rentang jam kerja bertumpang tindih pada hari ke-{weekday}",
    "HOURS_TOO_MANY": "Satu hari memiliki paling banyak {max} rentang jam kerja",
    "CALENDAR_WITHOUT_HOURS": "Kalender memerlukan jam kerja pada setidaknya satu hari",
    "TIME_ZONE_UNKNOWN": "'{zone}' bukan zona waktu (mis. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)",
    "COUNTRY_UNKNOWN": "Tidak ada daftar hari libur nasional untuk '{country}' (tulis kode negara, mis. ID)",
    "HOLIDAY_NAME_REQUIRED": "Hari libur memerlukan nama",
    "HOLIDAY_NAME_TOO_LONG": "Nama hari libur paling banyak {max} karakter",
    "HOLIDAY_KIND_INVALID": "'{kind}' bukan jenis hari libur (holiday atau collective_leave)",
    "NOT_A_DAY_OFF": "{date} bukan hari libur desk ini",
    "UNKNOWN_PRIORITY": "Tidak ada prioritas '{priority}' di desk ini",
    "SLA_TARGET_EMPTY": "Target memerlukan waktu respons pertama, waktu penyelesaian, atau keduanya",
    "SLA_TARGET_TWICE": "Dua target berlaku untuk kategori dan prioritas yang sama",
    "SLA_TARGETS_TOO_MANY": "Satu desk memiliki paling banyak {max} target SLA",
    "SLA_TARGET_TOO_LONG": "'{value}' lebih panjang dari batas target ({max} hari)",
    "SLA_TARGET_NEEDS_CALENDAR": "'{value}' dihitung dalam waktu kerja, dan desk belum memiliki kalender kerja: "
                                 "atur jam kerjanya dulu, atau tulis target dalam jam",
}
