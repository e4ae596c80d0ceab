"""`site-builder serve`: the build engine kept between rebuilds, served with live reload."""
