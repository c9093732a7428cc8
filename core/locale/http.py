"""Messages of GraphQL over HTTP: subscriptions sent over HTTP, variable values that cannot be coerced, and
persisted queries, in English and Indonesian."""

EN: dict[str, str] = {
    "SUBSCRIPTION_NEEDS_WEBSOCKET": "Subscriptions run over a websocket on /graphql (protocol "
                                    "graphql-transport-ws), not over an HTTP request",
    "INVALID_VARIABLE": "The value of the variable ${name} is not a valid {type}",
    "VARIABLE_REQUIRED": "The variable ${name} needs a value of type {type}",
    "PERSISTED_QUERY_NOT_FOUND": "The server does not know this persisted query yet: send the document with "
                                 "its hash",
    "PERSISTED_QUERY_NOT_SUPPORTED": "This server does not take persisted queries: send the document",
    "PERSISTED_QUERY_NOT_ALLOWED": "This server runs only the documents on its allow-list, and this is not one "
                                   "of them",
    "PERSISTED_QUERY_HASH_MISMATCH": "The persisted query's hash is not the SHA-256 hash of the document sent "
                                     "with it",
    "PERSISTED_QUERY_INVALID": "extensions.persistedQuery must be an object with version 1 and sha256Hash, "
                               "64 hexadecimal digits",
}

ID: dict[str, str] = {
    "SUBSCRIPTION_NEEDS_WEBSOCKET": "Langganan (subscription) berjalan lewat websocket di /graphql (protokol "
                                    "graphql-transport-ws), bukan lewat permintaan HTTP",
    "INVALID_VARIABLE": "Nilai variabel ${name} bukan {type} yang sah",
    "VARIABLE_REQUIRED": "Variabel ${name} harus diberi nilai bertipe {type}",
    "PERSISTED_QUERY_NOT_FOUND": "Server belum mengenal persisted query ini: kirim dokumennya beserta hash-nya",
    "PERSISTED_QUERY_NOT_SUPPORTED": "Server ini tidak menerima persisted query: kirim dokumennya",
    "PERSISTED_QUERY_NOT_ALLOWED": "Server ini hanya menjalankan dokumen yang ada di daftar izinnya, dan dokumen "
                                   "ini tidak termasuk",
    "PERSISTED_QUERY_HASH_MISMATCH": "Hash persisted query bukan hash SHA-256 dari dokumen yang dikirim bersamanya",
    "PERSISTED_QUERY_INVALID": "extensions.persistedQuery harus berupa objek dengan version 1 dan sha256Hash, "
                               "64 digit heksadesimal",
}
