"""The venue-neutral machinery: signing, clock, limits, errors, codec, validation, transport."""
