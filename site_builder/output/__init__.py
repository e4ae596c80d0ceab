"""Output: writing the site (staged, per file, or not at all), the search index made from the
written pages, and checking every link of a written site."""
