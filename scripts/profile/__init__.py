"""A library profile as data: schema, loading, page fragments and published files.

- :mod:`.schema`: the JSON Schema of a profile file (``profile/<id>.yml``) and of
  the published ``profile.json``;
- :mod:`.load`: reading a profile file and validating it (errors name the field);
- :mod:`.render`: the pt-BR Markdown fragments the pages include through
  ``{{ profile(...) }}`` and ``{{ profile_table(...) }}``;
- :mod:`.guard`: a page that types a fact the data holds;
- :mod:`.publish`: ``profile.json``, with the verification status of each example;
- :mod:`.llms`: ``llms.txt``, ``llms-full.txt`` and a Markdown version of each page.

Nothing here is specific to PyTorch: a second library is a second data file.
"""
