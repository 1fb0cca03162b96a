"""Demo services of the five relais sociaux, loaded at the end of ``manage.py load_demo``.

One module per network (as in ``relais.network.demo``) lists its services, built from the
kinds of ``catalogue.py``; ``loader.py`` upserts them (``Service.source == "demo"`` and a
stable ``source_id``). Everything is written for the demo: descriptions in our own words, no
real person, e-mail addresses at example.org, phone numbers in the networks' demo ranges
(French numbers in the range reserved for fiction, 02 61 91 xx xx). Organisations are those of
``relais.network.demo``; addresses are plausible, municipalities and postcodes are real and
belong to the network's territory.
"""
