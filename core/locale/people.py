"""Messages of people's administration and of one's own profile, in English and Indonesian."""

EN: dict[str, str] = {
    "TEAM_NOT_OF_DESK": "The desk '{desk}' has no team '{team}'",
    "DESK_REQUIRED": "Name the desk of the team",
    "DUTY_REQUIRED": "Give the person at least one duty at a desk you administer",
    "LAST_SUPERUSER": "This is the last active superuser: make someone else a superuser first",
    "CANNOT_DEACTIVATE_SELF": "You cannot deactivate your own account",
    "ACCOUNT_INACTIVE": "This account is deactivated: reactivate it first",
    "OLD_PASSWORD_WRONG": "Your current password is not this one",
    "LANGUAGE_UNSUPPORTED": "'{language}' is not a language Loket speaks ({supported})",
}

ID: dict[str, str] = {
    "TEAM_NOT_OF_DESK": "Desk '{desk}' tidak memiliki tim '{team}'",
    "DESK_REQUIRED": "Sebutkan desk dari tim tersebut",
    "DUTY_REQUIRED": "Berikan setidaknya satu tugas di desk yang Anda kelola",
    "LAST_SUPERUSER": "Ini superuser aktif terakhir: jadikan orang lain superuser terlebih dahulu",
    "CANNOT_DEACTIVATE_SELF": "Anda tidak dapat menonaktifkan akun Anda sendiri",
    "ACCOUNT_INACTIVE": "Akun ini nonaktif: aktifkan kembali terlebih dahulu",
    "OLD_PASSWORD_WRONG": "Kata sandi Anda saat ini bukan ini",
    "LANGUAGE_UNSUPPORTED": "'{language}' bukan bahasa yang didukung Loket ({supported})",
}
