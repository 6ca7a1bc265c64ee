"""Demo content for `manage.py seed_demo`: the five socialtilsyn, pilot target groups, suppliers and users."""
