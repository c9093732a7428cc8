"""Messages of guide and FAQ articles and of canned responses, in English and Indonesian."""

EN: dict[str, str] = {
    "GUIDE_KEY_INVALID": "'{key}' is not a guide key: lowercase letters, digits and single hyphens",
    "GUIDE_KEY_TAKEN": "This topic already has a guide '{key}'",
    "GUIDE_NOT_FOUND": "There is no guide article {id}",
    "GUIDE_PUBLISHED": "Guide '{key}' is published: unpublish it before deleting it",
    "GUIDE_LIMIT_REACHED": "A desk may hold at most {max} guide articles",
    "GUIDE_KEYWORDS_INVALID": "At most {max} keywords, each at most {length} characters",
    "GUIDE_POSITION_INVALID": "A position is a whole number from 0 to {max}",
    "CANNED_NAME_REQUIRED": "A canned response needs a name",
    "CANNED_NAME_TAKEN": "A canned response named '{name}' already exists here",
    "CANNED_BODY_REQUIRED": "A canned response needs a text",
    "CANNED_RESPONSE_NOT_FOUND": "There is no canned response {id} you may use",
    "TEMPLATE_SYNTAX_ERROR": "The text is not a valid template: {detail}",
    "TEMPLATE_UNKNOWN_PLACEHOLDER": "Unknown placeholder '{placeholder}'",
    "TEMPLATE_NOT_ALLOWED": "A canned response may not use '{construct}'",
}

ID: dict[str, str] = {
    "GUIDE_KEY_INVALID": "'{key}' bukan kunci panduan: huruf kecil, angka, dan tanda hubung tunggal",
    "GUIDE_KEY_TAKEN": "Topik ini sudah memiliki panduan '{key}'",
    "GUIDE_NOT_FOUND": "Artikel panduan {id} tidak ada",
    "GUIDE_PUBLISHED": "Panduan '{key}' sudah diterbitkan: batalkan penerbitannya sebelum menghapus",
    "GUIDE_LIMIT_REACHED": "Sebuah desk dapat memiliki paling banyak {max} artikel panduan",
    "GUIDE_KEYWORDS_INVALID": "Paling banyak {max} kata kunci, masing-masing paling banyak {length} karakter",
    "GUIDE_POSITION_INVALID": "Posisi adalah bilangan bulat dari 0 sampai {max}",
    "CANNED_NAME_REQUIRED": "Jawaban siap pakai memerlukan nama",
    "CANNED_NAME_TAKEN": "Jawaban siap pakai bernama '{name}' sudah ada di sini",
    "CANNED_BODY_REQUIRED": "Jawaban siap pakai memerlukan teks",
    "CANNED_RESPONSE_NOT_FOUND": "Tidak ada jawaban siap pakai {id} yang dapat Anda gunakan",
    "TEMPLATE_SYNTAX_ERROR": "Teks bukan templat yang sah: {detail}",
    "TEMPLATE_UNKNOWN_PLACEHOLDER": "Penanda '{placeholder}' tidak dikenal",
    "TEMPLATE_NOT_ALLOWED": "Jawaban siap pakai tidak boleh memakai '{construct}'",
}
