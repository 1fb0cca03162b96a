"""Demo data for the five relais sociaux, loaded by ``manage.py load_demo`` (see loader.py).

Everything here is written for the demo: the charters are summarised in our own words, the
people are invented, every e-mail address is at example.org, phone numbers and enterprise
numbers are fictitious (but valid, so forms accept them). Organisation names and addresses are
those of plausible public services and associations of each territory.
"""
