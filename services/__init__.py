"""Community power over public services: co-design, community rights and commissioning."""
