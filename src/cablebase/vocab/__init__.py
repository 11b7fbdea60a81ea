"""The closed vocabularies of cables, shared by the parser, the analysis, search and the store:
cable ids, posts and their aliases (`ids`), TAGS codes (`tags`), month names (`months`) and
classification levels (`levels`)."""
