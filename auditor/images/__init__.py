"""Images for the faces check: where a row's image comes from and how it is decoded safely."""
