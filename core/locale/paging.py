"""Messages of paging through lists, in English and Indonesian."""

EN: dict[str, str] = {
    "PAGE_ARGUMENTS_CONFLICT": "Page forward with first and after, or backward with last and before, not both",
}

ID: dict[str, str] = {
    "PAGE_ARGUMENTS_CONFLICT": "Gunakan first dan after untuk halaman berikutnya, atau last dan before untuk halaman "
                               "sebelumnya, jangan keduanya",
}
