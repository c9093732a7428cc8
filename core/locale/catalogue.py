"""Messages of a desk's catalogue as its admins change it (topics, extra fields, pause reasons), in English and
Indonesian."""

EN: dict[str, str] = {
    "TOPIC_RETIRED": "The category '{topic}' is no longer offered: choose another",
    "TOPIC_SLUG_INVALID": "'{value}' cannot be a topic's slug: use lowercase letters, digits, '-' and '_'",
    "TOPIC_EXISTS": "The desk already has a topic '{topic}'",
    "LAST_TOPIC": "'{topic}' is the desk's last topic on offer: add or restore another before retiring it",
    "POSITION_INVALID": "A position counts from 0 ({position} given)",
    "TOPIC_NOT_ADDED": "Only a topic an admin added can be deleted: retire '{topic}' instead",
    "TOPIC_HAS_SUBTOPICS": "The topic '{topic}' has sub-topics: delete or retire them first",
    "TOPIC_IN_USE": "Tickets use the topic '{topic}': retire it instead",
    "FIELD_KEY_INVALID": "'{value}' cannot be a field's key: use lowercase letters, digits and '_', starting "
                         "with a letter",
    "FIELD_EXISTS": "The desk already has a field '{key}'",
    "UNKNOWN_FIELD_KIND": "'{kind}' is not a kind of field: use one of {kinds}",
    "CHOICES_REQUIRED": "A choice field needs its choices: at most {max}, each given once and not empty",
    "CHOICES_NOT_ALLOWED": "A field of kind '{kind}' takes no choices",
    "FIELD_NOT_ADDED": "Only a field an admin added can be removed: '{key}' comes with the desk",
    "FIELD_NOT_ON_TOPIC": "The field '{key}' is not asked on the topic '{topic}'",
    "UNKNOWN_PAUSE_REASON": "The desk has no pause reason '{reason}'",
    "PAUSE_REASON_SLUG_INVALID": "'{value}' cannot be a pause reason's slug: use lowercase letters, digits, '-' "
                                 "and '_'",
    "PAUSE_REASON_EXISTS": "The desk already has a pause reason '{reason}'",
    "PAUSE_REASON_RETIRED": "The pause reason '{reason}' is no longer offered: choose another",
}

ID: dict[str, str] = {
    "TOPIC_RETIRED": "Kategori '{topic}' tidak ditawarkan lagi: pilih yang lain",
    "TOPIC_SLUG_INVALID": "'{value}' tidak dapat menjadi slug topik: gunakan huruf kecil, angka, '-' dan '_'",
    "TOPIC_EXISTS": "Desk sudah memiliki topik '{topic}'",
    "LAST_TOPIC": "'{topic}' adalah topik terakhir yang ditawarkan desk: tambahkan atau pulihkan topik lain "
                  "sebelum menonaktifkannya",
    "POSITION_INVALID": "Posisi dihitung dari 0 ({position} diberikan)",
    "TOPIC_NOT_ADDED": "Hanya topik yang ditambahkan admin yang dapat dihapus: nonaktifkan '{topic}'",
    "TOPIC_HAS_SUBTOPICS": "Topik '{topic}' memiliki subtopik: hapus atau nonaktifkan dahulu",
    "TOPIC_IN_USE": "Topik '{topic}' dipakai tiket: nonaktifkan saja",
    "FIELD_KEY_INVALID": "'{value}' tidak dapat menjadi kunci isian: gunakan huruf kecil, angka dan '_', diawali "
                         "huruf",
    "FIELD_EXISTS": "Desk sudah memiliki isian '{key}'",
    "UNKNOWN_FIELD_KIND": "'{kind}' bukan jenis isian: gunakan salah satu dari {kinds}",
    "CHOICES_REQUIRED": "Isian pilihan memerlukan pilihannya: paling banyak {max}, masing-masing sekali dan "
                        "tidak kosong",
    "CHOICES_NOT_ALLOWED": "Isian berjenis '{kind}' tidak memiliki pilihan",
    "FIELD_NOT_ADDED": "Hanya isian yang ditambahkan admin yang dapat dihapus: '{key}' bawaan desk",
    "FIELD_NOT_ON_TOPIC": "Isian '{key}' tidak diminta pada topik '{topic}'",
    "UNKNOWN_PAUSE_REASON": "Desk tidak memiliki alasan jeda '{reason}'",
    "PAUSE_REASON_SLUG_INVALID": "'{value}' tidak dapat menjadi slug alasan jeda: gunakan huruf kecil, angka, '-' "
                                 "dan '_'",
    "PAUSE_REASON_EXISTS": "Desk sudah memiliki alasan jeda '{reason}'",
    "PAUSE_REASON_RETIRED": "Alasan jeda '{reason}' tidak ditawarkan lagi: pilih yang lain",
}
