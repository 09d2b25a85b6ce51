"""Assets of Community Value: nominations, the register, and the moratorium when an owner sells."""
