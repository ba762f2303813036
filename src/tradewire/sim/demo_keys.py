"""The demo user's API keys: fixed whatever the seed, so `tradewire --env sim` works without configuration.

A module of its own so that the command line can name them without importing the simulator.
"""

DEMO_API_KEY = "3F0XFjJJ0AUYaByctoNoRTEQDF4dHmEN8TYiSo75knyjzyJhaWJ25hHDI75YD5Yo"
DEMO_SECRET_KEY = "CzZLcHZm9ZU34cGaJzkbkZ7rn3kf6T30zFoeCePeH3HiTsr23WzjQITuPBHnXwbl"
