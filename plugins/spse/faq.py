"""The FAQ page of LPSE Support 2.0 as ``loket demo`` fills it: desk-wide articles drawn from LKPP's user guide and
its service standard for SPSE user support (seeds/lpse-support-user-guide.txt, lkpp-spse-user-support-standard.txt).

They are demo content, not the plugin's definition: a desk's FAQ belongs to its admins, who change it at run
time, so ``loket demo`` writes them through the admins' own service (audited as the demo's doing) rather than
shipping them as plugin data every deployment would carry.
"""

from __future__ import annotations

from loket.core.plugin_types import DemoGuide
from loket.plugins.spse.national import DESK

FAQ = (
    DemoGuide(DESK, "cara-membuat-tiket",
              {"id": "Bagaimana cara membuat tiket?", "en": "How do I file a ticket?"},
              {"id": "Pilih menu Tiket, lalu Buat Tiket. Isi judul (paling banyak 100 karakter), aplikasi dan versinya "
                     "(mis. SPSE v4.3), kode error bila ada, dan kode tender bila ada: data tender dicari otomatis "
                     "di Data Warehouse LKPP; bila tidak ditemukan, isi data tender secara manual (versi build SPSE, "
                     "tahun anggaran, nilai HPS, jenis pengadaan).\n"
                     "Pilih kategori dan sub kategori permasalahan, tulis deskripsi (minimal 15 karakter), unggah file "
                     "pendukung bila perlu, lalu klik Kirim Tiket dan pilih 'Ya' pada konfirmasi.\n"
                     "Nomor tiket terdiri atas 3 huruf sumber tiket, tanggal (yymmdd) dan 4 digit urutan harian, "
                     "mis. TAS2006290001.",
               "en": "Open Ticket, then Create Ticket. Fill in the title (at most 100 characters), the application and "
                     "its version (e.g. SPSE v4.3), an error code if any, and a tender code if any: the tender is "
                     "looked up in LKPP's data warehouse; when it is not found, type the tender data by hand (SPSE "
                     "build, fiscal year, HPS value, procurement category).\n"
                     "Choose the category and sub-category, describe the problem (at least 15 characters), attach "
                     "supporting files if needed, then click Send Ticket and answer 'Yes' to the confirmation.\n"
                     "A ticket number is 3 letters for its source, the date (yymmdd) and a 4-digit daily sequence, "
                     "e.g. TAS2006290001."},
              keywords=("buat tiket", "nomor tiket", "kode tender", "create ticket")),
    DemoGuide(DESK, "file-pendukung",
              {"id": "File apa saja yang dapat diunggah?", "en": "Which files can I attach?"},
              {"id": "Format yang didukung: .txt, .jpg, .jpeg, .png, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .pdf, "
                     ".zip, .rar dan .rhs (huruf besar maupun kecil), paling besar 500 MB per file. Anda dapat "
                     "mengunggah lebih dari satu file, serta mengganti atau menghapus file sebelum tiket dikirim. "
                     "Nama file diubah otomatis menurut pola sistem; nama aslinya tetap ditampilkan.",
               "en": "Supported formats: .txt, .jpg, .jpeg, .png, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .pdf, .zip, "
                     ".rar and .rhs (any letter case), at most 500 MB per file. You may attach several files, and "
                     "replace or remove one before the ticket is sent. Files are renamed by the system's pattern; "
                     "their original name is still shown."},
              keywords=("lampiran", "unggah", "upload", "screenshot", "attachment")),
    DemoGuide(DESK, "prioritas-tiket",
              {"id": "Mengapa saya tidak dapat memilih prioritas?", "en": "Why can I not choose the priority?"},
              {"id": "Prioritas (Emergency, Major, Medium, Minor) dihitung otomatis oleh sistem dari kategori dan sub "
                     "kategori permasalahan serta informasi tender. Bila petugas membetulkan kategori tiket, "
                     "prioritasnya dihitung ulang.",
               "en": "The priority (Emergency, Major, Medium, Minor) is computed by the system from the problem's "
                     "category and sub-category and the tender's data. When a handler corrects the category, the "
                     "priority is computed again."},
              keywords=("prioritas", "emergency", "major", "priority")),
    DemoGuide(DESK, "waktu-layanan",
              {"id": "Berapa lama tiket saya ditangani?", "en": "How long until my ticket is handled?"},
              {"id": "Waktu respon 1x24 jam dan waktu penyelesaian 3x24 jam, dengan syarat dokumen pendukung lengkap. "
                     "Waktu tersebut dikecualikan untuk permasalahan yang memerlukan pengembangan aplikasi lebih "
                     "lanjut, infrastruktur, jaringan internet, atau koordinasi dengan unit lain di dalam maupun di "
                     "luar LKPP.\n"
                     "Bila petugas meminta kelengkapan data dan tidak mendapat jawaban dalam 3x24 jam, tiket ditutup.",
               "en": "A first response within 1x24 hours and a resolution within 3x24 hours, provided the supporting "
                     "documents are complete. Problems that need further development of an application, "
                     "infrastructure, the network, or coordination with other units inside or outside LKPP are "
                     "excluded from these times.\n"
                     "When a handler asks for missing data and gets no answer within 3x24 hours, the ticket is closed."},
              keywords=("sla", "1x24", "3x24", "jam kerja", "service level")),
    DemoGuide(DESK, "konfirmasi-penyelesaian",
              {"id": "Tiket saya sudah diselesaikan, apa yang harus saya lakukan?",
               "en": "My ticket was resolved: what do I do now?"},
              {"id": "Periksa solusi pada detail tiket, lalu pilih Konfirmasi. Jawab 'Ya, sudah selesai' untuk menutup "
                     "tiket dan memberi penilaian 1 sampai 5 bintang, atau 'Belum' dengan alasan agar tiket kembali "
                     "ke petugas yang menanganinya. Pelapor juga dapat menutup tiketnya sendiri kapan saja (force "
                     "close).",
               "en": "Read the solution on the ticket's page, then choose Confirm. Answer 'Yes, solved' to close the "
                     "ticket and rate the service from 1 to 5 stars, or 'Not yet' with a reason to send it back to its "
                     "handler. A reporter may also close their own ticket at any time (force close)."},
              keywords=("konfirmasi", "rating", "tutup tiket", "force close")),
    DemoGuide(DESK, "kanal-layanan",
              {"id": "Ke mana saya dapat menyampaikan permasalahan selain tiket?",
               "en": "Where else can I report a problem?"},
              {"id": "Call center 144 atau 021-29935577, surel helpdesk-lpse@lkpp.go.id, atau konsultasi langsung di "
                     "LKPP. Petugas mencatat permasalahan Anda sebagai tiket dan nomor tiketnya dikirim kepada Anda.",
               "en": "The call center on 144 or 021-29935577, email to helpdesk-lpse@lkpp.go.id, or a consultation in "
                     "person at LKPP. The officer records your problem as a ticket and sends you its number."},
              keywords=("call center", "email", "telepon", "konsultasi")),
)
