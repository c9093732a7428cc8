"""Messages of sessions (a refreshed token presented again), in English and Indonesian."""

EN: dict[str, str] = {
    "TOKEN_REUSED": "This access token was replaced by a refresh and used again: the session is signed out for "
                    "safety; sign in again",
}

ID: dict[str, str] = {
    "TOKEN_REUSED": "Token akses ini sudah diganti saat sesi diperpanjang lalu dipakai lagi: demi keamanan sesi "
                    "ini dikeluarkan; silakan masuk kembali",
}
