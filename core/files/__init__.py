"""Files as a web page uses them: signed links, previews of images."""
