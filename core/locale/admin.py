"""Messages of administration (the audit log, a desk's settings), in English and Indonesian."""

EN: dict[str, str] = {
    "CONFIGURATION_REFUSED": "This change would break the desk's configuration: {detail}",
    "UNKNOWN_STATUS": "The desk's workflow has no status '{status}'",
    "LABEL_REQUIRED": "A label needs a text in at least one language",
    "LANGUAGE_INVALID": "'{language}' is not a language code (e.g. id, en)",
}

ID: dict[str, str] = {
    "CONFIGURATION_REFUSED": "Perubahan ini akan merusak konfigurasi desk: {detail}",
    "UNKNOWN_STATUS": "Alur kerja desk tidak memiliki status '{status}'",
    "LABEL_REQUIRED": "Label memerlukan teks dalam setidaknya satu bahasa",
    "LANGUAGE_INVALID": "'{language}' bukan kode bahasa (mis. id, en)",
}
