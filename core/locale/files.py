"""Messages of files served to the web (previews of images), in English and Indonesian."""

EN: dict[str, str] = {
    "THUMBNAIL_NOT_AVAILABLE": "No preview can be made of '{name}'; download the file instead",
    "THUMBNAIL_SIZE_NOT_ALLOWED": "A preview's size is a number of pixels from 1 to {max}",
}

ID: dict[str, str] = {
    "THUMBNAIL_NOT_AVAILABLE": "Pratinjau '{name}' tidak dapat dibuat; unduh berkasnya saja",
    "THUMBNAIL_SIZE_NOT_ALLOWED": "Ukuran pratinjau adalah jumlah piksel dari 1 sampai {max}",
}
