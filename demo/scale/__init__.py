"""The national dataset for measuring (`manage.py seed_scale`): bulk rows shaped as the services write them."""
