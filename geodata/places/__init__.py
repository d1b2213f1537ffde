"""Places: name normalisation, the offline gazetteer and the geoparser that finds places in text."""
