"""Reading: the site's files as data. `site.read_site` reads them all: settings, seeds
(`seeds`, with the `text` and `html` readers and their `furniture` rules), entities, claim
notes and content pages, each through `yamlfile` for front matter that knows its lines."""
